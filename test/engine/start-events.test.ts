import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { day, harness } from '../support/engine.js';

describe('start events and waiting tasks', () => {
  it('start an instance at every occurrence of a timer start cycle, and only the newest version listens', async () => {
    const daily = (name: string) =>
      bpmn(
        'report',
        `<bpmn:startEvent id="every-day" name="${name}"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
         <bpmn:endEvent id="sent"/>${flows('every-day>sent')}`,
      );
    const { sluice, advance } = await harness([daily('v1')]);
    await advance(day);
    await sluice.deploy([{ name: 'v2.bpmn', content: daily('v2') }]); // replaces v1's timer
    for (let i = 0; i < 5; i++) await advance(day);
    const started = (await sluice.instances({ processId: 'report' })).items;
    expect(started.map((i) => i.version)).toEqual([1, 2, 2, 2]);
    expect((await sluice.store.countOpen()).timers).toBe(0);
  });

  it('start at a timer date once it has come', async () => {
    const { sluice, clock, advance } = await harness([]);
    const at = new Date(clock.now() + 3 * day).toISOString();
    await sluice.deploy([
      {
        name: 'once.bpmn',
        content: bpmn(
          'once',
          `<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeDate>${at}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:endEvent id="e"/>${flows('s>e')}`,
        ),
      },
    ]);
    await advance(3 * day - 1);
    expect((await sluice.instances({ processId: 'once' })).items).toHaveLength(0);
    await advance(1);
    expect((await sluice.instances({ processId: 'once' })).items).toHaveLength(1);
  });

  it('refuse to start by hand a process that only starts on a message', async () => {
    const model = bpmn(
      'inbound',
      `<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent><bpmn:endEvent id="e"/>${flows('s>e')}`,
      '<bpmn:message id="m" name="ping"/>',
    );
    const { sluice } = await harness([model]);
    await expect(sluice.start('inbound')).rejects.toThrow(
      /no none start event; it starts by a message or a timer/,
    );
  });

  it('complete a receive task on its message and interrupt a task by a message boundary', async () => {
    const model = bpmn(
      'ticket',
      `<bpmn:startEvent id="s"/>
       <bpmn:receiveTask id="await-reply" messageRef="reply"/>
       <bpmn:userTask id="solve"/>
       <bpmn:boundaryEvent id="withdrawn" attachedToRef="solve"><bpmn:messageEventDefinition messageRef="withdraw"/></bpmn:boundaryEvent>
       <bpmn:endEvent id="solved"/><bpmn:endEvent id="closed"/>
       ${flows('s>await-reply', 'await-reply>solve', 'solve>solved', 'withdrawn>closed')}`,
      `<bpmn:message id="reply" name="reply"><bpmn:extensionElements><zeebe:subscription correlationKey="= ticket"/></bpmn:extensionElements></bpmn:message>
       <bpmn:message id="withdraw" name="withdraw"><bpmn:extensionElements><zeebe:subscription correlationKey="= ticket"/></bpmn:extensionElements></bpmn:message>`,
    );
    const { sluice, history, status } = await harness([model]);
    const { instanceId } = await sluice.start('ticket', { variables: { ticket: 'T-7' } });
    await sluice.correlate('reply', { correlationKey: 'T-7', variables: { text: 'it still fails' } });
    expect((await sluice.tasks()).items.map((t) => t.elementId)).toEqual(['solve']);
    await sluice.correlate('withdraw', { correlationKey: 'T-7' });
    expect(await status(instanceId)).toBe('completed');
    expect(await history(instanceId)).toEqual(['s', 'await-reply', 'withdrawn', 'closed']);
    expect((await sluice.tasks()).items).toEqual([]);
    expect((await sluice.tasks({ state: 'cancelled' })).items.map((t) => t.elementId)).toEqual(['solve']);
  });
});
