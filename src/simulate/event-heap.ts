/**
 * The future event list: a binary min-heap of slots ordered by (time, insertion order), with
 * the events' fields kept in typed arrays indexed by slot. Nothing is allocated per event once
 * the arrays have grown to the simulation's size, and equal times pop in the order they were
 * pushed, which keeps runs reproducible.
 */
export class EventHeap {
  private heap = new Int32Array(1024);
  private size = 0;
  private time = new Float64Array(1024);
  private order = new Float64Array(1024);
  private kindOf = new Int32Array(1024);
  private dataOf = new Int32Array(1024);
  private auxOf = new Int32Array(1024);
  private genOf = new Int32Array(1024);
  private free: number[] = [];
  private slots = 0;
  private pushed = 0;

  get length(): number {
    return this.size;
  }

  push(time: number, kind: number, data: number, aux: number, gen: number): void {
    const slot = this.free.length > 0 ? this.free.pop()! : this.newSlot();
    this.time[slot] = time;
    this.order[slot] = this.pushed++;
    this.kindOf[slot] = kind;
    this.dataOf[slot] = data;
    this.auxOf[slot] = aux;
    this.genOf[slot] = gen;
    if (this.size === this.heap.length) this.heap = grow(this.heap);
    let i = this.size++;
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(slot, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Removes the earliest event; read it with the getters below until the next pop. */
  pop(): number {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.size]!;
    let i = 0;
    const n = this.size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    this.free.push(top);
    return top;
  }

  timeOf(slot: number): number {
    return this.time[slot]!;
  }
  kind(slot: number): number {
    return this.kindOf[slot]!;
  }
  data(slot: number): number {
    return this.dataOf[slot]!;
  }
  aux(slot: number): number {
    return this.auxOf[slot]!;
  }
  gen(slot: number): number {
    return this.genOf[slot]!;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    return ta < tb || (ta === tb && this.order[a]! < this.order[b]!);
  }

  private newSlot(): number {
    if (this.slots === this.time.length) {
      this.time = grow(this.time);
      this.order = grow(this.order);
      this.kindOf = grow(this.kindOf);
      this.dataOf = grow(this.dataOf);
      this.auxOf = grow(this.auxOf);
      this.genOf = grow(this.genOf);
    }
    return this.slots++;
  }
}

/** A typed array twice as long with the same contents. */
export function grow<T extends Int32Array | Float64Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
