import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../src/work/calendar/calendar-types.js';
import { parseWeeklyHours } from '../../src/work/calendar/weekly-hours.js';
import { workingCalendar } from '../../src/work/calendar/working-calendar.js';
import { slaDeadlines, slaStatus } from '../../src/work/sla/sla-evaluation.js';
import { parseEscalationLadder, parseSlaDuration } from '../../src/work/sla/sla-text.js';
import { defaultLadder, type Sla } from '../../src/work/sla/sla-types.js';
import { at, hour, local, minute } from './time-helpers.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const office = (id: string, timeZone: string, extra: Partial<WorkCalendar> = {}) =>
  workingCalendar({ id, timeZone, week: parseWeeklyHours('mon-fri 09:00-17:00').week, ...extra });

const berlin = office('berlin', BERLIN);
const fourWorkingHours: Sla = { duration: 4 * hour, clock: 'working', ladder: defaultLadder };
const problemOf = (parsed: { value: number } | { problem: string }): string | undefined =>
  'problem' in parsed ? parsed.problem : undefined;
const when = (deadlines: { percent: number; at: number }[], zone = BERLIN) =>
  deadlines.map((d) => `${d.percent}% ${local(d.at, zone)}`);

describe('an SLA of four working hours', () => {
  it('reminds at 75% and breaches at 100%, over the weekend the clocks go forward', () => {
    const deadlines = slaDeadlines(fourWorkingHours, berlin, at('2025-03-28T15:00', BERLIN));
    expect(when(deadlines)).toEqual(['75% 2025-03-31 10:00 +02:00', '100% 2025-03-31 11:00 +02:00']);
    expect(deadlines[0]!.actions).toEqual([{ kind: 'remind', to: 'assignee' }]);
    expect(deadlines[1]).toMatchObject({
      breach: true,
      actions: [
        { kind: 'notify', to: 'accountable' },
        { kind: 'reassign', to: 'supervisor' },
        { kind: 'raise-priority', by: 1 },
      ],
    });
  });

  it('runs around the clock in calendar time', () => {
    const sla: Sla = { ...fourWorkingHours, clock: 'calendar' };
    expect(when(slaDeadlines(sla, undefined, at('2025-03-28T15:00', BERLIN)))).toEqual([
      '75% 2025-03-28 18:00 +01:00',
      '100% 2025-03-28 19:00 +01:00',
    ]);
  });

  it('skips public holidays: Easter in Bavaria', () => {
    const bavaria = office('munich', BERLIN, { holidays: { country: 'DE', region: 'BY' } });
    expect(when(slaDeadlines(fourWorkingHours, bavaria, at('2025-04-17T15:00', BERLIN)))).toEqual([
      '75% 2025-04-22 10:00 +02:00',
      '100% 2025-04-22 11:00 +02:00',
    ]);
  });

  it("follows the calendar it is given: the New York assignee's is not the Berlin team's", () => {
    const start = at('2025-06-03T15:00', BERLIN); // 09:00 in New York
    const nyc = office('nyc', NEW_YORK);
    expect(when(slaDeadlines(fourWorkingHours, berlin, start))).toEqual([
      '75% 2025-06-04 10:00 +02:00',
      '100% 2025-06-04 11:00 +02:00',
    ]);
    expect(when(slaDeadlines(fourWorkingHours, nyc, start), NEW_YORK)).toEqual([
      '75% 2025-06-03 12:00 -04:00',
      '100% 2025-06-03 13:00 -04:00',
    ]);
  });

  it('needs the calendar when it counts working time', () => {
    expect(() => slaDeadlines(fourWorkingHours, undefined, 0)).toThrow(/needs the calendar/);
  });
});

describe('a paused clock', () => {
  const start = at('2025-03-24T09:00', BERLIN); // Monday

  it('moves the deadlines by the working time the pause took', () => {
    // Waiting for the customer from 10:00 to 12:00 Monday: those 2 working hours do not count.
    const shortWait = [{ from: at('2025-03-24T10:00', BERLIN), to: at('2025-03-24T12:00', BERLIN) }];
    expect(when(slaDeadlines(fourWorkingHours, berlin, start, shortWait))).toEqual([
      '75% 2025-03-24 14:00 +01:00',
      '100% 2025-03-24 15:00 +01:00',
    ]);
    // Waiting until 15:00: one hour of the SLA is left over for Tuesday morning.
    const longWait = [{ from: at('2025-03-24T10:00', BERLIN), to: at('2025-03-24T15:00', BERLIN) }];
    expect(when(slaDeadlines(fourWorkingHours, berlin, start, longWait))).toEqual([
      '75% 2025-03-24 17:00 +01:00',
      '100% 2025-03-25 10:00 +01:00',
    ]);
  });

  it('holds the deadline exactly at the instant the clock stops, when the time runs out then', () => {
    const pauses = [{ from: at('2025-03-24T13:00', BERLIN), to: at('2025-03-25T09:00', BERLIN) }];
    expect(when(slaDeadlines(fourWorkingHours, berlin, start, pauses))).toEqual([
      '75% 2025-03-24 12:00 +01:00',
      '100% 2025-03-24 13:00 +01:00',
    ]);
  });

  it('leaves out the instants behind an open pause and says the clock is paused', () => {
    const pauses = [{ from: at('2025-03-24T12:30', BERLIN) }];
    expect(when(slaDeadlines(fourWorkingHours, berlin, start, pauses))).toEqual([
      '75% 2025-03-24 12:00 +01:00',
    ]);
    const status = slaStatus(fourWorkingHours, berlin, start, pauses, at('2025-03-26T12:00', BERLIN));
    expect(status).toEqual({
      elapsed: 3.5 * hour,
      remaining: 0.5 * hour,
      percent: 87.5,
      breached: false,
      paused: true,
    });
  });

  it('takes pauses that overlap, arrive unsorted or began before the clock did', () => {
    const pauses = [
      { from: at('2025-03-24T11:00', BERLIN), to: at('2025-03-24T12:00', BERLIN) },
      { from: at('2025-03-24T08:00', BERLIN), to: at('2025-03-24T10:00', BERLIN) },
      { from: at('2025-03-24T11:30', BERLIN), to: at('2025-03-24T13:00', BERLIN) },
    ];
    // Runs 10:00-11:00 and from 13:00: four hours are up at 16:00.
    expect(when(slaDeadlines(fourWorkingHours, berlin, start, pauses)).at(-1)).toBe(
      '100% 2025-03-24 16:00 +01:00',
    );
  });
});

