/**
 * An EventLog as CSV, one row per event in case order, with the columns the CSV importer
 * guesses without help: case:concept:name, concept:name, time:timestamp (ISO 8601, UTC),
 * org:resource, lifecycle:transition. Fields are quoted when they need it (RFC 4180).
 */
import { writeFile } from 'node:fs/promises';
import { type EventLog, NONE } from './event-log.js';

const field = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function toCsv(log: EventLog): string {
  const rows = ['case:concept:name,concept:name,time:timestamp,org:resource,lifecycle:transition'];
  for (let c = 0; c < log.caseCount; c++) {
    const id = field(log.caseIds[c]!);
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const a = log.activity[e]!;
      const t = log.time[e]!;
      const r = log.resource[e]!;
      const l = log.lifecycle[e]!;
      rows.push(
        [
          id,
          a === NONE ? '' : field(log.activities[a]!),
          Number.isNaN(t) ? '' : new Date(t).toISOString(),
          r === NONE ? '' : field(log.resources[r]!),
          l === NONE ? '' : field(log.lifecycles[l]!),
        ].join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

export const writeCsvFile = (log: EventLog, path: string): Promise<void> => writeFile(path, toCsv(log));
