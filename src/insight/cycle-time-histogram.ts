/**
 * The cycle-time distribution as a histogram: case durations in equal-width bins from the
 * shortest to the longest, for a bar chart beside the percentiles.
 */
import { caseTimes } from './case-times.js';
import type { EventLog } from './event-log.js';
import { type Distribution, distribution, sortedValues } from './statistics.js';

export interface HistogramBin {
  /** Seconds, inclusive. */
  readonly from: number;
  /** Seconds, exclusive (the last bin includes its end). */
  readonly to: number;
  readonly count: number;
}

export interface CycleTimes {
  readonly distribution: Distribution;
  readonly histogram: readonly HistogramBin[];
}

export function cycleTimes(log: EventLog, bins = 20): CycleTimes {
  const durations = caseTimes(log).duration;
  const sorted = sortedValues(durations);
  return { distribution: distribution(sorted), histogram: histogram(sorted, bins) };
}

export function histogram(sorted: Float64Array, bins: number): HistogramBin[] {
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (max === min) return [{ from: min, to: max, count: sorted.length }];
  const width = (max - min) / bins;
  const counts = new Uint32Array(bins);
  for (const v of sorted) counts[Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  return Array.from(counts, (count, i) => ({ from: min + i * width, to: min + (i + 1) * width, count }));
}
