/**
 * Order statistics over plain numbers. Medians follow the usual rule (the mean of the two
 * middle values for an even count), so they match spreadsheets and Python's statistics
 * module; percentiles interpolate linearly between closest ranks (Excel's PERCENTILE.INC,
 * NumPy's default).
 */

export interface Distribution {
  readonly count: number;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly median: number | null;
  readonly p75: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/** Sorts a copy; NaN values are left out. */
export function sortedValues(values: ArrayLike<number>): Float64Array {
  const kept = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) kept[n++] = v;
  }
  return kept.subarray(0, n).sort();
}

/** The p-th percentile (0..100) of sorted values; null when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  // The median as everyone computes it: the mean of the two middle values, to the last bit.
  if (p === 50 && n % 2 === 0) return (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const rank = (p / 100) * (n - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = sortedValues(values);
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    count: n,
    mean: n === 0 ? null : sum / n,
    min: n === 0 ? null : sorted[0]!,
    max: n === 0 ? null : sorted[n - 1]!,
    median: percentile(sorted, 50),
    p75: percentile(sorted, 75),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export const median = (values: ArrayLike<number>): number | null => percentile(sortedValues(values), 50);

export const mean = (values: ArrayLike<number>): number | null => {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i]!)) {
      sum += values[i]!;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
};
