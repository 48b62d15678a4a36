/**
 * Timestamps as they appear in real event logs. XES dates should be xs:dateTime, but logs
 * converted from spreadsheets write `2019/11/03 01:11:19.000` or a space for the `T`, and
 * CSV exports use anything from ISO to `03-11-2019 01:11:19` to epoch seconds. Every parser
 * returns milliseconds since the epoch, or NaN when the text does not fit.
 *
 * A time without a zone is read as UTC: durations, the only thing insight computes from
 * times, do not depend on which fixed zone is assumed.
 */

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Reads `count` digits at `at`; -1 when any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

export interface ParsedTime {
  readonly ms: number;
  /** The text was not strict xs:dateTime (a slash date, a space for T, no seconds). */
  readonly lenient: boolean;
}

/**
 * ISO 8601 / xs:dateTime and the near misses real logs contain: `YYYY-MM-DD` or `YYYY/MM/DD`,
 * then `T` or a space, `hh:mm[:ss[.fraction]]`, then `Z`, `±hh:mm`, `±hhmm`, `±hh` or
 * nothing. A date alone is midnight. Hand-written because it runs once per event and
 * `Date.parse` is both slower and looser (it accepts `2002-0530` in some engines).
 */
export function parseIsoTime(text: string): ParsedTime | undefined {
  const t = isSpaceAt(text, 0) || isSpaceAt(text, text.length - 1) ? text.trim() : text;
  const year = digits(t, 0, 4);
  const sep = t.charCodeAt(4);
  if (year < 0 || (sep !== 45 && sep !== 47) || t.charCodeAt(7) !== sep) return undefined;
  const month = digits(t, 5, 2);
  const day = digits(t, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  let lenient = sep === 47;
  let at = 10;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  if (at < t.length) {
    const tee = t.charCodeAt(at);
    if (tee !== 84 && tee !== 32 && tee !== 116) return undefined; // T, space, t
    if (tee !== 84) lenient = true;
    hour = digits(t, at + 1, 2);
    minute = t.charCodeAt(at + 3) === 58 ? digits(t, at + 4, 2) : -1;
    if (hour < 0 || hour > 24 || minute < 0 || minute > 59) return undefined;
    at += 6;
    if (t.charCodeAt(at) === 58) {
      second = digits(t, at + 1, 2);
      if (second < 0 || second > 60) return undefined;
      at += 3;
      if (t.charCodeAt(at) === 46 || t.charCodeAt(at) === 44) {
        let scale = 100;
        at++;
        const begin = at;
        while (at < t.length && isDigit(t.charCodeAt(at))) {
          fraction += (t.charCodeAt(at) - 48) * scale;
          scale /= 10;
          at++;
        }
        if (at === begin) return undefined;
      }
    } else {
      lenient = true;
    }
  }
  let offset = 0;
  if (at < t.length) {
    const zone = t.charCodeAt(at);
    if (zone === 90 || zone === 122) {
      at++;
    } else if (zone === 43 || zone === 45) {
      const sign = zone === 43 ? 1 : -1;
      const oh = digits(t, at + 1, 2);
      let om = 0;
      at += 3;
      if (t.charCodeAt(at) === 58) {
        om = digits(t, at + 1, 2);
        at += 3;
      } else if (at < t.length) {
        om = digits(t, at, 2);
        at += 2;
      }
      if (oh < 0 || om < 0) return undefined;
      offset = sign * (oh * 60 + om) * 60_000;
    }
    if (at !== t.length) return undefined;
  }
  const ms = midnight(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + fraction - offset;
  return Number.isNaN(ms) ? undefined : { ms, lenient };
}

const isSpaceAt = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at);
  return c === 32 || c === 9 || c === 10 || c === 13;
};

/**
 * Date.UTC of a day's midnight, remembered for the last day asked: a log's events come in
 * runs on one day. Date.UTC adds hours, minutes and seconds to it the same way.
 */
let lastDay = -1;
let lastMidnight = 0;
function midnight(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key !== lastDay) {
    lastMidnight = Date.UTC(year, month - 1, day);
    lastDay = key;
  }
  return lastMidnight;
}

/** Milliseconds from an ISO-like text, NaN when it is not one. */
export const isoTime = (text: string): number => parseIsoTime(text)?.ms ?? Number.NaN;
