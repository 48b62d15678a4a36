import { describe, expect, it } from 'vitest';
import { step } from '../../src/core/step.js';
import type { Command, Effect, InstanceState } from '../../src/core/types.js';
import { importBpmn } from '../../src/model/bpmn-import.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';

const model = bpmn(
  'pure2',
  `<bpmn:startEvent id="s"/>${serviceTask('book', 'book')}
   <bpmn:boundaryEvent id="bookComp" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
   <bpmn:serviceTask id="unbook" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="unbook"/></bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:association id="a" sourceRef="bookComp" targetRef="unbook"/>
   ${serviceTask('pay', 'pay')}
   <bpmn:boundaryEvent id="big" attachedToRef="pay" cancelActivity="false"><bpmn:conditionalEventDefinition><bpmn:condition>= amount > 10</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
   <bpmn:endEvent id="bigEnd"/>
   <bpmn:endEvent id="e"><bpmn:compensateEventDefinition/></bpmn:endEvent>
   <bpmn:subProcess id="ask" triggeredByEvent="true">
     <bpmn:startEvent id="asked" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
     <bpmn:endEvent id="answered"/>${flows('asked>answered')}
   </bpmn:subProcess>
   ${flows('s>book', 'book>pay', 'pay>e', 'big>bigEnd')}`,
  '<bpmn:message id="m" name="question"/>',
);

/** Ids unique to each step of the scenario, the same however often the step is repeated. */
const context = (stepNo: number) => {
  let n = 0;
  return { now: 1_000_000, newId: () => `s${stepNo}-${++n}` };
};

const jobOf = (effects: Effect[], elementId: string): string => {
  const job = effects.find((e) => e.kind === 'create-job' && e.elementId === elementId);
  return job?.kind === 'create-job' ? job.jobId : '';
};

describe('the core step with event subprocesses, conditions and compensation (invariant 1: pure)', () => {
  it('gives the same result for the same input and never mutates the state it was given', async () => {
    const graph = (await importBpmn(model)).processes[0]!.graph!;
    let stepNo = 0;
    const apply = (state: InstanceState | undefined, cmd: Command) => {
      const frozen = JSON.stringify(state);
      stepNo++;
      const first = step(graph, state, cmd, context(stepNo));
      expect(JSON.stringify(state)).toBe(frozen);
      expect(step(graph, state, cmd, context(stepNo))).toEqual(first);
      return first;
    };
    const started = apply(undefined, { type: 'start', instanceId: 'i', processId: 'pure2', version: 1 });
    const listener = started.effects.find((e) => e.kind === 'subscribe-message');
    expect(listener).toMatchObject({ elementId: 'asked', name: 'question' });
    const booked = apply(started.state, {
      type: 'complete-job',
      instanceId: 'i',
      jobId: jobOf(started.effects, 'book'),
    });
    const asked = apply(booked.state, {
      type: 'correlate-message',
      instanceId: 'i',
      subscriptionId: listener?.kind === 'subscribe-message' ? listener.subscriptionId : '',
      messageName: 'question',
      variables: { amount: 50 },
    });
    expect(asked.events.map((e) => e.elementId).filter(Boolean)).toEqual(
      expect.arrayContaining(['asked', 'answered', 'ask', 'big', 'bigEnd']),
    );
    const paid = apply(asked.state, {
      type: 'complete-job',
      instanceId: 'i',
      jobId: jobOf(booked.effects, 'pay'),
    });
    const undone = apply(paid.state, {
      type: 'complete-job',
      instanceId: 'i',
      jobId: jobOf(paid.effects, 'unbook'),
    });
    expect(undone.state.status).toBe('completed');
    expect(undone.effects).toContainEqual(expect.objectContaining({ kind: 'unsubscribe-message' }));
  });
});
