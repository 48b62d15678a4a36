/**
 * CSV logs: columns found by their usual names or given, timestamp formats given or guessed,
 * rows of a case gathered and put in time order; and the timestamp parsers underneath.
 */
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../src/insight/csv-import.js';
import { caseActivities } from '../../src/insight/event-log.js';
import { EventLogImportError } from '../../src/insight/log-findings.js';
import { guessTimestampFormat, timestampFormat } from '../../src/insight/timestamp-formats.js';
import { parseIsoTime } from '../../src/insight/timestamps.js';

const utc = (text: string): number => Date.parse(text);

describe('timestamps', () => {
  it('read xs:dateTime and the near-ISO forms real logs write', () => {
    expect(parseIsoTime('2011-04-13T14:02:31.199+02:00')).toEqual({
      ms: utc('2011-04-13T12:02:31.199Z'),
      lenient: false,
    });
    expect(parseIsoTime('2019/11/03 01:11:19.000')).toEqual({
      ms: utc('2019-11-03T01:11:19Z'),
      lenient: true,
    });
    expect(parseIsoTime('2015-01-05 09:02:50+00:00')?.ms).toBe(utc('2015-01-05T09:02:50Z'));
    expect(parseIsoTime('2002-05-30T09:30:10')?.ms).toBe(utc('2002-05-30T09:30:10Z'));
    expect(parseIsoTime('2002-05-30T09:30:10-0530')?.ms).toBe(utc('2002-05-30T15:00:10Z'));
    expect(parseIsoTime('2002-05-30')?.ms).toBe(utc('2002-05-30T00:00:00Z'));
    for (const bad of ['2002-0530T09:30:10Z', 'yesterday', '2002-13-01', '2002-05-30T25:00', '']) {
      expect(parseIsoTime(bad)).toBeUndefined();
    }
  });

  it('read patterns where m before the hour is the month and after it the minute', () => {
    expect(timestampFormat('dd-mm-yyyy HH:MM:SS').parse('03-11-2019 01:11:19')).toBe(
      utc('2019-11-03T01:11:19Z'),
    );
    expect(timestampFormat('dd-MM-yyyy HH:mm').parse('03-11-2019 01:11')).toBe(utc('2019-11-03T01:11:00Z'));
    expect(timestampFormat('%d.%m.%Y %H:%M:%S').parse('03.11.2019 01:11:19')).toBe(
      utc('2019-11-03T01:11:19Z'),
    );
    expect(timestampFormat('epoch-s').parse('1572743479')).toBe(1572743479000);
    expect(() => timestampFormat('HH:MM')).toThrow(/needs at least a year and a day/);
  });

  it('guess the format from the values, day first unless a value says otherwise', () => {
    expect(guessTimestampFormat(['2019-11-03T01:11:19Z'])?.name).toBe('iso');
    expect(guessTimestampFormat(['1572743479', '1572743480'])?.name).toBe('epoch-s');
    expect(guessTimestampFormat(['1572743479000'])?.name).toBe('epoch-ms');
    expect(guessTimestampFormat(['03-11-2019 01:11:19', '25-12-2019 10:00:00'])?.name).toBe(
      'dd-mm-yyyy HH:MM:SS',
    );
    expect(guessTimestampFormat(['11/25/2019 10:00'])?.name).toBe('mm/dd/yyyy HH:MM');
    expect(guessTimestampFormat(['soon'])).toBeUndefined();
  });
});

describe('a CSV log', () => {
  const csv = [
    'Case ID;Activity;Start Time;User',
    'B;register;04-01-2024 09:00:00;ann',
    'A;register;03-01-2024 09:00:00;ann',
    'A;"check; carefully";03-01-2024 12:00:00;bob',
    'A;approve;03-01-2024 10:00:00;"cy ""the boss"""',
    'B;approve;04-01-2024 11:00:00;cy',
  ].join('\r\n');

  it('finds its columns, delimiter and date format without being told', () => {
    const { log } = importCsv(csv, { columns: { timestamp: 'Start Time' } });
    expect(log.caseIds).toEqual(['B', 'A']);
    expect(caseActivities(log, 1)).toEqual(['register', 'approve', 'check; carefully']);
    expect(log.resources).toContain('cy "the boss"');
    expect(new Date(log.time[0]!).toISOString()).toBe('2024-01-04T09:00:00.000Z');
  });

  it('keeps the rows in file order when asked', () => {
    const { log } = importCsv(csv, { columns: { timestamp: 'Start Time' }, order: 'file' });
    expect(caseActivities(log, 1)).toEqual(['register', 'check; carefully', 'approve']);
  });

  it('names the columns it has when one asked for is missing', () => {
    expect(() => importCsv(csv, { columns: { case: 'Order' } })).toThrow(EventLogImportError);
    expect(() => importCsv(csv, { columns: { case: 'Order' } })).toThrow(
      "there is no column 'Order' for the case; the columns are 'Case ID', 'Activity', 'Start Time', 'User'",
    );
    expect(() => importCsv('x,y\n1,2\n')).toThrow(/no column for the case and activity/);
  });

  it('warns, and leaves events without time, when timestamps fit no format', () => {
    const { log, findings } = importCsv('case,activity,timestamp\n1,a,soon\n1,b,later\n');
    expect(findings.map((f) => f.code)).toEqual(['unknown-timestamp-format']);
    expect(Number.isNaN(log.time[0]!)).toBe(true);
  });
});
