/**
 * Time, injected. The system clock uses real timers; the virtual clock moves only when a test
 * advances it, firing whatever falls due, so a year of timers runs in milliseconds.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once `at` has been reached; returns a function that cancels the call. */
  at(at: number, fn: () => void): () => void;
}

const maxDelay = 2 ** 31 - 1; // setTimeout's limit; longer waits re-arm

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let handle: NodeJS.Timeout;
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay <= 0) return fn();
      handle = setTimeout(arm, Math.min(delay, maxDelay));
      handle.unref?.();
    };
    handle = setTimeout(arm, Math.max(0, Math.min(at - Date.now(), maxDelay)));
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

export class VirtualClock implements Clock {
  private current: number;
  private readonly waiting = new Set<{ at: number; fn: () => void }>();

  constructor(start: number | Date = Date.UTC(2030, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): () => void {
    const entry = { at, fn };
    this.waiting.add(entry);
    if (at <= this.current) queueMicrotask(() => this.fire(entry));
    return () => this.waiting.delete(entry);
  }

  /** Moves time forward by `ms`, firing every call that falls due, in time order. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(to: number): void {
    if (to < this.current) throw new Error('a virtual clock does not go backwards');
    this.current = to;
    const due = [...this.waiting].filter((e) => e.at <= to).sort((a, b) => a.at - b.at);
    for (const entry of due) this.fire(entry);
  }

  private fire(entry: { at: number; fn: () => void }): void {
    if (!this.waiting.delete(entry)) return;
    entry.fn();
  }
}
