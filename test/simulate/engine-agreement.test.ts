/**
 * The simulator follows the engine's semantics: given the same case data, each model takes the
 * same path in both. The engine side drives the pure core's `step` directly, completing every
 * job and task as soon as it appears; the simulator runs the same graph with the data fixed
 * and records which activities completed.
 */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/core/step.js';
import type { Command, Effect, HistoryEvent, InstanceState } from '../../src/core/types.js';
import { activityKinds, type ElementKind, type ProcessGraph } from '../../src/model/graph.js';
import { process as bpmn } from '../../src/model/index.js';
import { caseActivities } from '../../src/insight/event-log.js';
import { simulatedLog } from '../../src/simulate/replications.js';
import { parseScenario } from '../../src/simulate/scenario.js';

/**
 * The engine's path on a virtual clock: jobs and tasks complete at once, timers fire when due,
 * and a message arrives `delays[element]` ms after its catch event subscribed (never without).
 */
function enginePath(
  graph: ProcessGraph,
  variables: Record<string, unknown>,
  delays: Record<string, number> = {},
): string[] {
  let ids = 0;
  const ctx = { now: 0, newId: () => `id-${++ids}` };
  const completed: string[] = [];
  let pending: { at: number; seq: number; key?: string; command: Command }[] = [];
  const later = (at: number, command: Command, key?: string): void =>
    void pending.push({ at, seq: ids++, command, ...(key !== undefined && { key }) });
  const take = (events: HistoryEvent[], effects: Effect[]): void => {
    for (const e of events)
      if (e.type === 'element.completed' && activityKinds.has(e.elementType as ElementKind))
        completed.push(e.elementId!);
    for (const effect of effects) {
      if (effect.kind === 'create-job')
        later(ctx.now, { type: 'complete-job', instanceId: 'i', jobId: effect.jobId });
      if (effect.kind === 'create-task')
        later(ctx.now, { type: 'task', instanceId: 'i', taskId: effect.taskId, action: { op: 'complete' } });
      if (effect.kind === 'schedule-timer')
        later(
          effect.dueAt,
          { type: 'fire-timer', instanceId: 'i', timerId: effect.timerId, dueAt: effect.dueAt },
          effect.timerId,
        );
      if (effect.kind === 'subscribe-message' && delays[effect.elementId] !== undefined)
        later(
          ctx.now + delays[effect.elementId]!,
          {
            type: 'correlate-message',
            instanceId: 'i',
            subscriptionId: effect.subscriptionId,
            messageName: effect.name,
          },
          effect.subscriptionId,
        );
      if (effect.kind === 'cancel-timer') pending = pending.filter((p) => p.key !== effect.timerId);
      if (effect.kind === 'unsubscribe-message')
        pending = pending.filter((p) => p.key !== effect.subscriptionId);
    }
  };
  let result = step(
    graph,
    undefined,
    { type: 'start', instanceId: 'i', processId: graph.id, version: 1, variables },
    ctx,
  );
  let state: InstanceState = result.state;
  take(result.events, result.effects);
  while (pending.length > 0 && state.status === 'active') {
    pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = pending.shift()!;
    ctx.now = Math.max(ctx.now, next.at);
    result = step(graph, state, next.command, ctx);
    state = result.state;
    take(result.events, result.effects);
  }
  return completed.sort();
}

function simulatedPath(
  graph: ProcessGraph,
  variables: Record<string, unknown>,
  delays: Record<string, number> = {},
): string[] {
  const scenario = parseScenario({
    cases: 1,
    arrivals: { kind: 'poisson', rate: 1 },
    data: Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [
        k,
        { kind: 'choice', values: [v as string | number | boolean] },
      ]),
    ),
    events: Object.fromEntries(
      Object.entries(delays).map(([id, ms]) => [id, { delay: { kind: 'fixed', value: ms / 1000 } }]),
    ),
  });
  const log = simulatedLog(graph, scenario);
  const complete = log.lifecycles.indexOf('complete');
  const names: string[] = [];
  for (let e = log.caseStart[0]!; e < log.caseStart[1]!; e++)
    if (log.lifecycle[e] === complete) names.push(log.activities[log.activity[e]!]!);
  expect(caseActivities(log, 0).length).toBeGreaterThanOrEqual(names.length);
  return names.sort();
}

const exclusive = bpmn('exclusive')
  .startEvent('start')
  .userTask('review')
  .exclusiveGateway('big')
  .flow('big', 'approve', { condition: 'amount > 100' })
  .userTask('approve')
  .exclusiveGateway('merge')
  .endEvent('end')
  .from('big', { default: true })
  .serviceTask('auto', { type: 'auto' })
  .to('merge')
  .build();

const parallel = bpmn('parallel')
  .startEvent('start')
  .parallelGateway('split')
  .userTask('a')
  .parallelGateway('join')
  .serviceTask('after', { type: 'x' })
  .endEvent('end')
  .from('split')
  .userTask('b')
  .to('join')
  .build();

const inclusive = bpmn('inclusive')
  .startEvent('start')
  .inclusiveGateway('or')
  .flow('or', 'a', { condition: 'x > 1' })
  .userTask('a')
  .inclusiveGateway('orJoin')
  .userTask('after')
  .endEvent('end')
  .from('or', { condition: 'y > 1' })
  .userTask('b')
  .to('orJoin')
  .from('or', { default: true })
  .userTask('c')
  .to('orJoin')
  .build();

