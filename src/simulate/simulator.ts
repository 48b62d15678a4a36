/**
 * One simulation run: cases arrive, tokens move through the compiled model with the engine's
 * semantics, activities wait for a free member of their pool, and an event heap advances the
 * clock from one completion to the next. State lives in typed arrays indexed by token, scope
 * and case slot (reused once freed), so a run of millions of activities allocates almost
 * nothing per event. Randomness comes only from the seeded generator: the same seed and
 * scenario give the same run.
 */
import { SluiceError } from '../engine/errors.js';
import { evaluateFeel } from '../expr/feel.js';
import { seededRandom } from '../work/assignment/seeded-random.js';
import { isWorkingAt, nextWorkingInstant, addWorkingTime } from '../work/calendar/working-time.js';
import { type ArrivalClock, type DataSource, arrivalClock, dataSource } from './case-source.js';
import { pick } from './distributions.js';
import { EventHeap, grow } from './event-heap.js';
import { RunStats } from './run-stats.js';
import type { CaseStep } from '../work/assignment/assignment-types.js';
import type { Scenario } from './scenario.js';
import { behaviour as B, type SimModel } from './sim-model.js';
import { StaffedPool } from './staffed-pool.js';
import { breached, slaCalendar } from './work-plan.js';

const ARRIVAL = 0;
const DONE = 1;
const BOUNDARY = 2;
const OPEN = 3;
const READY = 4;

/** Lifecycle codes of recorded events (the XES standard transitions). */
export const lifecycles = ['schedule', 'start', 'complete', 'ate_abort'] as const;

export interface RunOptions {
  readonly seed: number;
  /** Keep every activity's lifecycle events, for an event log. */
  readonly record?: boolean;
}

export class Simulator {
  private readonly random: () => number;
  private readonly heap = new EventHeap();
  private readonly arrivals: ArrivalClock;
  private readonly data: DataSource | undefined;
  readonly stats: RunStats;
  private now: number;
  private arrived = 0;
  private readonly cases: number;

  // tokens
  private tokElem = new Int32Array(256);
  private tokScope = new Int32Array(256);
  private tokGen = new Int32Array(256);
  private tokArrived = new Int32Array(256);
  private tokRes = new Int32Array(256);
  private tokNext = new Int32Array(256);
  private tokPrev = new Int32Array(256);
  private tokEnabled = new Float64Array(256);
  private tokStarted = new Float64Array(256);
  private tokWork = new Float64Array(256);
  /** For a token in a subprocess: the scope of the subprocess's own tokens. */
  private tokChild = new Int32Array(256);
  /** 1 for one instance (or run) of a multi-instance activity or loop, inside its body's scope. */
  private tokInner = new Uint8Array(256);
  private tokenTop = 0;
  private readonly freeTokens: number[] = [];
  private readonly agenda: number[] = [];

  // scopes (a case's root scope and each running subprocess)
  private scopeLive = new Int32Array(64);
  private scopeHead = new Int32Array(64);
  private scopeParent = new Int32Array(64);
  private scopeCase = new Int32Array(64);
  /** Sequential repetition: instances still to start in this body's scope. */
  private scopeRemaining = new Int32Array(64);
  private scopeTop = 0;
  private readonly freeScopes: number[] = [];

  // cases
  private caseNo = new Int32Array(64);
  private caseArrival = new Float64Array(64);
  private caseWait = new Float64Array(64);
  private caseCost = new Float64Array(64);
  private caseVars: (Record<string, unknown> | undefined)[] = [];
  private caseLog: number[][] = [];
  /** Who began which activity of the case, for assignment by history and separation of duties. */
  private caseSteps: CaseStep[][] = [];
  private caseTop = 0;
  private readonly freeCases: number[] = [];

  // pools
  private readonly queue: number[][];
  private readonly busy: Int32Array;
  private readonly resBusy: Uint8Array[];
  private readonly resWork: Float64Array[];
  private readonly lastChosen: Int32Array;
  private readonly openPending: Uint8Array;
  /** Pools of named people (undefined: interchangeable people) and when one is next woken. */
  private readonly staffed: (StaffedPool | undefined)[];
  private readonly openAt: Float64Array;

