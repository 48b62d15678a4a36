import { describe, expect, it } from 'vitest';
import type { JobHandler } from '../../src/index.js';
import { createSluice, VirtualClock } from '../../src/index.js';
import type { MultiInstance, ProcessGraph } from '../../src/model/graph.js';
import { importBpmn } from '../../src/model/index.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';

/** The model's graph with multi-instance characteristics added to one activity. */
async function withMultiInstance(
  xml: string,
  elementId: string,
  multiInstance: MultiInstance,
): Promise<ProcessGraph> {
  const graph = (await importBpmn(xml)).processes[0]!.graph!;
  return {
    ...graph,
    elements: { ...graph.elements, [elementId]: { ...graph.elements[elementId]!, multiInstance } as never },
  };
}

async function engine(graph: ProcessGraph, handlers: Record<string, JobHandler> = {}) {
  const clock = new VirtualClock();
  const sluice = await createSluice({ db: ':memory:', clock, handlers, pollMs: 60_000 });
  await sluice.deployGraph(graph);
  sluice.run();
  return { sluice, clock };
}

const review = bpmn(
  'reviews',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="review"/>
   <bpmn:boundaryEvent id="deadline" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   <bpmn:endEvent id="e"/><bpmn:endEvent id="late"/>${flows('s>review', 'review>e', 'deadline>late')}`,
);

describe('multi-instance activities', () => {
  it('run one task per item in parallel and collect the outputs in item order', async () => {
    const graph = await withMultiInstance(review, 'review', {
      sequential: false,
      collection: 'reviewers',
      elementVariable: 'reviewer',
      outputCollection: 'verdicts',
      outputElement: '{who: reviewer, ok: approved}',
    });
    const { sluice } = await engine(graph);
    const { instanceId } = await sluice.start('reviews', { variables: { reviewers: ['ann', 'bob', 'cy'] } });
    const tasks = (await sluice.tasks()).items;
    expect(tasks).toHaveLength(3);
    const byReviewer = new Map(tasks.map((t) => [t.variables.reviewer as string, t.id]));
    await sluice.completeTask(byReviewer.get('cy')!, { variables: { approved: false } });
    await sluice.completeTask(byReviewer.get('ann')!, { variables: { approved: true } });
    expect((await sluice.instance(instanceId)).status).toBe('active');
    await sluice.completeTask(byReviewer.get('bob')!, { variables: { approved: true } });
    const done = await sluice.instance(instanceId);
    expect(done.status).toBe('completed');
    expect(done.variables.verdicts).toEqual([
      { who: 'ann', ok: true },
      { who: 'bob', ok: true },
      { who: 'cy', ok: false },
    ]);
    expect(done.variables).not.toHaveProperty('approved'); // instance results stay in their instance
  });

  it('run the instances one after another when sequential, counting with loopCounter', async () => {
    const model = bpmn(
      'batch',
      `<bpmn:startEvent id="s"/>${serviceTask('send', 'send')}<bpmn:endEvent id="e"/>${flows('s>send', 'send>e')}`,
    );
    const graph = await withMultiInstance(model, 'send', {
      sequential: true,
      cardinality: 'count',
      outputCollection: 'receipts',
      outputElement: 'receipt',
    });
    let running = 0;
    let overlapped = false;
    const { sluice } = await engine(graph, {
      send: async (job) => {
        overlapped ||= ++running > 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return { receipt: `r${String(job.variables.loopCounter)}` };
      },
    });
    const { instanceId } = await sluice.start('batch', { variables: { count: 4 } });
    await sluice.idle();
    const done = await sluice.instance(instanceId);
    expect(done.status).toBe('completed');
    expect(done.variables.receipts).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(overlapped).toBe(false);
  });

  it('end early when the completion condition holds, cancelling the instances still open', async () => {
    const graph = await withMultiInstance(review, 'review', {
      sequential: false,
      collection: 'reviewers',
      elementVariable: 'reviewer',
      completionCondition: 'nrOfCompletedInstances >= 2',
    });
    const { sluice } = await engine(graph);
    const { instanceId } = await sluice.start('reviews', { variables: { reviewers: ['ann', 'bob', 'cy'] } });
    const [first, second] = (await sluice.tasks()).items;
    await sluice.completeTask(first!.id);
    await sluice.completeTask(second!.id);
    expect((await sluice.instance(instanceId)).status).toBe('completed');
    expect((await sluice.tasks()).items).toEqual([]);
    expect((await sluice.tasks({ state: 'cancelled' })).items).toHaveLength(1);
  });

  it('interrupt every instance by a boundary event of the activity as a whole', async () => {
    const graph = await withMultiInstance(review, 'review', {
      sequential: false,
      collection: 'reviewers',
      elementVariable: 'reviewer',
    });
    const { sluice, clock } = await engine(graph);
    const { instanceId } = await sluice.start('reviews', { variables: { reviewers: ['ann', 'bob'] } });
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    clock.advance(2 * 24 * 3600_000);
    await sluice.idle();
    const done = await sluice.instance(instanceId);
    expect(done.status).toBe('completed');
    expect(done.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId)).toEqual([
      's',
      'review',
      'deadline',
      'late',
    ]);
    expect((await sluice.tasks()).items).toEqual([]);
    expect((await sluice.store.countOpen()).timers).toBe(0);
  });

  it('pass straight through an empty collection, and raise an incident for one that is not a list', async () => {
    const graph = await withMultiInstance(review, 'review', {
      sequential: false,
      collection: 'reviewers',
      outputCollection: 'out',
      outputElement: '1',
    });
    const { sluice } = await engine(graph);
    const empty = await sluice.start('reviews', { variables: { reviewers: [] } });
    expect((await sluice.instance(empty.instanceId)).variables.out).toEqual([]);
    expect(empty.state.status).toBe('completed');
    const wrong = await sluice.start('reviews', { variables: { reviewers: 'ann' } });
    const [incident] = await sluice.incidents({ open: true });
    expect(incident).toMatchObject({ instanceId: wrong.instanceId, elementId: 'review' });
    expect(incident!.message).toMatch(/collection 'reviewers' of 'review' is not a list/);
  });
});
