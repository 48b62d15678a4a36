/**
 * Sluice's own history as an event log. Given a claims process run on a virtual clock, where
 * people claim and complete a review and a handler pays, when the history is read as a log,
 * then each instance is a case, each activity execution carries its offered, started and
 * completed times and the person who did it, and the measures follow from them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityTimes } from '../../src/insight/activity-times.js';
import { caseActivities, type EventLog } from '../../src/insight/event-log.js';
import { historyLog } from '../../src/insight/history-log.js';
import { summarize } from '../../src/insight/log-summary.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { type Harness, harness } from '../support/engine.js';

const claims = bpmn(
  'claims',
  `<bpmn:startEvent id="start"/><bpmn:userTask id="review" name="Review claim"/>${serviceTask('pay', 'pay-claim')}
   <bpmn:exclusiveGateway id="done"/><bpmn:endEvent id="end"/>${flows('start>review', 'review>pay', 'pay>done', 'done>end')}`,
);

const minute = 60_000;

describe('the history of a claims process, read as an event log', () => {
  let h: Harness;
  let log: EventLog;

  beforeAll(async () => {
    h = await harness([claims], { 'pay-claim': () => ({ paid: true }) });
    for (const [reviewer, waitMinutes] of [
      ['kim', 30],
      ['lee', 90],
    ] as const) {
      await h.sluice.start('claims');
      await h.advance(waitMinutes * minute);
      const [task] = (await h.sluice.tasks({ state: 'open' })).items;
      await h.sluice.claimTask(task!.id, reviewer);
      await h.advance(10 * minute);
      await h.sluice.completeTask(task!.id, { actor: reviewer });
      await h.sluice.idle();
    }
    log = await historyLog(h.sluice.store, { processId: 'claims' });
  });
  afterAll(() => h.sluice.close());

  it('has one case per instance and names activities as the model does', () => {
    const s = summarize(log);
    expect(s.cases).toBe(2);
    expect(caseActivities(log, 0)).toEqual([
      'Review claim',
      'Review claim',
      'Review claim',
      'pay',
      'pay',
      'pay',
    ]);
    expect(s.endActivities).toEqual({ pay: 2 });
  });

  it('maps enabled, started and completed to schedule, start and complete, with the actor as resource', () => {
    const c = log.caseStart;
    const review = Array.from({ length: 3 }, (_, i) => c[0]! + i);
    expect(review.map((e) => log.lifecycles[log.lifecycle[e]!])).toEqual(['schedule', 'start', 'complete']);
    expect(log.resources).toEqual(['kim', 'lee']);
  });

  it('measures waiting as offered to claimed and processing as claimed to completed', () => {
    const review = activityTimes(log).find((a) => a.activity === 'Review claim')!;
    expect(review.waiting).toMatchObject({ count: 2, min: 30 * 60, max: 90 * 60 });
    expect(review.processing).toMatchObject({ count: 2, median: 10 * 60 });
  });

  it('takes gateways and events too when asked', async () => {
    const all = await historyLog(h.sluice.store, { processId: 'claims', elements: 'all' });
    expect(caseActivities(all, 0)).toEqual(expect.arrayContaining(['start', 'done', 'end']));
  });

  it('reads one version alone, and none for a version that never ran', async () => {
    expect((await historyLog(h.sluice.store, { processId: 'claims', version: 1 })).caseCount).toBe(2);
    expect((await historyLog(h.sluice.store, { processId: 'claims', version: 2 })).caseCount).toBe(0);
  });
});