  private readonly joins = new Map<number, number[]>();
  private readonly orParked = new Set<number>();
  private readonly record: boolean;

  constructor(
    private readonly model: SimModel,
    scenario: Scenario,
    options: RunOptions,
  ) {
    this.random = seededRandom(options.seed);
    this.arrivals = arrivalClock(scenario.arrivals);
    this.data = dataSource(scenario.data);
    this.cases = scenario.cases ?? 1000;
    this.record = options.record ?? false;
    this.now = scenario.start !== undefined ? Date.parse(scenario.start) : Date.UTC(2025, 0, 6);
    if (Number.isNaN(this.now))
      throw new SluiceError(
        'invalid',
        'scenario-invalid',
        `start '${scenario.start}' is not an ISO date-time`,
        "write it like '2025-01-06T08:00:00Z'",
      );
    const pools = model.pools;
    this.queue = pools.map(() => []);
    this.busy = new Int32Array(pools.length);
    this.resBusy = pools.map((p) => new Uint8Array(p.size));
    this.resWork = pools.map((p) => new Float64Array(p.size));
    this.lastChosen = new Int32Array(pools.length).fill(-1);
    this.openPending = new Uint8Array(pools.length);
    this.staffed = pools.map((p) => p.staff && new StaffedPool(p.staff, this.random));
    this.openAt = new Float64Array(pools.length).fill(Infinity);
    this.stats = new RunStats(model, scenario.warmUp ?? 0, this.record);
  }

  run(): RunStats {
    this.heap.push(this.arrivals(this.now, this.random), ARRIVAL, 0, 0, 0);
    const heap = this.heap;
    while (heap.length > 0) {
      const slot = heap.pop();
      this.now = heap.timeOf(slot);
      const kind = heap.kind(slot);
      const data = heap.data(slot);
      const aux = heap.aux(slot);
      const gen = heap.gen(slot);
      if (kind === ARRIVAL) this.arrive();
      else if (kind === DONE) {
        if (this.tokGen[data] === gen) this.done(data);
      } else if (kind === BOUNDARY) {
        if (this.tokGen[data] === gen) this.boundaryFired(data, aux);
      } else if (kind === READY) {
        if (this.tokGen[data] === gen) this.ready(data, this.tokElem[data]!);
      } else {
        this.openPending[data] = 0;
        if (this.now >= this.openAt[data]!) this.openAt[data] = Infinity;
        this.dispatch(data);
      }
      this.drain();
    }
    this.stats.finish(this.now, this.caseTop - this.freeCases.length);
    return this.stats;
  }

  // ---- cases and scopes ----------------------------------------------------------------------

  private arrive(): void {
    const no = this.arrived++;
    if (this.arrived < this.cases) this.heap.push(this.arrivals(this.now, this.random), ARRIVAL, 0, 0, 0);
    const c = this.freeCases.length > 0 ? this.freeCases.pop()! : this.newCase();
    this.caseNo[c] = no;
    this.caseArrival[c] = this.now;
    this.caseWait[c] = 0;
    this.caseCost[c] = 0;
    this.caseVars[c] = this.data?.(this.random);
    if (this.record) this.caseLog[c] = [];
    if (this.staffed.some((p) => p !== undefined)) this.caseSteps[c] = [];
    this.stats.arrived(no, this.now);
    const scope = this.openScope(c, -1);
    this.spawn(this.model.start, scope, -1);
  }

  private newCase(): number {
    if (this.caseTop === this.caseNo.length) {
      this.caseNo = grow(this.caseNo);
      this.caseArrival = grow(this.caseArrival);
      this.caseWait = grow(this.caseWait);
      this.caseCost = grow(this.caseCost);
    }
    return this.caseTop++;
  }

  private openScope(c: number, parentToken: number): number {
    let s: number;
    if (this.freeScopes.length > 0) s = this.freeScopes.pop()!;
    else {
      if (this.scopeTop === this.scopeLive.length) {
        this.scopeLive = grow(this.scopeLive);
        this.scopeHead = grow(this.scopeHead);
        this.scopeParent = grow(this.scopeParent);
        this.scopeCase = grow(this.scopeCase);
        this.scopeRemaining = grow(this.scopeRemaining);
      }
      s = this.scopeTop++;
    }
    this.scopeLive[s] = 0;
    this.scopeHead[s] = -1;
    this.scopeParent[s] = parentToken;
    this.scopeCase[s] = c;
    this.scopeRemaining[s] = 0;
    return s;
  }

