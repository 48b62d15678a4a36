/**
 * Timestamp formats for CSV columns: named ones (`iso`, `epoch-s`, `epoch-ms`) and patterns
 * such as `dd-mm-yyyy HH:MM:SS`, `MM/dd/yyyy HH:mm` or strftime's `%d.%m.%Y %H:%M`. In a
 * pattern, `m` before the hour field is the month and after it the minute, whatever its case,
 * so both `dd-mm-yyyy HH:MM:SS` and Java's `dd-MM-yyyy HH:mm:ss` mean what they say.
 *
 * `guessTimestampFormat` looks at a sample of values and picks the first format that reads
 * them all; between day-first and month-first it goes by any field above 12, and day-first
 * when nothing decides.
 */
import { isoTime } from './timestamps.js';

export type TimestampParser = (text: string) => number;

export interface TimestampFormat {
  readonly name: string;
  readonly parse: TimestampParser;
}

type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction' | 'zone';

const STRFTIME: Readonly<Record<string, string>> = {
  '%Y': 'yyyy',
  '%m': 'mm',
  '%d': 'dd',
  '%H': 'HH',
  '%M': 'MM',
  '%S': 'SS',
  '%f': 'fff',
  '%z': 'Z',
};

/** Compiles a pattern to a parser; throws on a pattern with no date fields. */
export function patternFormat(pattern: string): TimestampFormat {
  const normalized = pattern.replace(/%[YmdHMSfz]/g, (token) => STRFTIME[token] ?? token);
  const fields: Field[] = [];
  let regex = '^\\s*';
  let hourSeen = false;
  for (const part of normalized.match(/([A-Za-z])\1*|[^A-Za-z]+/g) ?? []) {
    const letter = part[0]!;
    if (!/[A-Za-z]/.test(letter)) {
      regex += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ T]');
      continue;
    }
    const lower = letter.toLowerCase();
    if (lower === 'y') fields.push('year');
    else if (lower === 'd') fields.push('day');
    else if (lower === 'h') {
      fields.push('hour');
      hourSeen = true;
    } else if (lower === 'm') fields.push(hourSeen ? 'minute' : 'month');
    else if (lower === 's' && fields.at(-1) === 'second') fields.push('fraction');
    else if (lower === 's') fields.push('second');
    else if (lower === 'f') fields.push('fraction');
    else if (lower === 'z' || lower === 'x') fields.push('zone');
    else throw new Error(`timestamp format '${pattern}': unknown field '${part}'`);
    const field = fields.at(-1)!;
    regex +=
      field === 'zone'
        ? '(Z|[+-]\\d{2}:?\\d{2}|[+-]\\d{2})?'
        : field === 'fraction'
          ? '(\\d+)'
          : field === 'year'
            ? `(\\d{${part.length === 2 ? 2 : 4}})`
            : '(\\d{1,2})';
  }
  if (!fields.includes('year') || !fields.includes('day'))
    throw new Error(`timestamp format '${pattern}' needs at least a year and a day`);
  const re = new RegExp(`${regex}\\s*$`);
  const parse: TimestampParser = (text) => {
    const m = re.exec(text);
    if (!m) return Number.NaN;
    const v: Record<Field, number> = {
      year: 0,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      fraction: 0,
      zone: 0,
    };
    fields.forEach((field, i) => {
      const raw = m[i + 1];
      if (raw === undefined) return;
      if (field === 'fraction') v.fraction = Number(`0.${raw}`) * 1000;
      else if (field === 'zone') v.zone = zoneOffset(raw);
      else v[field] = Number(raw);
    });
    if (v.year < 100) v.year += v.year < 70 ? 2000 : 1900;
    if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31 || v.hour > 24 || v.minute > 59)
      return Number.NaN;
    return Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second) + v.fraction - v.zone;
  };
  return { name: pattern, parse };
}

function zoneOffset(raw: string): number {
  if (raw === 'Z') return 0;
  const sign = raw.startsWith('-') ? -1 : 1;
  const d = raw.replace(/[^0-9]/g, '');
  return sign * (Number(d.slice(0, 2)) * 60 + Number(d.slice(2, 4) || '0')) * 60_000;
}

const epoch =
  (scale: number): TimestampParser =>
  (text) => {
    const t = text.trim();
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) * scale : Number.NaN;
  };

export const namedFormats: Readonly<Record<string, TimestampFormat>> = {
  iso: { name: 'iso', parse: isoTime },
  'epoch-s': { name: 'epoch-s', parse: epoch(1000) },
  'epoch-ms': { name: 'epoch-ms', parse: epoch(1) },
};

/** `iso`, `epoch-s`, `epoch-ms` or a pattern. */
export const timestampFormat = (spec: string): TimestampFormat => namedFormats[spec] ?? patternFormat(spec);

const CANDIDATES = [
  'dd-mm-yyyy HH:MM:SS.fff',
  'dd-mm-yyyy HH:MM:SS',
  'dd-mm-yyyy HH:MM',
  'dd-mm-yyyy',
  'mm-dd-yyyy HH:MM:SS',
  'mm-dd-yyyy HH:MM',
  'mm-dd-yyyy',
] as const;

/** The first format that reads every sampled value; undefined when none does. */
export function guessTimestampFormat(sample: readonly string[]): TimestampFormat | undefined {
  const values = sample.map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return undefined;
  const reads = (format: TimestampFormat): boolean => values.every((v) => !Number.isNaN(format.parse(v)));
  if (reads(namedFormats.iso!)) return namedFormats.iso;
  if (values.every((v) => /^\d{12,14}$/.test(v))) return namedFormats['epoch-ms'];
  if (values.every((v) => /^\d{9,11}(\.\d+)?$/.test(v))) return namedFormats['epoch-s'];
  const separator = /^\d{1,2}([-/.])\d{1,2}\1\d{2,4}/.exec(values[0]!)?.[1];
  if (separator === undefined) return undefined;
  const firstAbove12 = values.some((v) => Number(/^(\d+)/.exec(v)?.[1]) > 12);
  for (const pattern of CANDIDATES) {
    if (pattern.startsWith('mm') && firstAbove12) continue;
    const format = patternFormat(pattern.replace(/-/g, separator));
    if (reads(format)) return format;
  }
  return undefined;
}
