/**
 * CSV in, EventLog out. One row is one event; columns are mapped to case, activity,
 * timestamp, resource and lifecycle, by name when given and otherwise by the usual names
 * (`case:concept:name`, `case id`, `concept:name`, `activity`, `time:timestamp`,
 * `org:resource`, `lifecycle:transition` ...). The timestamp format is guessed from the
 * column's values when not given (see timestamp-formats.ts).
 *
 * Rows of one case need not be adjacent. Cases come in the order of their first row, and a
 * case's events are sorted by time, stably (rows with equal times keep file order; rows
 * without a time go last), because a CSV's row order is rarely meaningful while its times
 * are. `order: 'file'` keeps the rows' order instead.
 */
import { readFile } from 'node:fs/promises';
import { type EventLog, Interner, NONE } from './event-log.js';
import { EventLogImportError, type LogFinding, Warnings } from './log-findings.js';
import { type LogInput, textOf } from './log-source.js';
import { type CsvTable, parseCsv } from './csv-table.js';
import { guessTimestampFormat, timestampFormat } from './timestamp-formats.js';
import type { ImportedLog } from './xes-import.js';

export interface CsvColumns {
  readonly case?: string;
  readonly activity?: string;
  readonly timestamp?: string;
  readonly resource?: string;
  readonly lifecycle?: string;
}

export interface CsvOptions {
  readonly columns?: CsvColumns;
  /** `iso`, `epoch-s`, `epoch-ms` or a pattern like `dd-mm-yyyy HH:MM:SS`; guessed when absent. */
  readonly timestampFormat?: string;
  readonly delimiter?: string;
  readonly order?: 'time' | 'file';
  readonly fileName?: string;
}

const GUESSES: Readonly<Record<keyof CsvColumns, readonly string[]>> = {
  case: [
    'case:concept:name',
    'case id',
    'caseid',
    'case',
    'case_id',
    'case:id',
    'trace',
    'trace id',
    'instance',
  ],
  activity: [
    'concept:name',
    'activity',
    'activity name',
    'activityname',
    'event',
    'task',
    'event name',
    'action',
  ],
  timestamp: [
    'time:timestamp',
    'timestamp',
    'complete timestamp',
    'end timestamp',
    'end time',
    'endtime',
    'time',
    'date',
    'datetime',
    'start timestamp',
  ],
  resource: ['org:resource', 'resource', 'user', 'performer', 'agent', 'employee'],
  lifecycle: ['lifecycle:transition', 'lifecycle', 'transition', 'event type', 'status'],
};

const normal = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

/** The header index of each role: the given column or the first usual name present. */
export function mapColumns(
  header: readonly string[],
  given: CsvColumns = {},
  fileName?: string,
): Record<keyof CsvColumns, number> {
  const normalized = header.map(normal);
  const find = (role: keyof CsvColumns): number => {
    const wanted = given[role];
    if (wanted !== undefined) {
      const exact = header.indexOf(wanted);
      const index = exact >= 0 ? exact : normalized.indexOf(normal(wanted));
      if (index < 0) {
        throw new EventLogImportError([
          {
            severity: 'error',
            code: 'unknown-column',
            message: `there is no column '${wanted}' for the ${role}; the columns are ${header.map((h) => `'${h}'`).join(', ')}`,
            ...(fileName !== undefined && { file: fileName }),
            line: 1,
          },
        ]);
      }
      return index;
    }
    for (const guess of GUESSES[role]) {
      const index = normalized.indexOf(guess);
      if (index >= 0) return index;
    }
    return -1;
  };
  return {
    case: find('case'),
    activity: find('activity'),
    timestamp: find('timestamp'),
    resource: find('resource'),
    lifecycle: find('lifecycle'),
  };
}

export async function importCsvFile(path: string, options: CsvOptions = {}): Promise<ImportedLog> {
  return importCsv(await readFile(path), { fileName: path, ...options });
}

export function importCsv(input: LogInput, options: CsvOptions = {}): ImportedLog {
  const text = [...textOf(input)].join('');
  const table = parseCsv(text, options.delimiter);
  return buildLog(table, options);
}