  /** The scope has no token left: its subprocess completes, or its case ends. */
  private scopeDone(s: number): void {
    const parent = this.scopeParent[s]!;
    const c = this.scopeCase[s]!;
    this.freeScopes.push(s);
    if (parent >= 0) {
      this.tokChild[parent] = -1;
      return this.activityDone(parent);
    }
    this.stats.caseEnded(
      this.caseNo[c]!,
      this.caseArrival[c]!,
      this.now,
      this.caseWait[c]!,
      this.caseCost[c]!,
    );
    if (this.record) this.stats.keepCase(this.caseNo[c]!, this.caseLog[c]!);
    this.caseVars[c] = undefined;
    this.freeCases.push(c);
  }

  // ---- tokens --------------------------------------------------------------------------------

  private spawn(element: number, scope: number, arrivedBy: number): number {
    let t: number;
    if (this.freeTokens.length > 0) t = this.freeTokens.pop()!;
    else {
      if (this.tokenTop === this.tokElem.length) this.growTokens();
      t = this.tokenTop++;
    }
    this.tokElem[t] = element;
    this.tokScope[t] = scope;
    this.tokArrived[t] = arrivedBy;
    this.tokRes[t] = -1;
    this.tokChild[t] = -1;
    this.tokInner[t] = 0;
    const head = this.scopeHead[scope]!;
    this.tokNext[t] = head;
    this.tokPrev[t] = -1;
    if (head >= 0) this.tokPrev[head] = t;
    this.scopeHead[scope] = t;
    this.scopeLive[scope]!++;
    this.agenda.push(t);
    return t;
  }

  private growTokens(): void {
    this.tokElem = grow(this.tokElem);
    this.tokScope = grow(this.tokScope);
    this.tokGen = grow(this.tokGen);
    this.tokArrived = grow(this.tokArrived);
    this.tokRes = grow(this.tokRes);
    this.tokNext = grow(this.tokNext);
    this.tokPrev = grow(this.tokPrev);
    this.tokEnabled = grow(this.tokEnabled);
    this.tokStarted = grow(this.tokStarted);
    this.tokWork = grow(this.tokWork);
    this.tokChild = grow(this.tokChild);
    this.tokInner = grow(this.tokInner);
  }

  /** Removes the token; stale events of it are ignored by their generation. */
  private release(t: number): void {
    const s = this.tokScope[t]!;
    const next = this.tokNext[t]!;
    const prev = this.tokPrev[t]!;
    if (prev >= 0) this.tokNext[prev] = next;
    else this.scopeHead[s] = next;
    if (next >= 0) this.tokPrev[next] = prev;
    this.tokGen[t]!++;
    this.freeTokens.push(t);
    this.scopeLive[s]!--;
  }

  private consume(t: number): void {
    const s = this.tokScope[t]!;
    this.release(t);
    if (this.scopeLive[s] === 0) this.scopeDone(s);
  }

  private move(t: number, from: number, flow: number): void {
    this.tokElem[t] = this.model.targets[from]![flow]!;
    this.tokArrived[t] = this.model.arrivedBy[from]![flow]!;
    this.tokGen[t]!++;
    this.agenda.push(t);
  }

  // ---- routing -------------------------------------------------------------------------------

  private drain(): void {
    for (;;) {
      while (this.agenda.length > 0) this.enter(this.agenda.pop()!);
      if (this.orParked.size === 0 || !this.settleInclusiveJoins()) return;
    }
  }

