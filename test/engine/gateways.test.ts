import { describe, expect, it } from 'vitest';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const noop = () => undefined;

describe('gateways', () => {
  const routing = bpmn(
    'routing',
    `<bpmn:startEvent id="start"/>
     <bpmn:exclusiveGateway id="amount" default="f_amount_small"/>
     <bpmn:endEvent id="big"/><bpmn:endEvent id="medium"/><bpmn:endEvent id="small"/>
     ${flows('start>amount', 'amount>big?total > 1000', 'amount>medium?total > 100', 'amount>small')}`,
  );

  it('take the first exclusive flow whose condition holds, else the default', async () => {
    const { sluice, history } = await harness([routing]);
    const route = async (total: number) =>
      (await history((await sluice.start('routing', { variables: { total } })).instanceId)).at(-1);
    expect(await route(5000)).toBe('big');
    expect(await route(500)).toBe('medium');
    expect(await route(5)).toBe('small');
    await sluice.close();
  });

  it('raise an incident when no condition holds and there is no default, and resume on retry', async () => {
    const model = bpmn(
      'strict',
      `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/>
       <bpmn:endEvent id="yes"/><bpmn:endEvent id="no"/>
       ${flows('start>gw', 'gw>yes?answer = "yes"', 'gw>no?answer = "no"')}`,
    );
    const { sluice } = await harness([model]);
    const { instanceId } = await sluice.start('strict', { variables: { answer: 'maybe' } });
    const [incident] = await sluice.incidents({ open: true });
    expect(incident).toMatchObject({ instanceId, elementId: 'gw' });
    expect(incident!.message).toMatch(/no condition of gateway 'gw' is true/);
    expect((await sluice.instance(instanceId)).activeElements).toEqual(['gw']);
    await sluice.close();
  });

  it('join parallel branches only when every branch has arrived', async () => {
    const model = bpmn(
      'parallel',
      `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>
       ${serviceTask('a', 'a')}${serviceTask('b', 'b')}<bpmn:userTask id="c"/>
       <bpmn:parallelGateway id="join"/><bpmn:endEvent id="end"/>
       ${flows('start>fork', 'fork>a', 'fork>b', 'fork>c', 'a>join', 'b>join', 'c>join', 'join>end')}`,
    );
    const { sluice, status, history } = await harness([model], { a: noop, b: noop });
    const { instanceId } = await sluice.start('parallel');
    await sluice.idle();
    expect(await status(instanceId)).toBe('active');
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(instanceId)).toBe('completed');
    expect((await history(instanceId)).filter((id) => id === 'join')).toHaveLength(1);
    await sluice.close();
  });

  const inclusive = bpmn(
    'inclusive',
    `<bpmn:startEvent id="start"/><bpmn:inclusiveGateway id="fork"/>
     <bpmn:userTask id="legal"/><bpmn:userTask id="finance"/><bpmn:userTask id="it"/>
     <bpmn:inclusiveGateway id="join"/><bpmn:endEvent id="end"/>
     ${flows('start>fork', 'fork>legal?legal', 'fork>finance?finance', 'fork>it?it', 'legal>join', 'finance>join', 'it>join', 'join>end')}`,
  );

  it('join inclusive branches: waits for every branch taken, not for those not taken', async () => {
    const { sluice, status, history } = await harness([inclusive]);
    const { instanceId } = await sluice.start('inclusive', {
      variables: { legal: true, finance: true, it: false },
    });
    const tasks = (await sluice.tasks()).items;
    expect(tasks.map((t) => t.elementId).sort()).toEqual(['finance', 'legal']);
    await sluice.completeTask(tasks[0]!.id);
    expect(await status(instanceId)).toBe('active'); // the other taken branch can still arrive
    await sluice.completeTask(tasks[1]!.id);
    expect(await status(instanceId)).toBe('completed');
    expect((await history(instanceId)).filter((id) => id === 'join')).toHaveLength(1);
    await sluice.close();
  });

  it('join inclusive branches when only one was taken', async () => {
    const { sluice, status } = await harness([inclusive]);
    const { instanceId } = await sluice.start('inclusive', {
      variables: { legal: false, finance: false, it: true },
    });
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });

  it('wait at an event-based gateway for whichever event comes first', async () => {
    const model = bpmn(
      'race',
      `<bpmn:startEvent id="start"/><bpmn:eventBasedGateway id="gw"/>
       <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="ok"/><bpmn:endEvent id="late"/>
       ${flows('start>gw', 'gw>paid', 'gw>timeout', 'paid>ok', 'timeout>late')}`,
      `<bpmn:message id="m" name="payment"/>`,
    );
    const { sluice, history, advance } = await harness([model]);
    const first = (await sluice.start('race')).instanceId;
    await sluice.correlate('payment', { variables: { amount: 10 } });
    expect((await history(first)).at(-1)).toBe('ok');
    expect((await sluice.instance(first)).variables).toEqual({ amount: 10 });
    expect((await sluice.store.countOpen()).timers).toBe(0); // the timer branch was closed

    const second = (await sluice.start('race')).instanceId;
    await advance(7 * 24 * 3600 * 1000);
    expect((await history(second)).at(-1)).toBe('late');
    await expect(sluice.correlate('payment')).rejects.toThrow(/no instance waits for message 'payment'/);
    await sluice.close();
  });
});
