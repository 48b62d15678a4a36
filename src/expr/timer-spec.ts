/**
 * ISO 8601 timer values as BPMN uses them: a date (timeDate), a duration (timeDuration), a
 * repeating interval `R[n]/[start/]duration` or a cron expression (timeCycle). Pure: the
 * current time is always passed in.
 */
import { Cron } from 'croner';
import { DateTime, Duration } from 'luxon';

export type TimerKind = 'date' | 'duration' | 'cycle';

export class TimerSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimerSpecError';
  }
}

export interface Occurrence {
  readonly dueAt: number;
  /** For cycles: how many occurrences are left after this one (null: unbounded). */
  readonly remaining?: number | null;
}

function parseDuration(text: string): Duration {
  const duration = Duration.fromISO(text.trim());
  if (!duration.isValid) {
    throw new TimerSpecError(`'${text}' is not an ISO 8601 duration (e.g. PT15M, P30D)`);
  }
  return duration;
}

function parseDate(text: string): number {
  const date = DateTime.fromISO(text.trim(), { setZone: true, zone: 'utc' });
  if (!date.isValid) {
    throw new TimerSpecError(`'${text}' is not an ISO 8601 date-time (e.g. 2030-01-31T09:00:00Z)`);
  }
  return date.toMillis();
}

const plus = (at: number, duration: Duration): number =>
  DateTime.fromMillis(at, { zone: 'utc' }).plus(duration).toMillis();

interface Repetition {
  readonly count: number | null;
  readonly start?: number;
  readonly interval: Duration;
}

function parseRepetition(text: string): Repetition | undefined {
  const parts = text.trim().split('/');
  if (!/^R\d*$/.test(parts[0] ?? '')) return undefined;
  const count = parts[0] === 'R' ? null : Number(parts[0]!.slice(1));
  if (parts.length === 2) return { count, interval: parseDuration(parts[1]!) };
  if (parts.length === 3) {
    // R/start/duration or R/duration/end (the latter repeats the duration up to the end)
    if (parts[1]!.startsWith('P')) return { count, interval: parseDuration(parts[1]!) };
    return { count, start: parseDate(parts[1]!), interval: parseDuration(parts[2]!) };
  }
  throw new TimerSpecError(
    `'${text}' is not a repeating interval (e.g. R3/PT1H or R/2030-01-01T00:00:00Z/P1D)`,
  );
}

/** `CRON_TZ=Europe/Berlin 0 9 * * 1-5`: a cron expression read in a time zone (default UTC). */
const CRON_ZONE = /^\s*CRON_TZ=(\S+)\s+/;

function cron(text: string): Cron {
  const timezone = CRON_ZONE.exec(text)?.[1] ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone }); // throws for a zone that does not exist
    return new Cron(text.replace(CRON_ZONE, '').trim(), { paused: true, timezone });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TimerSpecError(
      `'${text}' is neither a repeating interval (R3/PT1H) nor a cron expression: ${reason}`,
    );
  }
}

function nextCron(text: string, after: number): number | undefined {
  const next = cron(text).nextRun(new Date(after));
  return next ? next.getTime() : undefined;
}

/** The first occurrence of a timer armed at `now`. */
export function firstOccurrence(kind: TimerKind, text: string, now: number): Occurrence | undefined {
  if (kind === 'date') return { dueAt: parseDate(text) };
  if (kind === 'duration') return { dueAt: plus(now, parseDuration(text)) };
  const repetition = parseRepetition(text);
  if (!repetition) {
    const dueAt = nextCron(text, now);
    return dueAt === undefined ? undefined : { dueAt, remaining: null };
  }
  if (repetition.count === 0) return undefined;
  const remaining = repetition.count === null ? null : repetition.count - 1;
  if (repetition.start === undefined) return { dueAt: plus(now, repetition.interval), remaining };
  let dueAt = repetition.start;
  let left = remaining;
  // A start in the past skips the occurrences already missed (they are not replayed).
  while (dueAt < now && (left === null || left > 0)) {
    dueAt = plus(dueAt, repetition.interval);
    if (left !== null) left--;
  }
  return { dueAt, remaining: left };
}

/** The occurrence after `previousDue` of a cycle that has `remaining` occurrences left. */
export function nextOccurrence(
  cycle: string,
  previousDue: number,
  remaining: number | null,
): Occurrence | undefined {
  if (remaining !== null && remaining <= 0) return undefined;
  const repetition = parseRepetition(cycle);
  const left = remaining === null ? null : remaining - 1;
  if (!repetition) {
    const dueAt = nextCron(cycle, previousDue);
    return dueAt === undefined ? undefined : { dueAt, remaining: left };
  }
  return { dueAt: plus(previousDue, repetition.interval), remaining: left };
}

/** Returns why a timer value is not valid, or undefined. */
export function checkTimer(kind: TimerKind, text: string): string | undefined {
  try {
    firstOccurrence(kind, text, 0);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
