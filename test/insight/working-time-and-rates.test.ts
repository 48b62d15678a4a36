/**
 * Working time, rates, utilisation and branches on small logs whose answers can be worked out
 * by hand: a calendar of weekday office hours, cases that end in different ways, people who
 * work on a calendar, and a decision whose outcomes differ in length and in failures.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { branchAnalysis } from '../../src/insight/branches.js';
import { readWorkingCalendar } from '../../src/insight/calendar-input.js';
import { caseRates, outcomeCode } from '../../src/insight/case-facts.js';
import { casesWithin } from '../../src/insight/case-window.js';
import { eventLogOf } from '../../src/insight/event-log-builder.js';
import type { EventLog } from '../../src/insight/event-log.js';
import { importLogBytes } from '../../src/insight/import-log-bytes.js';
import { analyze } from '../../src/insight/log-analysis.js';
import { slaSeries } from '../../src/insight/sla-series.js';
import { utilisation } from '../../src/insight/utilisation.js';

const at = (iso: string): number => Date.parse(iso);
const office = readWorkingCalendar('{"timeZone": "UTC", "week": "mon-fri 09:00-17:00"}');

describe('durations in working time', () => {
  // Friday 2026-03-06 16:00 to Monday 10:00: 66 hours of calendar time, 2 working hours.
  const log = eventLogOf({
    weekend: [
      { activity: 'a', time: at('2026-03-06T16:00:00Z') },
      { activity: 'b', time: at('2026-03-09T10:00:00Z') },
    ],
  });

  it('counts a case over a weekend as the working hours it spans', () => {
    expect(analyze(log).summary.caseDuration.median).toBe(66 * 3600);
    const working = analyze(log, { calendar: office });
    expect(working.clock).toBe('working');
    expect(working.summary.caseDuration.median).toBe(2 * 3600);
    expect(working.map.edges[0]!.meanSeconds).toBe(2 * 3600);
  });

  it('keeps periods in calendar time', () => {
    expect(analyze(log, { calendar: office, period: 'day' }).throughput.map((p) => p.period)).toEqual([
      '2026-03-06',
      '2026-03-09',
    ]);
  });

  it('refuses a calendar it cannot read, naming the problem and how to write one', () => {
    expect(() => readWorkingCalendar('{"timeZone": "UTC", "week": "someday 9-5"}')).toThrow(/week/);
    expect(() => readWorkingCalendar('not json')).toThrow(/not JSON/);
  });
});

describe('rates of failure, cancellation, incidents and SLA breaches', () => {
  const base = eventLogOf({
    ok: [{ activity: 'a', time: at('2026-03-02T09:00:00Z') }],
    failed: [
      { activity: 'a', time: at('2026-03-02T10:00:00Z') },
      { activity: 'b', time: at('2026-03-02T11:00:00Z'), lifecycle: 'pi_abort' },
    ],
    cancelled: [{ activity: 'a', time: at('2026-03-10T09:00:00Z'), lifecycle: 'ate_abort' }],
  });

  it('reads failures and cancellations from a file log’s lifecycle, and leaves incidents unknown', () => {
    expect(caseRates(base)).toMatchObject({
      cases: 3,
      completed: 1,
      failed: 1,
      cancelled: 1,
      incidents: null,
      slaBreachRate: null,
    });
    expect(slaSeries(base)).toEqual([]);
  });

  it('counts recorded incidents and SLA breaches per case, and breaches per week', () => {
    const log: EventLog = {
      ...base,
      facts: {
        outcome: Uint8Array.from([outcomeCode('completed'), outcomeCode('failed'), outcomeCode('open')]),
        incidents: [{ case: 1, at: at('2026-03-02T11:00:00Z'), activity: 'b' }],
        slaBreaches: [
          { case: 0, at: at('2026-03-03T09:00:00Z'), activity: 'a' },
          { case: 0, at: at('2026-03-04T09:00:00Z'), activity: 'a' },
          { case: 2, at: at('2026-03-11T09:00:00Z'), activity: 'a' },
        ],
        recorded: true,
      },
    };
    expect(caseRates(log)).toMatchObject({ open: 1, incidents: 1, slaBreaches: 3, casesWithSlaBreach: 2 });
    expect(caseRates(log).slaBreachRate).toBeCloseTo(2 / 3);
    expect(slaSeries(log, 'week')).toEqual([
      { period: '2026-03-02', casesArrived: 2, casesBreached: 1, breachRate: 0.5, breaches: 2 },
      { period: '2026-03-09', casesArrived: 1, casesBreached: 1, breachRate: 1, breaches: 1 },
    ]);
    const window = casesWithin(log, { from: at('2026-03-09T00:00:00Z') });
    expect(caseRates(window)).toMatchObject({ cases: 1, open: 1, slaBreaches: 1 });
  });
});

describe('utilisation per person and team', () => {
  // Ann works 09:00-11:00 and 10:00-12:00 (overlapping: 3 busy hours) on Monday 2026-03-02.
  const log = eventLogOf({
    c1: [
      { activity: 'a', time: at('2026-03-02T09:00:00Z'), resource: 'ann', lifecycle: 'start' },
      { activity: 'a', time: at('2026-03-02T11:00:00Z'), resource: 'ann', lifecycle: 'complete' },
    ],
    c2: [
      { activity: 'a', time: at('2026-03-02T10:00:00Z'), resource: 'ann', lifecycle: 'start' },
      { activity: 'a', time: at('2026-03-02T12:00:00Z'), resource: 'ann', lifecycle: 'complete' },
      { activity: 'b', time: at('2026-03-02T20:00:00Z'), resource: 'bob', lifecycle: 'start' },
      { activity: 'b', time: at('2026-03-02T21:00:00Z'), resource: 'bob', lifecycle: 'complete' },
    ],
  });
  const day = { from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z') };

  it('is busy working time over available working time, overlaps counted once', () => {
    const u = utilisation(log, { ...day, calendar: office, teams: { desk: ['ann', 'bob'] } });
    const ann = u.people.find((p) => p.person === 'ann')!;
    expect(ann).toMatchObject({ executions: 2, cases: 2, busySeconds: 3 * 3600, availableSeconds: 8 * 3600 });
    expect(ann.utilisation).toBeCloseTo(3 / 8);
    // Bob worked at night: no working time of his calendar was spent.
    expect(u.people.find((p) => p.person === 'bob')!.busySeconds).toBe(0);
    expect(u.teams[0]).toMatchObject({ team: 'desk', busySeconds: 3 * 3600, availableSeconds: 16 * 3600 });
  });

  it('counts people as available around the clock without a calendar', () => {
    const u = utilisation(log, day);
    expect(u.people.find((p) => p.person === 'bob')!.utilisation).toBeCloseTo(1 / 24);
  });
});

describe('branch analysis without a model', () => {
  it('tells, after each activity where cases part, how long and how often failing each way is', () => {
    const t = (h: number) => at('2026-03-02T00:00:00Z') + h * 3600_000;
    const log = eventLogOf({
      1: [
        { activity: 'check', time: t(0) },
        { activity: 'approve', time: t(1) },
      ],
      2: [
        { activity: 'check', time: t(0) },
        { activity: 'approve', time: t(3) },
      ],
      3: [
        { activity: 'check', time: t(0) },
        { activity: 'escalate', time: t(10), lifecycle: 'pi_abort' },
      ],
    });
    const [check] = branchAnalysis(log);
    expect(check).toMatchObject({ id: 'check', kind: 'activity', cases: 3 });
    expect(check!.outcomes).toEqual([
      expect.objectContaining({ outcome: 'approve', cases: 2, medianSeconds: 2 * 3600, failureShare: 0 }),
      expect.objectContaining({ outcome: 'escalate', cases: 1, medianSeconds: 10 * 3600, failureShare: 1 }),
    ]);
  });
});

describe('a log uploaded as bytes', () => {
  it('refuses a gzip that unpacks past the limit before parsing it', async () => {
    const bomb = gzipSync(Buffer.alloc(2_000_000, 'a'));
    await expect(
      importLogBytes(bomb, { fileName: 'bomb.csv', maxTextBytes: 1_000_000 }),
    ).rejects.toMatchObject({
      code: 'log-too-large',
    });
  });
});
