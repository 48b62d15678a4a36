/**
 * The event log every insight analysis reads: cases, each an ordered run of events with an
 * activity, a timestamp, a resource and a lifecycle transition. It is columnar (one typed
 * array per field, strings interned into small dictionaries) because the analyses scan
 * millions of events and a column of numbers scans an order of magnitude faster than an
 * array of objects, and takes a tenth of the memory.
 *
 * Events of one case are contiguous: case `c` owns events `caseStart[c]` up to, not
 * including, `caseStart[c + 1]`, in the log's order (document order for XES, timestamp order
 * for CSV; see `sortedByTimestamp`). The log is immutable once built.
 */

import type { CaseFacts } from './case-facts.js';

/** Code of a missing activity, resource or lifecycle; a missing timestamp is NaN. */
export const NONE = -1;

/** How an event without an activity is named in results (the ground truth calls it None). */
export const MISSING_ACTIVITY = '(none)';

export interface LogMeta {
  /** Where the log came from: a file name, or `sluice:<processId>`. */
  readonly source: string;
  readonly format: 'xes' | 'csv' | 'history' | 'memory';
  /** Log-level attributes (XES `<log>` children), as text. */
  readonly attributes: Readonly<Record<string, string>>;
  /** XES classifiers: name and the attribute keys that make up an event's class. */
  readonly classifiers: readonly { readonly name: string; readonly keys: readonly string[] }[];
  /** Which attribute keys made the activity, e.g. ['concept:name']. */
  readonly activityKeys: readonly string[];
  /** Events stood outside any trace (XES allows them); they belong to no case and are left out. */
  readonly eventsOutsideTraces: number;
  /**
   * What the time column counts: real time (`calendar`, the default) or working time on a
   * calendar (`working`, see working-clock.ts), where only durations mean anything.
   */
  readonly clock?: 'calendar' | 'working';
}

export interface EventLog {
  readonly caseCount: number;
  readonly eventCount: number;
  readonly caseStart: Uint32Array;
  readonly caseIds: readonly string[];
  readonly activity: Int32Array;
  /** Milliseconds since the epoch; NaN when the event has no timestamp. */
  readonly time: Float64Array;
  readonly resource: Int32Array;
  readonly lifecycle: Int32Array;
  readonly activities: readonly string[];
  readonly resources: readonly string[];
  /** Lifecycle transitions, lower case (`start`, `complete`, `schedule` ...). */
  readonly lifecycles: readonly string[];
  readonly meta: LogMeta;
  /** How cases ended, their incidents and SLA breaches, where the source records them (history). */
  readonly facts?: CaseFacts;
}

/** A string dictionary: each distinct string gets the next code. */
export class Interner {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }
}

export const activityName = (log: EventLog, code: number): string =>
  code === NONE ? MISSING_ACTIVITY : (log.activities[code] ?? MISSING_ACTIVITY);

export const lifecycleCode = (log: EventLog, name: string): number => log.lifecycles.indexOf(name);

/** The activity names of one case, in order. */
export function caseActivities(log: EventLog, c: number): string[] {
  const names: string[] = [];
  for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++)
    names.push(activityName(log, log.activity[e]!));
  return names;
}

export const defaultMeta = (source: string, format: LogMeta['format']): LogMeta => ({
  source,
  format,
  attributes: {},
  classifiers: [],
  activityKeys: ['concept:name'],
  eventsOutsideTraces: 0,
});