function buildLog(table: CsvTable, options: CsvOptions): ImportedLog {
  const file = options.fileName;
  const at = (line?: number): Pick<LogFinding, 'file' | 'line'> => ({
    ...(file !== undefined && { file }),
    ...(line !== undefined && { line }),
  });
  const col = mapColumns(table.header, options.columns, file);
  const missing = (['case', 'activity'] as const).filter((role) => col[role] < 0);
  if (missing.length > 0) {
    throw new EventLogImportError([
      {
        severity: 'error',
        code: 'unknown-column',
        message: `no column for the ${missing.join(' and ')} among ${table.header.map((h) => `'${h}'`).join(', ')}; name it with --${missing[0]}-column`,
        ...at(1),
      },
    ]);
  }
  const warnings = new Warnings();
  const rows = table.rows;
  const n = rows.length;
  const cell = (r: number, c: number): string | undefined => (c < 0 ? undefined : rows[r]![c]);
  const format =
    col.timestamp < 0
      ? undefined
      : options.timestampFormat !== undefined
        ? timestampFormat(options.timestampFormat)
        : guessTimestampFormat(rows.slice(0, 200).map((_, r) => cell(r, col.timestamp) ?? ''));
  if (col.timestamp >= 0 && format === undefined) {
    warnings.add({
      code: 'unknown-timestamp-format',
      message: `the values of column '${table.header[col.timestamp]}' (such as '${cell(0, col.timestamp)}') fit no known timestamp format; give one with --timestamp-format`,
      ...at(1),
    });
  }
  const caseOf = new Interner();
  const activities = new Interner();
  const resources = new Interner();
  const lifecycles = new Interner();
  const rowCase = new Int32Array(n);
  const activity = new Int32Array(n);
  const time = new Float64Array(n);
  const resource = new Int32Array(n);
  const lifecycle = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    rowCase[r] = caseOf.code(cell(r, col.case) ?? '');
    const a = cell(r, col.activity);
    activity[r] = a === undefined || a === '' ? NONE : activities.code(a);
    const t = cell(r, col.timestamp);
    time[r] = t === undefined || t === '' || !format ? Number.NaN : format.parse(t);
    if (Number.isNaN(time[r]!) && t !== undefined && t !== '' && format) {
      warnings.add({
        code: 'unreadable-timestamp',
        message: `timestamp '${t}' does not fit format '${format.name}'; such events have no time`,
        ...at(table.lines[r]),
      });
    }
    const res = cell(r, col.resource);
    resource[r] = res === undefined || res === '' ? NONE : resources.code(res);
    const l = cell(r, col.lifecycle);
    lifecycle[r] = l === undefined || l === '' ? NONE : lifecycles.code(l.trim().toLowerCase());
  }
  const order = eventOrder(rowCase, caseOf.values.length, time, options.order ?? 'time');
  const caseStart = new Uint32Array(caseOf.values.length + 1);
  for (let r = 0; r < n; r++) caseStart[rowCase[r]! + 1]!++;
  for (let c = 0; c < caseOf.values.length; c++) caseStart[c + 1]! += caseStart[c]!;
  const pick = <T extends Int32Array | Float64Array>(column: T): T =>
    column.map((_, i) => column[order[i]!]!) as T;
  const log: EventLog = {
    caseCount: caseOf.values.length,
    eventCount: n,
    caseStart,
    caseIds: caseOf.values,
    activity: pick(activity),
    time: pick(time),
    resource: pick(resource),
    lifecycle: pick(lifecycle),
    activities: activities.values,
    resources: resources.values,
    lifecycles: lifecycles.values,
    meta: {
      source: file ?? 'csv',
      format: 'csv',
      attributes: {},
      classifiers: [],
      activityKeys: [table.header[col.activity]!],
      eventsOutsideTraces: 0,
    },
  };
  return { log, findings: warnings.list() };
}

/** Row indices grouped by case (cases by first row), each case by time when asked. */
function eventOrder(
  rowCase: Int32Array,
  cases: number,
  time: Float64Array,
  by: 'time' | 'file',
): Uint32Array {
  const n = rowCase.length;
  const start = new Uint32Array(cases + 1);
  for (let r = 0; r < n; r++) start[rowCase[r]! + 1]!++;
  for (let c = 0; c < cases; c++) start[c + 1]! += start[c]!;
  const next = start.slice(0, cases);
  const order = new Uint32Array(n);
  for (let r = 0; r < n; r++) order[next[rowCase[r]!]!++] = r;
  if (by === 'file') return order;
  for (let c = 0; c < cases; c++) {
    const slice = Array.from(order.subarray(start[c], start[c + 1]));
    slice.sort((a, b) => timeKey(time[a]!) - timeKey(time[b]!) || a - b);
    order.set(slice, start[c]);
  }
  return order;
}

const timeKey = (t: number): number => (Number.isNaN(t) ? Infinity : t);
