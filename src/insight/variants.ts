/**
 * Variants: cases grouped by their exact sequence of activities, in the log's order (document
 * order for XES; use `sortedByTimestamp` first to group by time order instead). Variants come
 * most frequent first; ties keep the order in which the variants first occur in the log.
 */
import { type EventLog, activityName } from './event-log.js';

export interface Variant {
  /** Activity codes (NONE for an event without activity); a view into the log's column. */
  readonly activities: Int32Array;
  readonly count: number;
  /** The cases of the variant, in log order. */
  readonly cases: Uint32Array;
}

export interface Variants {
  readonly variants: readonly Variant[];
  /** For each case, the index of its variant in `variants`. */
  readonly variantOf: Uint32Array;
}

/**
 * Cases are grouped by a hash of their activity codes (FNV-1a), and a case joins a variant
 * only when its codes equal the variant's first case's; hashing numbers avoids building a
 * string key per case, which costs more than all the rest.
 */
function hashOf(activity: Int32Array, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ activity[i]!, 0x01000193);
  return h >>> 0;
}

function same(activity: Int32Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (activity[a + i] !== activity[b + i]) return false;
  return true;
}

export function variants(log: EventLog): Variants {
  const byHash = new Map<number, number[]>();
  const firstCase: number[] = [];
  const counts: number[] = [];
  const raw = new Uint32Array(log.caseCount);
  const { caseStart, activity } = log;
  for (let c = 0; c < log.caseCount; c++) {
    const from = caseStart[c]!;
    const to = caseStart[c + 1]!;
    const h = hashOf(activity, from, to);
    let bucket = byHash.get(h);
    if (!bucket) byHash.set(h, (bucket = []));
    let v = -1;
    for (const candidate of bucket) {
      const f = firstCase[candidate]!;
      if (same(activity, caseStart[f]!, caseStart[f + 1]!, from, to)) {
        v = candidate;
        break;
      }
    }
    if (v < 0) {
      v = counts.length;
      bucket.push(v);
      firstCase.push(c);
      counts.push(0);
    }
    counts[v]!++;
    raw[c] = v;
  }
  // Most frequent first; Array.prototype.sort is stable, so ties stay in first-seen order.
  const order = counts.map((_, v) => v).sort((a, b) => counts[b]! - counts[a]!);
  const rank = new Uint32Array(order.length);
  order.forEach((v, r) => (rank[v] = r));
  // The cases of all variants in one array, variant after variant; each variant views its stretch.
  const offset = new Uint32Array(order.length + 1);
  order.forEach((v, r) => (offset[r + 1] = offset[r]! + counts[v]!));
  const byVariant = new Uint32Array(log.caseCount);
  const filled = offset.slice(0, order.length);
  const variantOf = new Uint32Array(log.caseCount);
  for (let c = 0; c < log.caseCount; c++) {
    const r = rank[raw[c]!]!;
    variantOf[c] = r;
    byVariant[filled[r]!++] = c;
  }
  return {
    variantOf,
    variants: order.map((v, r) => {
      const c = firstCase[v]!;
      return {
        activities: activity.subarray(caseStart[c], caseStart[c + 1]),
        count: counts[v]!,
        cases: byVariant.subarray(offset[r], offset[r + 1]),
      };
    }),
  };
}

export const variantNames = (log: EventLog, variant: Variant): string[] =>
  Array.from(variant.activities, (a) => activityName(log, a));
