import { describe, expect, it } from 'vitest';
import { step } from '../../src/core/step.js';
import type { Command } from '../../src/core/types.js';
import { importBpmn } from '../../src/model/bpmn-import.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';

const model = bpmn(
  'pure',
  `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>${serviceTask('a', 'a')}<bpmn:userTask id="b"/>
   <bpmn:boundaryEvent id="late" attachedToRef="b"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   <bpmn:parallelGateway id="join"/><bpmn:endEvent id="end"/><bpmn:endEvent id="timeout"/>
   ${flows('start>fork', 'fork>a', 'fork>b', 'a>join', 'b>join', 'join>end', 'late>timeout')}`,
);

const context = () => {
  let n = 0;
  return { now: 1_000_000, newId: () => `id-${++n}` };
};

describe('the core step (invariant 1: pure)', () => {
  it('gives the same result for the same state and command, and never mutates its input', async () => {
    const graph = (await importBpmn(model)).processes[0]!.graph!;
    const start: Command = {
      type: 'start',
      instanceId: 'i',
      processId: 'pure',
      version: 1,
      variables: { x: { nested: 1 } },
    };
    const first = step(graph, undefined, start, context());
    expect(step(graph, undefined, start, context())).toEqual(first);

    const frozen = JSON.stringify(first.state);
    const job = first.effects.find((e) => e.kind === 'create-job')!;
    const complete: Command = {
      type: 'complete-job',
      instanceId: 'i',
      jobId: job.kind === 'create-job' ? job.jobId : '',
      variables: { x: { nested: 2 } },
    };
    const a = step(graph, first.state, complete, context());
    const b = step(graph, first.state, complete, context());
    expect(a).toEqual(b);
    expect(JSON.stringify(first.state)).toBe(frozen);
    expect(a.state.scopes.i!.vars).toEqual({ x: { nested: 2 } });
  });

  it('rejects a command for a job that is no longer active, naming it', async () => {
    const graph = (await importBpmn(model)).processes[0]!.graph!;
    const first = step(
      graph,
      undefined,
      { type: 'start', instanceId: 'i', processId: 'pure', version: 1 },
      context(),
    );
    expect(() =>
      step(graph, first.state, { type: 'complete-job', instanceId: 'i', jobId: 'nope' }, context()),
    ).toThrow(/job 'nope' of instance 'i' is not active/);
  });
});
