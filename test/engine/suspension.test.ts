import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { day, harness } from '../support/engine.js';

const wait = bpmn(
  'wait',
  `<bpmn:startEvent id="start"/>
   <bpmn:userTask id="sign"/>
   <bpmn:boundaryEvent id="late" attachedToRef="sign" cancelActivity="false">
     <bpmn:timerEventDefinition><bpmn:timeDuration>P2D</bpmn:timeDuration></bpmn:timerEventDefinition>
   </bpmn:boundaryEvent>
   <bpmn:userTask id="chase"/>
   <bpmn:endEvent id="end"/>
   ${flows('start>sign', 'sign>end', 'late>chase')}`,
);

describe('suspending and resuming', () => {
  it('a suspended instance refuses work, holds its due timer, and fires it on resume', async () => {
    const { sluice, advance, clock } = await harness([wait]);
    const t0 = clock.now();
    const { instanceId } = await sluice.start('wait');
    const sign = (await sluice.tasks()).items[0]!;
    await sluice.suspend(instanceId, { actor: 'ops', reason: 'customer dispute' });

    await expect(sluice.completeTask(sign.id)).rejects.toThrow(
      /instance '.*' is suspended: it takes no 'task' until it is resumed \(sluice resume/,
    );
    await advance(5 * day);
    expect((await sluice.tasks()).items.map((t) => t.elementId)).toEqual(['sign']);

    await sluice.resume(instanceId, { actor: 'ops' });
    await advance(0);
    expect((await sluice.tasks()).items.map((t) => t.elementId).sort()).toEqual(['chase', 'sign']);
    const history = (await sluice.instance(instanceId)).history;
    expect(history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['instance.suspended', 'instance.resumed']),
    );
    expect(history.find((e) => e.type === 'instance.suspended')).toMatchObject({
      actor: 'ops',
      data: { reason: 'customer dispute' },
    });
    expect(history.find((e) => e.type === 'timer.fired')!.at - t0).toBe(5 * day); // fired on resume
    await sluice.close();
  });

  it('a suspended definition starts no instances and says how to resume it', async () => {
    const { sluice } = await harness([wait]);
    await sluice.suspendDefinition('wait', { actor: 'ops' });
    await expect(sluice.start('wait')).rejects.toThrow(/process 'wait' version 1 is suspended/);
    expect((await sluice.versions('wait'))[0]).toMatchObject({ version: 1, suspended: true });
    await sluice.resumeDefinition('wait');
    const { instanceId } = await sluice.start('wait');
    expect((await sluice.instance(instanceId)).status).toBe('active');
    await sluice.close();
  });

  it('suspends the running instances of a definition with it when asked', async () => {
    const { sluice } = await harness([wait]);
    const { instanceId } = await sluice.start('wait');
    expect(await sluice.suspendDefinition('wait', { instances: true })).toEqual({
      versions: [1],
      instances: 1,
    });
    const sign = (await sluice.tasks()).items[0]!;
    await expect(sluice.completeTask(sign.id)).rejects.toThrow(/suspended/);
    await sluice.resumeDefinition('wait', { instances: true });
    await sluice.completeTask(sign.id);
    expect((await sluice.instance(instanceId)).status).toBe('completed');
    await sluice.close();
  });
});
