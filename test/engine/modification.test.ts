import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const order = bpmn(
  'order',
  `<bpmn:startEvent id="start"/>
   <bpmn:userTask id="pick" name="Pick"/>
   <bpmn:userTask id="pack" name="Pack"/>
   <bpmn:userTask id="ship" name="Ship"/>
   <bpmn:endEvent id="end"/>
   ${flows('start>pick', 'pick>pack', 'pack>ship', 'ship>end')}`,
);

const openTasks = async (sluice: Awaited<ReturnType<typeof harness>>['sluice']) =>
  (await sluice.tasks()).items.map((t) => t.elementId).sort();

describe('instance modification', () => {
  it('cancels the token at an element and starts another before a later one, with an audit entry', async () => {
    const { sluice } = await harness([order]);
    const { instanceId } = await sluice.start('order');

    await sluice.modify(
      instanceId,
      [
        { op: 'cancel', elementId: 'pick' },
        { op: 'start-before', elementId: 'ship' },
      ],
      {
        actor: 'ops',
        reason: 'picked by hand',
      },
    );

    expect(await openTasks(sluice)).toEqual(['ship']);
    const history = (await sluice.instance(instanceId)).history;
    expect(history.find((e) => e.type === 'instance.modified')).toMatchObject({
      actor: 'ops',
      data: { reason: 'picked by hand' },
    });
    expect(history.find((e) => e.type === 'element.cancelled')).toMatchObject({
      elementId: 'pick',
      actor: 'ops',
    });
    await sluice.close();
  });

  it('starts after an element: the new token leaves it by its outgoing flow', async () => {
    const { sluice } = await harness([order]);
    const { instanceId } = await sluice.start('order');
    await sluice.modify(instanceId, [{ op: 'start-after', elementId: 'pick' }], { actor: 'ops' });
    expect(await openTasks(sluice)).toEqual(['pack', 'pick']);
    await sluice.close();
  });

  it('sets variables with the actor recorded', async () => {
    const { sluice } = await harness([order]);
    const { instanceId } = await sluice.start('order', { variables: { amount: 1 } });
    await sluice.modify(instanceId, [{ op: 'set-variables', variables: { amount: 2, rush: true } }], {
      actor: 'ops',
    });
    const details = await sluice.instance(instanceId);
    expect(details.variables).toEqual({ amount: 2, rush: true });
    expect(details.history.filter((e) => e.type === 'variables.changed').at(-1)).toMatchObject({
      actor: 'ops',
    });
    await sluice.close();
  });

  it('terminates the instance when the last token is cancelled', async () => {
    const { sluice, status } = await harness([order]);
    const { instanceId } = await sluice.start('order');
    const token = Object.keys((await sluice.store.loadInstance(instanceId))!.state.tokens)[0]!;
    await sluice.modify(instanceId, [{ op: 'cancel', tokenId: token }], {
      actor: 'ops',
      reason: 'duplicate',
    });
    expect(await status(instanceId)).toBe('terminated');
    expect(await openTasks(sluice)).toEqual([]);
    await sluice.close();
  });

  it('names every unknown id and changes nothing', async () => {
    const { sluice } = await harness([order]);
    const { instanceId } = await sluice.start('order');
    await expect(
      sluice.modify(instanceId, [
        { op: 'cancel', tokenId: 'nope' },
        { op: 'start-before', elementId: 'wrap' },
        { op: 'cancel', elementId: 'ship' },
      ]),
    ).rejects.toThrow(
      /operation 1: no token 'nope'.*operation 2: element 'wrap' is not in process 'order' version 1.*operation 3: no token is at element 'ship' \(active: pick\)/,
    );
    expect(await openTasks(sluice)).toEqual(['pick']);
    await sluice.close();
  });
});
