/**
 * The directly-follows graph: how often activity b comes right after activity a within a
 * case, and how long the step took (b's time minus a's, in seconds). Edges come most frequent
 * first, ties by source then target name, so the order is the same on every run.
 *
 * Counting runs over a dense matrix while the activity dictionary is small (the common case,
 * and several times faster than a map); larger dictionaries fall back to a map.
 */
import { type EventLog, activityName } from './event-log.js';
import { type LifecycleFilter, eventMask } from './event-filter.js';
import { percentile } from './statistics.js';

export interface DfgEdge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  /** Over the steps where both events have a time; null when none has. */
  readonly meanSeconds: number | null;
  readonly medianSeconds: number | null;
  readonly totalSeconds: number;
}

export interface DfgOptions {
  readonly lifecycle?: LifecycleFilter;
  /** Also compute mean and median times (costs a second pass); default true. */
  readonly performance?: boolean;
  /** Keep only edges seen at least this many times. */
  readonly minCount?: number;
}

const DENSE_LIMIT = 1 << 22;

export function directlyFollows(log: EventLog, options: DfgOptions = {}): DfgEdge[] {
  const mask = eventMask(log, options.lifecycle);
  const size = log.activities.length + 1; // the last slot stands for a missing activity
  const dense = size * size <= DENSE_LIMIT;
  const counts = dense ? new Uint32Array(size * size) : undefined;
  const sums = dense ? new Float64Array(size * size) : undefined;
  const sparse = new Map<number, { count: number; sum: number }>();
  const { activity, time } = log;
  const slot = (a: number): number => (a < 0 ? size - 1 : a);
  forEachStep(log, mask, (a, b) => {
    const key = slot(activity[a]!) * size + slot(activity[b]!);
    const dt = (time[b]! - time[a]!) / 1000;
    if (counts) {
      counts[key]!++;
      if (!Number.isNaN(dt)) sums![key]! += dt;
    } else {
      const entry = sparse.get(key) ?? { count: 0, sum: 0 };
      entry.count++;
      if (!Number.isNaN(dt)) entry.sum += dt;
      sparse.set(key, entry);
    }
  });
  const keys: number[] = [];
  if (counts) {
    for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) keys.push(k);
  } else keys.push(...sparse.keys());
  const countOf = (k: number): number => (counts ? counts[k]! : sparse.get(k)!.count);
  const sumOf = (k: number): number => (sums ? sums[k]! : sparse.get(k)!.sum);
  const minCount = options.minCount ?? 1;
  const kept = keys.filter((k) => countOf(k) >= minCount);
  const timed = options.performance === false ? undefined : stepTimes(log, mask, kept, size, slot);
  const name = (s: number): string => activityName(log, s === size - 1 ? -1 : s);
  const edges = kept.map((k) => {
    const durations = timed?.get(k);
    const n = durations?.length ?? 0;
    return {
      from: name(Math.floor(k / size)),
      to: name(k % size),
      count: countOf(k),
      meanSeconds: n === 0 ? null : sumOf(k) / n,
      medianSeconds: n === 0 ? null : percentile(durations!.sort(), 50),
      totalSeconds: sumOf(k),
    };
  });
  return edges.sort(byCountThenName);
}

export const byCountThenName = (a: DfgEdge, b: DfgEdge): number =>
  b.count - a.count || compare(a.from, b.from) || compare(a.to, b.to);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Calls `step` for each pair of consecutive kept events of each case. */
export function forEachStep(
  log: EventLog,
  mask: Uint8Array | undefined,
  step: (a: number, b: number) => void,
): void {
  const { caseStart } = log;
  for (let c = 0; c < log.caseCount; c++) {
    let previous = -1;
    for (let e = caseStart[c]!; e < caseStart[c + 1]!; e++) {
      if (mask && mask[e] === 0) continue;
      if (previous >= 0) step(previous, e);
      previous = e;
    }
  }
}

/**
 * The step times of each kept edge, for medians: counted once, then laid out edge by edge in
 * one array (compressed rows) and each edge's stretch sorted in place.
 */
function stepTimes(
  log: EventLog,
  mask: Uint8Array | undefined,
  kept: readonly number[],
  size: number,
  slot: (a: number) => number,
): Map<number, Float64Array> {
  const index = new Map<number, number>(kept.map((k, i) => [k, i]));
  const dense = size * size <= DENSE_LIMIT ? new Int32Array(size * size).fill(-1) : undefined;
  if (dense) kept.forEach((k, i) => (dense[k] = i));
  const edgeOf = (k: number): number => (dense ? dense[k]! : (index.get(k) ?? -1));
  const { activity, time } = log;
  const counts = new Uint32Array(kept.length + 1);
  forEachStep(log, mask, (a, b) => {
    if (Number.isNaN(time[b]! - time[a]!)) return;
    const i = edgeOf(slot(activity[a]!) * size + slot(activity[b]!));
    if (i >= 0) counts[i + 1]!++;
  });
  for (let i = 0; i < kept.length; i++) counts[i + 1]! += counts[i]!;
  const all = new Float64Array(counts[kept.length]!);
  const next = counts.slice(0, kept.length);
  forEachStep(log, mask, (a, b) => {
    const dt = (time[b]! - time[a]!) / 1000;
    if (Number.isNaN(dt)) return;
    const i = edgeOf(slot(activity[a]!) * size + slot(activity[b]!));
    if (i >= 0) all[next[i]!++] = dt;
  });
  return new Map(kept.map((k, i) => [k, all.subarray(counts[i], counts[i + 1])]));
}
