/**
 * The traps of the reference logs, one scenario each, and the importer's behaviour on XML
 * that only the general parser handles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { activityTimes } from '../../src/insight/activity-times.js';
import { caseActivities } from '../../src/insight/event-log.js';
import { importLogFile } from '../../src/insight/import-log-file.js';
import { EventLogImportError } from '../../src/insight/log-findings.js';
import { sortedByTimestamp } from '../../src/insight/log-order.js';
import { summarize } from '../../src/insight/log-summary.js';
import { importXes } from '../../src/insight/xes-import.js';
import { FastXmlScanner } from '../../src/insight/xml-fast-scanner.js';
import { haveLogs, logsDir } from './log-files.js';

const log = async (file: string) => (await importLogFile(join(logsDir, file))).log;

describe.runIf(haveLogs)('the traps of the reference logs', () => {
  it('interval_event_log has 9 variants in document order and 10 when sorted by timestamp', async () => {
    const xes = await log('interval_event_log.xes');
    expect(summarize(xes).variants).toBe(9);
    expect(summarize(sortedByTimestamp(xes)).variants).toBe(10);
    // the CSV export of the same log sorts by time when read, unless told to keep file order
    expect(summarize(await log('interval_event_log.csv')).variants).toBe(10);
    const fileOrder = await importLogFile(join(logsDir, 'interval_event_log.csv'), { order: 'file' });
    expect(summarize(fileOrder.log).variants).toBe(9);
  });

  it('10_orders writes 2019/11/03 01:11:19.000 as a string timestamp, and it is read as a date', async () => {
    const imported = await importLogFile(join(logsDir, '10_orders.xes.gz'));
    expect(imported.findings.map((f) => f.code)).toContain('timestamp-as-string');
    expect(new Date(imported.log.time[0]!).toISOString()).toBe('2019-11-03T01:11:19.000Z');
    expect(summarize(imported.log).caseDuration.median).toBe(414000);
  });

  it('09_a32f0n00 has no timestamps at all: counts hold and durations are null, not zero', async () => {
    const s = summarize(await log('09_a32f0n00.xes.gz'));
    expect([s.cases, s.events, s.variants]).toEqual([1000, 25757, 1000]);
    expect(s.caseDuration).toEqual({ median: null, mean: null, min: null, max: null });
  });

  it('teleclaims pairs start and complete, so processing times exist and rework counts executions', async () => {
    const teleclaims = await log('02_teleclaims.xes.gz');
    expect(teleclaims.lifecycles).toEqual(expect.arrayContaining(['start', 'complete']));
    const times = activityTimes(teleclaims);
    const withProcessing = times.filter((t) => t.processing.count > 0);
    expect(withProcessing.length).toBeGreaterThan(0);
    for (const t of withProcessing) expect(t.processing.min).toBeGreaterThanOrEqual(0);
  });

  it('xes_20 has an event without concept:name and list and container attributes that are not the event name', async () => {
    const xes20 = await log('xes_20.xes');
    expect(caseActivities(xes20, 0)).toEqual(['(none)']);
  });
});

describe('the XES importer', () => {
  const xes = (body: string): string =>
    `<?xml version="1.0"?>\n<log xes.version="1849-2016">\n${body}\n</log>`;
  const event = (name: string): string => `<event><string key="concept:name" value="${name}"/></event>`;

  it('reads DOCTYPE and CDATA, which the fast scanner leaves to saxes', async () => {
    const text = xes(`<trace><![CDATA[ ]]>${event('a')}${event('b')}</trace>`).replace(
      '?>',
      '?><!DOCTYPE log>',
    );
    const { log } = await importXes(text);
    expect(caseActivities(log, 0)).toEqual(['a', 'b']);
  });

  it('decodes entities and character references in values', async () => {
    const { log } = await importXes(xes(`<trace>${event('Tom &amp; Jerry &#x263A; &lt;3')}</trace>`));
    expect(caseActivities(log, 0)).toEqual(['Tom & Jerry ☺ <3']);
  });

  it('reports XML that is not well-formed with its line, through saxes', async () => {
    const error = await importXes(xes(`<trace>\n${event('a')}\n</event></trace>`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventLogImportError);
    expect((error as EventLogImportError).findings[0]).toMatchObject({ code: 'not-well-formed', line: 5 });
  });

  it('reads gzipped bytes as well as text', async () => {
    const { log } = await importXes(gzipSync(Buffer.from(xes(`<trace>${event('a')}</trace>`))));
    expect(caseActivities(log, 0)).toEqual(['a']);
  });

  it('refuses a file that is not XES', async () => {
    await expect(importXes('<definitions/>')).rejects.toThrow(/root element is <definitions>, not <log>/);
  });

  it('can use a classifier of the log as the activity', async () => {
    const body = `<classifier name="with lifecycle" keys="concept:name lifecycle:transition"/>
      <trace><event><string key="concept:name" value="a"/><string key="lifecycle:transition" value="start"/></event></trace>`;
    const { log } = await importXes(xes(body), { classifier: 'with lifecycle' });
    expect(caseActivities(log, 0)).toEqual(['a+start']);
  });
});

describe.runIf(haveLogs)('the fast XML scanner', () => {
  it('hears the same elements whatever the chunk boundaries', () => {
    const text = readFileSync(join(logsDir, 'running-example.xes'), 'utf8');
    const heard = (chunk: number): string[] => {
      const names: string[] = [];
      const scanner = new FastXmlScanner({
        open: (name, attributes) => names.push(`${name}:${attributes.get('value') ?? ''}`),
        typedAttribute: (type, key, value) => names.push(`${type}:${key}=${value}`, '/'),
        close: () => names.push('/'),
        text: () => {},
      });
      for (let i = 0; i < text.length; i += chunk) scanner.write(text.slice(i, i + chunk));
      scanner.close();
      return names;
    };
    const whole = heard(text.length);
    expect(whole.length).toBeGreaterThan(400);
    for (const chunk of [1, 7, 64, 1000]) expect(heard(chunk)).toEqual(whole);
  });
});