  private enter(t: number): void {
    const m = this.model;
    const e = this.tokElem[t]!;
    switch (m.kind[e]) {
      case B.pass:
        return this.leave(t, e);
      case B.link:
        if (m.linkTarget[e]! < 0) return this.consume(t);
        this.tokElem[t] = m.linkTarget[e]!;
        return void this.agenda.push(t);
      case B.end:
        return this.consume(t);
      case B.terminate: {
        const s = this.tokScope[t]!;
        this.killScopeTokens(s);
        return this.scopeDone(s);
      }
      case B.errorEnd:
        return this.throwError(t, m.errorCode[e] ?? '');
      case B.activity:
        if (m.repetition[e] && !this.tokInner[t]) return this.repeat(t, e);
        return this.startActivity(t, e);
      case B.exclusive:
        return this.move(t, e, this.chooseOne(t, e));
      case B.parallel:
        if (m.incoming[e]! > 1 && !this.joinParallel(t, e)) return;
        return this.split(t, e, allFlows(m.targets[e]!.length));
      case B.inclusive:
        if (m.orUpstream[e]) return void this.orParked.add(t);
        return this.split(t, e, this.chooseMany(t, e));
      case B.eventGateway:
        return this.race(t, e);
      case B.wait: {
        const d = m.duration[e];
        if (!d) return this.leave(t, e);
        return this.heap.push(this.now + d(this.random), DONE, t, 0, this.tokGen[t]!);
      }
      case B.subProcess:
        if (m.repetition[e] && !this.tokInner[t]) return this.repeat(t, e);
        return this.openSubProcess(t, e);
    }
  }

  /** Every unconditional flow and every flow whose condition holds; the default when none does. */
  private leave(t: number, e: number): void {
    const targets = this.model.targets[e]!;
    if (targets.length === 0) return this.consume(t);
    if (targets.length === 1 && this.model.conditions[e]![0] === undefined) return this.move(t, e, 0);
    return this.split(t, e, this.chooseMany(t, e));
  }

  private split(t: number, e: number, flows: readonly number[]): void {
    if (flows.length === 0) return this.consume(t);
    const m = this.model;
    for (let i = 1; i < flows.length; i++) {
      const f = flows[i]!;
      this.spawn(m.targets[e]![f]!, this.tokScope[t]!, m.arrivedBy[e]![f]!);
    }
    this.move(t, e, flows[0]!);
  }

  private chooseOne(t: number, e: number): number {
    const m = this.model;
    const weights = m.branch[e];
    if (weights) return pick(weights, this.random());
    const conditions = m.conditions[e]!;
    if (conditions.length === 1) return 0;
    for (let f = 0; f < conditions.length; f++) {
      if (f === m.defaultOut[e]) continue;
      const c = conditions[f];
      if (c === undefined || this.holds(t, e, c)) return f;
    }
    if (m.defaultOut[e]! >= 0) return m.defaultOut[e]!;
    throw this.noFlow(t, e);
  }

  private chooseMany(t: number, e: number): number[] {
    const m = this.model;
    const chances = m.branch[e];
    const taken: number[] = [];
    if (chances && m.kind[e] === B.inclusive) {
      let best = 0;
      for (let f = 0; f < chances.length; f++) {
        if (this.random() < chances[f]!) taken.push(f);
        if (chances[f]! > chances[best]!) best = f;
      }
      if (taken.length === 0) taken.push(m.defaultOut[e]! >= 0 ? m.defaultOut[e]! : best);
      return taken;
    }
    if (chances) return [pick(chances, this.random())];
    const conditions = m.conditions[e]!;
    let held = false;
    for (let f = 0; f < conditions.length; f++) {
      if (f === m.defaultOut[e]) continue;
      const c = conditions[f];
      if (c === undefined) taken.push(f);
      else if (this.holds(t, e, c)) {
        taken.push(f);
        held = true;
      }
    }
    if (!held && m.defaultOut[e]! >= 0) taken.push(m.defaultOut[e]!);
    if (taken.length === 0) throw this.noFlow(t, e);
    return taken;
  }

  private holds(t: number, e: number, condition: string): boolean {
    const vars = this.caseVars[this.scopeCase[this.tokScope[t]!]!] ?? {};
    try {
      return evaluateFeel(condition, vars).value === true;
    } catch (error) {
      throw new SluiceError(
        'invalid',
        'condition-failed',
        `the condition '${condition}' after '${this.model.ids[e]}' failed on the generated case data: ${(error as Error).message}`,
        'generate the variables it reads under "data", or give branch weights under "branches"',
      );
    }
  }

