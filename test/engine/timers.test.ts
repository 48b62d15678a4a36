import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { day, harness } from '../support/engine.js';

const contract = bpmn(
  'contract',
  `<bpmn:startEvent id="start"/>
   <bpmn:userTask id="sign" name="Sign the contract"/>
   <bpmn:boundaryEvent id="reminder" attachedToRef="sign" cancelActivity="false">
     <bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>
   </bpmn:boundaryEvent>
   <bpmn:userTask id="chase" name="Chase the customer"/>
   <bpmn:endEvent id="chased"/>
   <bpmn:intermediateCatchEvent id="renewal">
     <bpmn:timerEventDefinition><bpmn:timeDuration>P1Y</bpmn:timeDuration></bpmn:timerEventDefinition>
   </bpmn:intermediateCatchEvent>
   <bpmn:endEvent id="renewed"/>
   ${flows('start>sign', 'reminder>chase', 'chase>chased', 'sign>renewal', 'renewal>renewed')}`,
);

describe('timers on a virtual clock', () => {
  it('run a 30-day boundary timer and a one-year timer without waiting for them', async () => {
    const { sluice, clock, advance, status } = await harness([contract]);
    const t0 = clock.now();
    const { instanceId } = await sluice.start('contract');

    await advance(29 * day);
    expect((await sluice.tasks()).items.map((t) => t.elementId)).toEqual(['sign']);

    await advance(1 * day); // day 30: the reminder fires, the signing task stays open
    expect((await sluice.tasks()).items.map((t) => t.elementId).sort()).toEqual(['chase', 'sign']);

    const sign = (await sluice.tasks()).items.find((t) => t.elementId === 'sign')!;
    await sluice.completeTask(sign.id, { actor: 'sam' });
    const chase = (await sluice.tasks()).items.find((t) => t.elementId === 'chase')!;
    await sluice.completeTask(chase.id, { actor: 'sam' });

    await advance(364 * day);
    expect(await status(instanceId)).toBe('active');
    await advance(1 * day);
    expect(await status(instanceId)).toBe('completed');

    const fired = (await sluice.instance(instanceId)).history.filter((e) => e.type === 'timer.fired');
    expect(fired.map((e) => [e.elementId, Math.round((e.at - t0) / day)])).toEqual([
      ['reminder', 30],
      ['renewal', 30 + 365], // armed when the contract was signed on day 30
    ]);
    await sluice.close();
  });

  it('never fire a timer before it is due', async () => {
    const { sluice, advance, status } = await harness([contract]);
    const { instanceId } = await sluice.start('contract');
    const sign = (await sluice.tasks()).items[0]!;
    await sluice.completeTask(sign.id);
    await advance(365 * day - 1);
    expect(await status(instanceId)).toBe('active');
    await advance(1);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });

  it('cancel the boundary timer when the activity completes first', async () => {
    const { sluice, advance } = await harness([contract]);
    const { instanceId } = await sluice.start('contract');
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    await advance(31 * day);
    const history = (await sluice.instance(instanceId)).history;
    expect(history.some((e) => e.elementId === 'reminder')).toBe(false);
    expect((await sluice.store.countOpen()).timers).toBe(1); // only the renewal
    await sluice.close();
  });

  it('repeat a cycle timer the given number of times', async () => {
    const model = bpmn(
      'poll',
      `<bpmn:startEvent id="start"/>
       <bpmn:userTask id="work"/>
       <bpmn:boundaryEvent id="nudge" attachedToRef="work" cancelActivity="false">
         <bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
       </bpmn:boundaryEvent>
       <bpmn:endEvent id="nudged"/>
       <bpmn:endEvent id="done"/>
       ${flows('start>work', 'nudge>nudged', 'work>done')}`,
    );
    const { sluice, advance } = await harness([model]);
    const { instanceId } = await sluice.start('poll');
    for (let hour = 0; hour < 6; hour++) await advance(60 * 60 * 1000);
    const nudges = (await sluice.instance(instanceId)).history.filter((e) => e.type === 'timer.fired');
    expect(nudges).toHaveLength(3);
    await sluice.close();
  });
});
