/** Wall-clock times in a zone, both ways, so that tests read in local time. */
import { DateTime } from 'luxon';

/** '2025-03-28T16:00' in `zone` as epoch milliseconds. */
export function at(local: string, zone: string): number {
  const time = DateTime.fromISO(local, { zone });
  if (!time.isValid) throw new Error(`bad test time ${local}`);
  return time.toMillis();
}

/** Epoch milliseconds as 'yyyy-MM-dd HH:mm' (with the offset) in `zone`. */
export function local(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');
}

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