  private noFlow(t: number, e: number): SluiceError {
    const vars = JSON.stringify(this.caseVars[this.scopeCase[this.tokScope[t]!]!] ?? {});
    return new SluiceError(
      'invalid',
      'no-flow-taken',
      `no outgoing flow of '${this.model.ids[e]}' can be taken for case data ${vars}: no condition is true and there is no default flow`,
      `give the gateway's flows weights under "branches", or generate data under "data" that meets a condition`,
    );
  }

  /** A parallel join: the token waits until one has arrived per incoming flow. */
  private joinParallel(t: number, e: number): boolean {
    const key = this.tokScope[t]! * this.model.ids.length + e;
    let parked = this.joins.get(key);
    if (!parked) this.joins.set(key, (parked = []));
    if (parked.length + 1 < this.model.incoming[e]!) {
      parked.push(t);
      return false;
    }
    for (const p of parked) this.release(p);
    this.joins.delete(key);
    return true;
  }

  /** Fires every OR-join that no token can still reach by a missing flow (as the engine does). */
  private settleInclusiveJoins(): boolean {
    const m = this.model;
    for (const t of this.orParked) {
      const e = this.tokElem[t]!;
      const s = this.tokScope[t]!;
      const upstream = m.orUpstream[e]!;
      const arrived = new Uint8Array(upstream.length);
      const here: number[] = [];
      for (let u = this.scopeHead[s]!; u >= 0; u = this.tokNext[u]!)
        if (this.tokElem[u] === e && this.orParked.has(u)) {
          here.push(u);
          if (this.tokArrived[u]! >= 0) arrived[this.tokArrived[u]!] = 1;
        }
      let blocked = false;
      for (let u = this.scopeHead[s]!; u >= 0 && !blocked; u = this.tokNext[u]!) {
        if (this.tokElem[u] === e) continue;
        for (let f = 0; f < upstream.length; f++)
          if (!arrived[f] && upstream[f]![this.tokElem[u]!]) {
            blocked = true;
            break;
          }
      }
      if (blocked) continue;
      for (const u of here) this.orParked.delete(u);
      for (let i = 1; i < here.length; i++) this.release(here[i]!);
      this.split(here[0]!, e, this.chooseMany(here[0]!, e));
      return true;
    }
    return false;
  }

  /** Event-based gateway: each following event draws its delay, the earliest wins (or branch weights choose). */
  private race(t: number, e: number): void {
    const m = this.model;
    const targets = m.targets[e]!;
    let chosen = 0;
    let at = Infinity;
    if (m.branch[e]) {
      chosen = pick(m.branch[e], this.random());
      const d = m.duration[targets[chosen]!];
      at = this.now + (d ? d(this.random) : 0);
    } else
      for (let f = 0; f < targets.length; f++) {
        const d = m.duration[targets[f]!];
        const when = this.now + (d ? d(this.random) : 0);
        if (when < at) {
          at = when;
          chosen = f;
        }
      }
    this.tokElem[t] = targets[chosen]!;
    this.tokArrived[t] = m.arrivedBy[e]![chosen]!;
    this.tokGen[t]!++;
    this.heap.push(at, DONE, t, 0, this.tokGen[t]!);
  }

  // ---- activities ----------------------------------------------------------------------------

  private startActivity(t: number, e: number): void {
    const m = this.model;
    this.tokEnabled[t] = this.now;
    if (!this.tokInner[t]) this.armBoundaries(t, e);
    this.log(t, e, 0, -1);
    const delay = m.delay[e];
    if (delay) return this.heap.push(this.now + delay(this.random), READY, t, 0, this.tokGen[t]!);
    this.ready(t, e);
  }

  /** The work may begin: it waits for a person of its pool, or begins at once without one. */
  private ready(t: number, e: number): void {
    const m = this.model;
    const p = m.pool[e]!;
    if (p < 0) return this.begin(t, e, -1, -1);
    const staffed = this.staffed[p];
    if (staffed) {
      const steps = this.caseSteps[this.scopeCase[this.tokScope[t]!]!]!;
      staffed.enable(t, m.ids[e]!, m.work[e]!, steps, this.now);
      return this.serve(p);
    }
    this.queue[p]!.push(t);
    this.dispatch(p);
  }

