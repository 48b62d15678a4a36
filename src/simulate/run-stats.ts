/**
 * What one run measured. Cases that arrived during the warm-up are left out of every figure
 * (their queues were still filling), and utilisation counts from the warm-up's end. Figures
 * come out as plain JSON (`RunSummary`); the recorded events, when kept, become an EventLog
 * that insight reads like any imported log.
 */
import { EventLogBuilder } from '../insight/event-log-builder.js';
import type { EventLog } from '../insight/event-log.js';
import { workingTimeBetween } from '../work/calendar/working-time.js';
import type { SimModel, SimPool } from './sim-model.js';

export interface ActivitySummary {
  readonly id: string;
  readonly name: string;
  readonly executions: number;
  /** Seconds, means over measured executions. */
  readonly waiting: number;
  readonly processing: number;
  readonly slaBreachRate: number;
}

export interface PoolSummary {
  readonly id: string;
  readonly size: number;
  /** Busy time over available time (working time on the pool's calendar), 0 to 1. */
  readonly utilisation: number;
  readonly cost: number;
}

export interface RunSummary {
  /** Measured cases that ended (after the warm-up). */
  readonly cases: number;
  readonly unfinished: number;
  /** Cases that ended with an uncaught error end event. */
  readonly failed: number;
  /** Seconds. */
  readonly cycleTime: { readonly mean: number; readonly median: number; readonly p90: number };
  /** Seconds a case waited for people, summed over its activities: mean per case. */
  readonly waitingTime: number;
  /** Per case: activity costs plus the pools' hourly cost of the work done. */
  readonly cost: number;
  /** Share of cases over the case SLA (0 when the scenario sets none). */
  readonly slaBreachRate: number;
  readonly activities: readonly ActivitySummary[];
  readonly pools: readonly PoolSummary[];
  /** Every activity completion of the run, warm-up included. */
  readonly executions: number;
}

export class RunStats {
  executions = 0;
  private windowStart = Number.NaN;
  private windowEnd = Number.NaN;
  private cycles: number[] = [];
  private waitSum = 0;
  private costSum = 0;
  private breaches = 0;
  private failures = 0;
  private unfinished = 0;
  private readonly count: Float64Array;
  private readonly waits: Float64Array;
  private readonly work: Float64Array;
  private readonly late: Float64Array;
  private readonly busy: Float64Array;
  private readonly poolCost: Float64Array;
  private readonly kept: { no: number; events: number[] }[] = [];

  constructor(
    private readonly model: SimModel,
    private readonly warmUp: number,
    private readonly record: boolean,
  ) {
    const n = model.ids.length;
    this.count = new Float64Array(n);
    this.waits = new Float64Array(n);
    this.work = new Float64Array(n);
    this.late = new Float64Array(n);
    this.busy = new Float64Array(model.pools.length);
    this.poolCost = new Float64Array(model.pools.length);
  }

  arrived(no: number, at: number): void {
    if (no === this.warmUp) this.windowStart = at;
  }

  activity(
    no: number,
    e: number,
    wait: number,
    processing: number,
    late: boolean,
    pool: number,
    work: number,
    started: number,
  ): void {
    this.executions++;
    if (pool >= 0 && started >= this.windowStart) {
      this.busy[pool]! += work;
      this.poolCost[pool]! += work * this.model.pools[pool]!.costPerMs;
    }
    if (no < this.warmUp) return;
    this.count[e]!++;
    this.waits[e]! += wait;
    this.work[e]! += processing;
    if (late) this.late[e]!++;
  }

  caseEnded(no: number, arrival: number, end: number, wait: number, cost: number): void {
    if (no < this.warmUp) return;
    const cycle = end - arrival;
    this.cycles.push(cycle);
    this.waitSum += wait;
    this.costSum += cost;
    if (this.model.caseSla > 0 && cycle > this.model.caseSla) this.breaches++;
  }

  failed(): void {
    this.failures++;
  }

  keepCase(no: number, events: number[]): void {
    if (this.record) this.kept.push({ no, events });
  }

  finish(end: number, openCases: number): void {
    this.windowEnd = end;
    this.unfinished = openCases;
  }

  /** Cycle times of the measured cases, in milliseconds, in the order they ended. */
  cycleTimes(): readonly number[] {
    return this.cycles;
  }

  summary(): RunSummary {
    const m = this.model;
    const sorted = Float64Array.from(this.cycles).sort();
    const n = sorted.length;
    const sec = (ms: number): number => ms / 1000;
    const q = (p: number): number => (n === 0 ? Number.NaN : sorted[Math.min(n - 1, Math.floor(p * n))]!);
    const median =
      n === 0 ? Number.NaN : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    const activities: ActivitySummary[] = [];
    for (let e = 0; e < m.ids.length; e++) {
      if (this.count[e] === 0) continue;
      const k = this.count[e]!;
      activities.push({
        id: m.ids[e]!,
        name: m.names[e]!,
        executions: k,
        waiting: sec(this.waits[e]! / k),
        processing: sec(this.work[e]! / k),
        slaBreachRate: this.late[e]! / k,
      });
    }
    return {
      cases: n,
      unfinished: this.unfinished,
      failed: this.failures,
      cycleTime: {
        mean: sec(n === 0 ? Number.NaN : this.cycles.reduce((a, b) => a + b, 0) / n),
        median: sec(median),
        p90: sec(q(0.9)),
      },
      waitingTime: sec(n === 0 ? Number.NaN : this.waitSum / n),
      cost: n === 0 ? Number.NaN : this.costSum / n,
      slaBreachRate: n === 0 ? 0 : this.breaches / n,
      activities,
      pools: m.pools.map((p, i) => ({
        id: p.id,
        size: p.size,
        utilisation: this.available(p) > 0 ? this.busy[i]! / this.available(p) : 0,
        cost: this.poolCost[i]!,
      })),
      executions: this.executions,
    };
  }

  private available(pool: SimPool): number {
    if (!(this.windowEnd > this.windowStart)) return 0;
    if (pool.staff)
      return pool.staff.calendars.reduce(
        (sum, calendar) =>
          sum +
          (calendar
            ? workingTimeBetween(calendar, this.windowStart, this.windowEnd)
            : this.windowEnd - this.windowStart),
        0,
      );
    const span = pool.calendar
      ? workingTimeBetween(pool.calendar, this.windowStart, this.windowEnd)
      : this.windowEnd - this.windowStart;
    return pool.size * span;
  }

  /** The recorded cases as an event log (schedule, start, complete and abort events of activities). */
  eventLog(source: string, lifecycleNames: readonly string[]): EventLog {
    const builder = new EventLogBuilder();
    const m = this.model;
    const cases = [...this.kept].sort((a, b) => a.no - b.no);
    for (const { no, events } of cases) {
      builder.startCase(`case-${no + 1}`);
      for (let i = 0; i < events.length; i += 4) {
        const r = events[i + 3]!;
        builder.add({
          activity: m.names[events[i]!]!,
          lifecycle: lifecycleNames[events[i + 1]!]!,
          time: Math.round(events[i + 2]!),
          ...(r >= 0 && { resource: resourceName(m.pools[Math.floor(r / 65536)]!, r % 65536) }),
        });
      }
    }
    return builder.build({ source, format: 'memory' });
  }
}

/** A named person by their id; one of interchangeable people as `<pool>-<n>`. */
const resourceName = (pool: SimPool, r: number): string => pool.staff?.people[r] ?? `${pool.id}-${r + 1}`;
