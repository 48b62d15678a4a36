import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const order = bpmn(
  'order',
  `<bpmn:startEvent id="start"/>
   <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="payment"/></bpmn:intermediateCatchEvent>
   <bpmn:endEvent id="end"/>${flows('start>paid', 'paid>end')}`,
  `<bpmn:message id="payment" name="payment-received"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>`,
);

const signup = bpmn(
  'onboarding',
  `<bpmn:startEvent id="signup"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
   <bpmn:userTask id="welcome"/>
   <bpmn:boundaryEvent id="upgrade" attachedToRef="welcome" cancelActivity="false"><bpmn:messageEventDefinition messageRef="up"/></bpmn:boundaryEvent>
   <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>${flows('signup>welcome', 'welcome>e', 'upgrade>e2')}`,
  `<bpmn:message id="m" name="customer-signed-up"/><bpmn:message id="up" name="plan-upgraded"><bpmn:extensionElements><zeebe:subscription correlationKey="= email"/></bpmn:extensionElements></bpmn:message>`,
);

describe('messages', () => {
  it('correlate by name and correlation key to the one instance waiting for it', async () => {
    const { sluice, status } = await harness([order]);
    const a = (await sluice.start('order', { variables: { orderId: 'A-1' } })).instanceId;
    const b = (await sluice.start('order', { variables: { orderId: 'B-2' } })).instanceId;
    expect(
      await sluice.correlate('payment-received', { correlationKey: 'B-2', variables: { paidAt: 'today' } }),
    ).toEqual({ instanceId: b, started: false });
    expect(await status(a)).toBe('active');
    expect(await status(b)).toBe('completed');
    expect((await sluice.instance(b)).variables).toMatchObject({ paidAt: 'today' });
    await expect(sluice.correlate('payment-received', { correlationKey: 'B-2' })).rejects.toThrow(
      /no instance waits for message 'payment-received' with correlation key 'B-2'/,
    );
  });

  it('start an instance from a message start event, and fire a non-interrupting boundary more than once', async () => {
    const { sluice } = await harness([signup]);
    const { instanceId, started } = await sluice.correlate('customer-signed-up', {
      variables: { email: 'ada@example.com' },
    });
    expect(started).toBe(true);
    await sluice.correlate('plan-upgraded', { correlationKey: 'ada@example.com' });
    await sluice.correlate('plan-upgraded', { correlationKey: 'ada@example.com' });
    const details = await sluice.instance(instanceId);
    expect(details.history.filter((e) => e.type === 'message.correlated').map((e) => e.elementId)).toEqual([
      'upgrade',
      'upgrade',
    ]);
    expect(details.activeElements).toEqual(['welcome']);
  });
});