  /**
   * A multi-instance activity or loop: the token becomes the body, holding the boundary events,
   * and its instances run in a scope of their own (all at once, or one after another); the body
   * completes when the scope empties, as a subprocess does.
   */
  private repeat(t: number, e: number): void {
    const c = this.scopeCase[this.tokScope[t]!]!;
    const n = this.model.repetition[e]!.count(this.caseVars[c] ?? {}, this.random);
    if (n === 0) return this.leave(t, e);
    this.tokEnabled[t] = this.now;
    this.armBoundaries(t, e);
    const child = this.openScope(c, t);
    this.tokChild[t] = child;
    const first = this.model.repetition[e]!.parallel ? n : 1;
    this.scopeRemaining[child] = n - first;
    for (let i = 0; i < first; i++) this.tokInner[this.spawn(e, child, -1)] = 1;
  }

  private armBoundaries(t: number, e: number): void {
    const m = this.model;
    const bs = m.boundaries[e]!;
    for (let i = 0; i < bs.length; i++) {
      const timer = m.boundaryTimer[bs[i]!];
      if (timer) this.heap.push(this.now + timer(this.random), BOUNDARY, t, bs[i]!, this.tokGen[t]!);
    }
  }

  private begin(t: number, e: number, p: number, r: number): void {
    const m = this.model;
    this.tokStarted[t] = this.now;
    this.tokRes[t] = r;
    const d = m.duration[e];
    const work = d ? d(this.random) : 0;
    this.tokWork[t] = work;
    const calendar =
      p < 0 ? undefined : r >= 0 && m.pools[p]!.staff ? m.pools[p]!.staff.calendars[r] : m.pools[p]!.calendar;
    this.log(t, e, 1, r < 0 ? -1 : p * 65536 + r);
    this.heap.push(
      calendar ? addWorkingTime(calendar, this.now, work) : this.now + work,
      DONE,
      t,
      0,
      this.tokGen[t]!,
    );
  }

  /** Starts queued work while the pool has someone free and on duty. */
  private dispatch(p: number): void {
    if (this.staffed[p]) return this.serve(p);
    const pool = this.model.pools[p]!;
    const queue = this.queue[p]!;
    while (queue.length > 0 && this.busy[p]! < pool.size) {
      if (pool.calendar && !isWorkingAt(pool.calendar, this.now)) {
        if (!this.openPending[p]) {
          this.openPending[p] = 1;
          this.heap.push(nextWorkingInstant(pool.calendar, this.now), OPEN, p, 0, 0);
        }
        return;
      }
      const t = queue.shift()!;
      const r = this.chooseResource(p);
      this.resBusy[p]![r] = 1;
      this.busy[p]!++;
      this.begin(t, this.tokElem[t]!, p, r);
    }
  }

  /** Named people begin what assignment gave them; someone off duty with work waiting is woken. */
  private serve(p: number): void {
    const pool = this.staffed[p]!;
    for (let next = pool.next(this.now); next; next = pool.next(this.now)) {
      const t = next.token;
      const e = this.tokElem[t]!;
      this.caseSteps[this.scopeCase[this.tokScope[t]!]!]!.push({
        activityId: this.model.ids[e]!,
        userId: pool.staff.people[next.person]!,
        at: this.now,
      });
      this.begin(t, e, p, next.person);
    }
    const wake = pool.wakeAt(this.now);
    if (wake < this.openAt[p]!) {
      this.openAt[p] = wake;
      this.heap.push(wake, OPEN, p, 0, 0);
    }
  }