const errorCaught = bpmn('error-caught')
  .startEvent('start')
  .subProcess('sub', (s) =>
    s
      .startEvent('subStart')
      .userTask('check')
      .exclusiveGateway('ok')
      .flow('ok', 'fail', { condition: 'bad = true' })
      .endEvent('fail', { error: 'E1' })
      .from('ok', { default: true })
      .endEvent('subEnd'),
  )
  .userTask('after')
  .endEvent('end')
  .boundaryEvent('caught', { attachedTo: 'sub', error: 'E1' })
  .userTask('handle')
  .endEvent('handled')
  .build();

const hour = 3_600_000;

const timerInLine = bpmn('timer-in-line')
  .startEvent('start')
  .userTask('a')
  .intermediateCatchEvent('wait', { timer: { duration: 'PT1H' } })
  .userTask('b')
  .endEvent('end')
  .build();

const race = bpmn('race')
  .startEvent('start')
  .eventBasedGateway('which')
  .intermediateCatchEvent('paid', { message: 'paid' })
  .userTask('thank')
  .endEvent('thanked')
  .from('which')
  .intermediateCatchEvent('late', { timer: { duration: 'PT1H' } })
  .userTask('remind')
  .endEvent('reminded')
  .build();

const terminate = bpmn('terminate')
  .startEvent('start')
  .parallelGateway('split')
  .userTask('a')
  .endEvent('stop', { terminate: true })
  .from('split')
  .intermediateCatchEvent('wait', { timer: { duration: 'PT1H' } })
  .userTask('b')
  .endEvent('end')
  .build();

const timedOut = bpmn('timed-out')
  .startEvent('start')
  .subProcess('sub', (s) =>
    s
      .startEvent('subStart')
      .userTask('x')
      .intermediateCatchEvent('slow', { timer: { duration: 'PT2H' } })
      .userTask('y')
      .endEvent('subEnd'),
  )
  .userTask('after')
  .endEvent('end')
  .boundaryEvent('tooLong', { attachedTo: 'sub', timer: { duration: 'PT1H' } })
  .userTask('handle')
  .endEvent('handled')
  .build();

const reviews = (options: { sequential?: boolean; cardinality?: string }) =>
  bpmn('reviews')
    .startEvent('start')
    .userTask('review', { multiInstance: { cardinality: options.cardinality ?? 'n', ...options } })
    .userTask('decide')
    .endEvent('end')
    .build();

const reviewRounds = bpmn('review-rounds')
  .startEvent('start')
  .subProcess('round', { multiInstance: { cardinality: '2' } }, (s) =>
    s.startEvent('roundStart').userTask('read').serviceTask('score', { type: 'score' }).endEvent('roundEnd'),
  )
  .endEvent('end')
  .build();

const looped = (loop: { condition: string; testBefore?: boolean; maximum?: number }) =>
  bpmn('looped').startEvent('start').userTask('retry', { loop }).userTask('done').endEvent('end').build();

const cases: [string, ProcessGraph, Record<string, unknown>, Record<string, number>?][] = [
  ['an exclusive gateway, condition true', exclusive, { amount: 500 }],
  ['an exclusive gateway, default flow', exclusive, { amount: 50 }],
  ['a parallel split and join', parallel, {}],
  ['an inclusive split taking two flows', inclusive, { x: 2, y: 2 }],
  ['an inclusive split taking one flow', inclusive, { x: 2, y: 0 }],
  ['an inclusive split falling to its default', inclusive, { x: 0, y: 0 }],
  ['a subprocess ending normally', errorCaught, { bad: false }],
  ['a subprocess error caught by a boundary event', errorCaught, { bad: true }],
  ['a timer catch event between two tasks', timerInLine, {}],
  ['an event-based gateway whose message comes first', race, {}, { paid: hour / 2 }],
  ['an event-based gateway whose timer comes first', race, {}, { paid: 2 * hour }],
  ['a terminate end event cutting a waiting branch short', terminate, {}],
  ['an interrupting boundary timer on a subprocess', timedOut, {}],
  ['a parallel multi-instance task', reviews({}), { n: 3 }],
  ['a sequential multi-instance task', reviews({ sequential: true }), { n: 2 }],
  ['a multi-instance task with no instances', reviews({}), { n: 0 }],
  ['a parallel multi-instance subprocess', reviewRounds, {}],
  ['a standard loop', looped({ condition: 'loopCounter < 3' }), {}],
  ['a standard loop stopped by its maximum', looped({ condition: 'true', maximum: 4 }), {}],
  ['a while loop whose condition fails at once', looped({ condition: 'false', testBefore: true }), {}],
];

describe('the simulator and the engine', () => {
  it.each(cases)('complete the same activities through %s', (_, graph, variables, delays = {}) => {
    const path = enginePath(graph, variables, delays);
    expect(path.length).toBeGreaterThan(0);
    expect(simulatedPath(graph, variables, delays)).toEqual(path);
  });
});

describe('the harness itself', () => {
  it('sees the race, the loop and the instances as they are meant to run', () => {
    expect(enginePath(race, {}, { paid: hour / 2 })).toEqual(['thank']);
    expect(enginePath(race, {}, { paid: 2 * hour })).toEqual(['remind']);
    expect(enginePath(looped({ condition: 'loopCounter < 3' }), {})).toEqual([
      'done',
      'retry',
      'retry',
      'retry',
    ]);
    expect(enginePath(reviews({}), { n: 3 })).toEqual(['decide', 'review', 'review', 'review']);
    expect(enginePath(timedOut, {})).toEqual(['handle', 'x']);
  });
});

describe('a caught subprocess error', () => {
  it('leads both to the handler, not past the subprocess', () => {
    expect(enginePath(errorCaught, { bad: true })).toEqual(['check', 'handle']);
  });
});
