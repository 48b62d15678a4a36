/**
 * Ids are UUID version 7: time-ordered, so rows keyed by them insert at the end of an index
 * rather than at random places, and listings sorted by id come out in creation order.
 */
import { randomFillSync } from 'node:crypto';

const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = new Uint8Array(16 * 512);
let offset = pool.length;
let lastMs = -1;
let sequence = 0;

export function uuidv7(now: number = Date.now()): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  // A 12-bit counter in rand_a keeps ids from the same millisecond in order.
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = now;
    sequence = b[6]! & 0x07;
  }
  const ms = Math.max(0, Math.floor(now));
  const high = Math.floor(ms / 2 ** 16);
  const h = high.toString(16).padStart(8, '0');
  const l = (ms % 2 ** 16).toString(16).padStart(4, '0');
  const randA = (0x7000 | sequence).toString(16);
  return `${h}-${l}-${randA}-${hex[(b[8]! & 0x3f) | 0x80]}${hex[b[9]!]}-${hex[b[10]!]}${hex[b[11]!]}${hex[b[12]!]}${hex[b[13]!]}${hex[b[14]!]}${hex[b[15]!]}`;
}