  private chooseResource(p: number): number {
    const busy = this.resBusy[p]!;
    const n = busy.length;
    const strategy = this.model.pools[p]!.strategy;
    if (strategy === 'round-robin') {
      for (let k = 1; k <= n; k++) {
        const r = (this.lastChosen[p]! + k) % n;
        if (!busy[r]) return (this.lastChosen[p] = r);
      }
    }
    if (strategy === 'random') {
      let r = Math.floor(this.random() * (n - this.busy[p]!));
      for (let i = 0; i < n; i++) if (!busy[i] && r-- === 0) return i;
    }
    if (strategy === 'shortest-queue') {
      let best = -1;
      const work = this.resWork[p]!;
      for (let i = 0; i < n; i++) if (!busy[i] && (best < 0 || work[i]! < work[best]!)) best = i;
      return best;
    }
    let r = 0;
    while (busy[r]) r++;
    return r;
  }

  /** Frees the token's person, counting the work done. */
  private freeResource(t: number, e: number): void {
    const p = this.model.pool[e]!;
    const r = this.tokRes[t]!;
    if (p < 0) return;
    const staffed = this.staffed[p];
    if (staffed) {
      if (r < 0) return staffed.withdraw(t);
      staffed.finish(r, t);
      this.resWork[p]![r]! += this.tokWork[t]!;
      this.tokRes[t] = -1;
      return this.serve(p);
    }
    if (r < 0) {
      const queue = this.queue[p]!;
      const at = queue.indexOf(t);
      if (at >= 0) queue.splice(at, 1);
      return;
    }
    this.resBusy[p]![r] = 0;
    this.busy[p]!--;
    this.resWork[p]![r]! += this.tokWork[t]!;
    this.tokRes[t] = -1;
    this.dispatch(p);
  }

  private done(t: number): void {
    const e = this.tokElem[t]!;
    if (this.model.kind[e] !== B.activity) return this.leave(t, e);
    const p = this.model.pool[e]!;
    const r = this.tokRes[t]!;
    const c = this.scopeCase[this.tokScope[t]!]!;
    const wait = this.tokStarted[t]! - this.tokEnabled[t]!;
    const work = this.tokWork[t]!;
    const cost = this.model.cost[e]! + (p >= 0 ? work * this.model.pools[p]!.costPerMs : 0);
    this.caseWait[c]! += wait;
    this.caseCost[c]! += cost;
    this.stats.activity(
      this.caseNo[c]!,
      e,
      wait,
      this.now - this.tokStarted[t]!,
      this.late(t, e, p, r),
      p,
      work,
      this.tokStarted[t]!,
    );
    this.log(t, e, 2, r < 0 ? -1 : p * 65536 + r);
    this.freeResource(t, e);
    this.activityDone(t);
  }

  /** Whether the activity, completing now, breached its SLA (the scenario's, or the model's as src/work judges it). */
  private late(t: number, e: number, p: number, r: number): boolean {
    const m = this.model;
    const enabled = this.tokEnabled[t]!;
    if (m.sla[e]! > 0 && this.now - enabled > m.sla[e]!) return true;
    const sla = m.work[e]?.sla;
    if (!sla) return false;
    const staff = p >= 0 ? m.pools[p]!.staff : undefined;
    const assignee = staff && r >= 0 ? staff.people[r] : undefined;
    return breached(
      sla,
      slaCalendar(sla, staff, assignee, p >= 0 ? m.pools[p]!.calendar : undefined),
      enabled,
      this.now,
    );
  }

