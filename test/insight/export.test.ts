/**
 * Exports: a log written as XES or CSV and read back is the same log: same cases, events,
 * activities, times, resources and lifecycle transitions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/insight/csv-import.js';
import { toCsv } from '../../src/insight/csv-export.js';
import type { EventLog } from '../../src/insight/event-log.js';
import { importLogFile } from '../../src/insight/import-log-file.js';
import { summarize } from '../../src/insight/log-summary.js';
import { toXes, writeXesFile } from '../../src/insight/xes-export.js';
import { importXes, importXesFile } from '../../src/insight/xes-import.js';
import { haveLogs, logsDir } from './log-files.js';

const fields = (log: EventLog) => ({
  caseIds: log.caseIds,
  caseStart: Array.from(log.caseStart),
  events: Array.from(log.activity, (a, e) => [
    log.activities[a],
    log.time[e],
    log.resources[log.resource[e]!],
    log.lifecycles[log.lifecycle[e]!],
  ]),
});

describe.runIf(haveLogs)('exporting a log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('to XES and back gives the same log', async () => {
    const { log } = await importLogFile(join(logsDir, '03_repairExample.xes.gz'));
    const again = (await importXes(toXes(log))).log;
    expect(fields(again)).toEqual(fields(log));
    const path = join(dir, 'repair.xes');
    await writeXesFile(log, path);
    const fromFile = await importXesFile(path);
    expect(fromFile.findings).toEqual([]);
    expect(summarize(fromFile.log)).toEqual(summarize(log));
  });

  it('to CSV and back gives the same log', async () => {
    const { log } = await importLogFile(join(logsDir, 'running-example.xes'));
    const again = importCsv(toCsv(log)).log;
    expect(fields(again)).toEqual(fields(log));
  });
});
