/**
 * SLAs through the engine on the virtual clock: deadlines counted in working time on the
 * Berlin team's calendar and on a New York assignee's, across daylight-saving changes and
 * public holidays; the ladder's timers fire at the computed instants.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, local, minute } from './time-helpers.js';
import { oneTask, type WorkHarness, workHarness } from './work-harness.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const nineToFive = { from: '09:00', to: '17:00' };

/** Nia works for the Berlin desk from New York, on New York's hours and holidays. */
const newYorkAssignee = {
  calendars: [
    {
      id: 'nyc',
      timeZone: NEW_YORK,
      week: { mon: [nineToFive], tue: [nineToFive], wed: [nineToFive], thu: [nineToFive], fri: [nineToFive] },
      holidays: { country: 'US', region: 'NY' },
      closedDates: [],
    },
  ],
  users: [{ id: 'nia', name: 'Nia', email: 'nia@example.com', active: true, calendarId: 'nyc' }],
  memberships: [{ userId: 'nia', groupId: 'desk' }],
};

const slaTask = (calendar: 'team' | 'assignee'): string =>
  oneTask(
    `ticket-${calendar}`,
    `sluice:assignment="direct" sluice:assignee="nia" sluice:responsible="group:desk" sluice:sla="PT8H" sluice:calendar="${calendar}"`,
  );

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harnessAt(start: number): Promise<WorkHarness> {
  const harness = await workHarness([slaTask('team'), slaTask('assignee')], {}, start);
  await harness.sluice.work.directory.apply(newYorkAssignee);
  return harness;
}

/** Moves the clock to one minute before `instant`, checks nothing of `type` happened, then to `instant`. */
async function reach(harness: WorkHarness, instanceId: string, type: string, instant: number) {
  await harness.advance(instant - minute - harness.clock.now());
  expect(await harness.events(instanceId, type)).toEqual([]);
  await harness.advance(minute);
  const events = await harness.sluice.instance(instanceId);
  return events.history.filter((e) => e.type === type);
}

describe('an SLA of eight working hours, through the engine', () => {
  it("on the Berlin team's calendar skips Good Friday and Easter Monday, over the night the clocks go forward", async () => {
    h = await harnessAt(at('2024-03-28T15:00', BERLIN)); // Maundy Thursday
    const id = await h.start('ticket-team');
    const [task] = await h.openTasks(id);
    // Thursday 15-17 is two hours; Friday and Monday are holidays; Tuesday 09:00 + 6 hours, in summer time.
    expect(local(task!.dueAt!, BERLIN)).toBe('2024-04-02 15:00 +02:00');

    const reminders = await reach(h, id, 'task.sla-reminded', at('2024-04-02T13:00', BERLIN));
    expect(reminders).toHaveLength(1);
    expect(local(reminders[0]!.at, BERLIN)).toBe('2024-04-02 13:00 +02:00');
    expect(reminders[0]!.data).toMatchObject({ percent: 75, assignee: 'nia' });
    expect((await h.sluice.work.notifications('nia')).map((n) => n.type)).toContain('sla.reminder');

    const breaches = await reach(h, id, 'task.sla-breached', task!.dueAt!);
    expect(breaches).toHaveLength(1);
    expect(local(breaches[0]!.at, BERLIN)).toBe('2024-04-02 15:00 +02:00');
    expect(breaches[0]!.data).toMatchObject({
      percent: 100,
      dueAt: task!.dueAt,
      assignee: 'nia',
      reassignedTo: 'sue',
    });
  });

  it("on the New York assignee's calendar from the same instant works through Good Friday, not a holiday there", async () => {
    h = await harnessAt(at('2024-03-28T15:00', BERLIN)); // 10:00 in New York
    const id = await h.start('ticket-assignee');
    const [task] = await h.openTasks(id);
    // Thursday 10-17 is seven hours, Friday 09-10 the eighth.
    expect(local(task!.dueAt!, NEW_YORK)).toBe('2024-03-29 10:00 -04:00');

    const reminders = await reach(h, id, 'task.sla-reminded', at('2024-03-28T16:00', NEW_YORK));
    expect(reminders).toHaveLength(1);
    const breaches = await reach(h, id, 'task.sla-breached', at('2024-03-29T10:00', NEW_YORK));
    expect(breaches.map((e) => local(e.at, NEW_YORK))).toEqual(['2024-03-29 10:00 -04:00']);
  });

  it("on the New York assignee's calendar runs over the weekend New York's clocks go forward", async () => {
    h = await harnessAt(at('2024-03-08T11:00', NEW_YORK)); // Friday, in winter time
    const id = await h.start('ticket-assignee');
    const [task] = await h.openTasks(id);
    // Friday 11-17 is six hours; Monday 09-11 in summer time the other two:
    // Friday 11:00 to Monday 11:00 is 71 real hours, not 72.
    expect(local(task!.dueAt!, NEW_YORK)).toBe('2024-03-11 11:00 -04:00');
    expect(task!.dueAt! - at('2024-03-08T11:00', NEW_YORK)).toBe(71 * 60 * minute);

    const reminders = await reach(h, id, 'task.sla-reminded', at('2024-03-08T17:00', NEW_YORK));
    expect(reminders.map((e) => local(e.at, NEW_YORK))).toEqual(['2024-03-08 17:00 -05:00']);
    const breaches = await reach(h, id, 'task.sla-breached', task!.dueAt!);
    expect(breaches).toHaveLength(1);
  });
});