  /** The activity (task or subprocess) is over: boundary events by chance, then onward. */
  private activityDone(t: number): void {
    const m = this.model;
    const e = this.tokElem[t]!;
    if (m.kind[e] === B.subProcess && (this.tokInner[t] || !m.repetition[e])) this.log(t, e, 2, -1);
    this.tokGen[t]!++;
    if (this.tokInner[t]) return this.instanceDone(t, e);
    const bs = m.boundaries[e]!;
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i]!;
      if (m.boundaryChance[b]! > 0 && this.random() < m.boundaryChance[b]!) {
        if (m.interrupting[b]) {
          this.tokElem[t] = b;
          return void this.agenda.push(t);
        }
        this.spawn(b, this.tokScope[t]!, -1);
      }
    }
    this.leave(t, e);
  }

  /** One instance is over: the next of a sequence starts, and the body completes once its scope is empty. */
  private instanceDone(t: number, e: number): void {
    const s = this.tokScope[t]!;
    if (this.scopeRemaining[s]! > 0) {
      this.scopeRemaining[s]!--;
      this.tokInner[this.spawn(e, s, -1)] = 1;
    }
    this.consume(t);
  }

  private boundaryFired(t: number, b: number): void {
    if (!this.model.interrupting[b]) return void this.spawn(b, this.tokScope[t]!, -1);
    this.cancelActivity(t);
    this.tokElem[t] = b;
    this.agenda.push(t);
  }

  /** Interrupts the activity the token is in: its person is freed, its subprocess ended. */
  private cancelActivity(t: number): void {
    const e = this.tokElem[t]!;
    this.log(t, e, 3, -1);
    const child = this.tokChild[t]!;
    if (child >= 0) {
      this.killScopeTokens(child);
      this.freeScopes.push(child);
      this.tokChild[t] = -1;
    } else if (this.model.kind[e] === B.activity) this.freeResource(t, e);
    this.tokGen[t]!++;
  }

  private openSubProcess(t: number, e: number): void {
    this.tokEnabled[t] = this.now;
    if (!this.tokInner[t]) this.armBoundaries(t, e);
    this.log(t, e, 1, -1);
    const starts = this.model.subStarts[e]!;
    if (starts.length === 0) return this.activityDone(t);
    const child = this.openScope(this.scopeCase[this.tokScope[t]!]!, t);
    this.tokChild[t] = child;
    for (let i = 0; i < starts.length; i++) this.spawn(starts[i]!, child, -1);
  }

  /** Ends every token of the scope and of the subprocesses inside it (terminate, interruption). */
  private killScopeTokens(s: number): void {
    for (let u = this.scopeHead[s]!; u >= 0;) {
      const next = this.tokNext[u]!;
      const e = this.tokElem[u]!;
      if (this.tokChild[u]! >= 0) {
        this.killScopeTokens(this.tokChild[u]!);
        this.freeScopes.push(this.tokChild[u]!);
      } else if (this.model.kind[e] === B.activity) this.cancelQuietly(u, e);
      this.orParked.delete(u);
      this.release(u);
      u = next;
    }
    for (const key of this.joins.keys())
      if (Math.floor(key / this.model.ids.length) === s) this.joins.delete(key);
  }

  private cancelQuietly(u: number, e: number): void {
    const p = this.model.pool[e]!;
    if (p < 0) return;
    if (this.staffed[p]) return this.freeResource(u, e);
    const queue = this.queue[p]!;
    const at = queue.indexOf(u);
    if (at >= 0) queue.splice(at, 1);
    else if (this.tokRes[u]! >= 0) this.freeResource(u, e);
  }

  /** An error end event: the nearest enclosing subprocess with a matching error boundary catches it. */
  private throwError(t: number, code: string): void {
    const m = this.model;
    let s = this.tokScope[t]!;
    this.release(t);
    for (;;) {
      const holder = this.scopeParent[s]!;
      if (holder < 0) {
        this.stats.failed();
        this.killScopeTokens(s);
        return this.scopeDone(s);
      }
      // An instance of a multi-instance subprocess passes the error to its body, which holds the boundaries.
      const catcher = this.tokInner[holder]
        ? undefined
        : Array.from(m.boundaries[this.tokElem[holder]!]!).find(
            (b) => m.errorCode[b] !== undefined && (m.errorCode[b] === '' || m.errorCode[b] === code),
          );
      if (catcher !== undefined) {
        this.killScopeTokens(s);
        this.freeScopes.push(s);
        this.tokGen[holder]!++;
        this.tokElem[holder] = catcher;
        return void this.agenda.push(holder);
      }
      s = this.tokScope[holder]!;
    }
  }

  private log(t: number, e: number, lifecycle: number, resource: number): void {
    if (!this.record) return;
    this.caseLog[this.scopeCase[this.tokScope[t]!]!]!.push(e, lifecycle, this.now, resource);
  }
}

const flowLists: number[][] = [];
function allFlows(n: number): number[] {
  return (flowLists[n] ??= Array.from({ length: n }, (_, i) => i));
}

export function simulateOnce(model: SimModel, scenario: Scenario, options: RunOptions): RunStats {
  return new Simulator(model, scenario, options).run();
}