describe('the status of an SLA', () => {
  const start = at('2025-03-24T09:00', BERLIN);

  it('tells the time used, the time left and the next step', () => {
    expect(slaStatus(fourWorkingHours, berlin, start, [], at('2025-03-24T11:00', BERLIN))).toMatchObject({
      elapsed: 2 * hour,
      remaining: 2 * hour,
      percent: 50,
      breached: false,
      paused: false,
      dueAt: at('2025-03-24T13:00', BERLIN),
      next: { percent: 75, at: at('2025-03-24T12:00', BERLIN) },
    });
  });

  it('is breached from the due instant on, and counts how far overdue in working time', () => {
    expect(slaStatus(fourWorkingHours, berlin, start, [], at('2025-03-24T13:00', BERLIN))).toMatchObject({
      breached: true,
      remaining: 0,
    });
    const nextMorning = slaStatus(fourWorkingHours, berlin, start, [], at('2025-03-25T10:30', BERLIN));
    expect(nextMorning).toMatchObject({ breached: true, remaining: -5.5 * hour, percent: 237.5 });
    expect(nextMorning).not.toHaveProperty('next');
  });

  it('has used nothing before it starts', () => {
    expect(slaStatus(fourWorkingHours, berlin, start, [], start - hour)).toMatchObject({
      elapsed: 0,
      percent: 0,
    });
  });
});

describe('escalation ladders', () => {
  it('always carry the 100% instant, marked as the breach, even without a step there', () => {
    const sla: Sla = {
      duration: hour,
      clock: 'calendar',
      ladder: [{ percent: 50, actions: [{ kind: 'remind', to: 'assignee' }] }],
    };
    expect(
      slaDeadlines(sla, undefined, 0).map((d) => [d.percent, d.at / minute, d.actions.length, d.breach]),
    ).toEqual([
      [50, 30, 1, false],
      [100, 60, 0, true],
    ]);
  });

  it('go beyond 100% for a second escalation', () => {
    const { steps, problems } = parseEscalationLadder(
      '75%: remind; 100%: notify accountable, reassign supervisor, raise-priority; 150%: notify group:managers, priority +2',
    );
    expect(problems).toEqual([]);
    expect(steps).toEqual([
      { percent: 75, actions: [{ kind: 'remind', to: 'assignee' }] },
      {
        percent: 100,
        actions: [
          { kind: 'notify', to: 'accountable' },
          { kind: 'reassign', to: 'supervisor' },
          { kind: 'raise-priority', by: 1 },
        ],
      },
      {
        percent: 150,
        actions: [
          { kind: 'notify', to: { group: 'managers' } },
          { kind: 'raise-priority', by: 2 },
        ],
      },
    ]);
    const sla: Sla = { duration: 4 * hour, clock: 'working', ladder: steps };
    expect(when(slaDeadlines(sla, berlin, at('2025-03-24T09:00', BERLIN)))).toEqual([
      '75% 2025-03-24 12:00 +01:00',
      '100% 2025-03-24 13:00 +01:00',
      '150% 2025-03-24 15:00 +01:00',
    ]);
  });

  it('name what is wrong in a ladder', () => {
    expect(parseEscalationLadder('75% remind; 100%: shout boss, notify; 120%: priority -1').problems).toEqual(
      [
        "'75% remind' should be 'percent%: action, action', e.g. '75%: remind'",
        "'shout' is not an escalation action: say remind, notify, reassign or raise-priority",
        "'notify' needs a party, e.g. 'notify supervisor'",
        "'100%: shout boss, notify' has no actions",
        "'priority -1' should raise the priority by a whole number, e.g. 'raise-priority 2'",
        "'120%: priority -1' has no actions",
      ],
    );
  });
});

describe('SLA durations', () => {
  it('are hours and minutes of working time', () => {
    expect(parseSlaDuration('PT4H', 'working')).toEqual({ value: 4 * hour });
    expect(parseSlaDuration('PT1H30M', 'working')).toEqual({ value: 90 * minute });
  });

  it('refuse days of working time, whose length depends on the calendar', () => {
    expect(parseSlaDuration('P2D', 'working')).toEqual({
      problem:
        "'P2D' counts days of working time, whose length depends on the calendar; write hours (e.g. PT48H for 48 working hours, or PT8H for one 8-hour working day)",
    });
  });

  it('take days and weeks of calendar time, but not months', () => {
    expect(parseSlaDuration('P1DT12H', 'calendar')).toEqual({ value: 36 * hour });
    expect(parseSlaDuration('P1W', 'calendar')).toEqual({ value: 7 * 24 * hour });
    expect(problemOf(parseSlaDuration('P1M', 'calendar'))).toMatch(/months or years/);
  });

  it('refuse text that is not a duration, and no time at all', () => {
    expect(problemOf(parseSlaDuration('4 hours', 'working'))).toMatch(/not an ISO 8601 duration/);
    expect(problemOf(parseSlaDuration('PT0S', 'calendar'))).toMatch(/no time at all/);
  });
});
