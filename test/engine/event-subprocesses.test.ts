import { describe, expect, it } from 'vitest';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { day, harness } from '../support/engine.js';

const message = (id: string, name: string): string => `<bpmn:message id="${id}" name="${name}"/>`;
const timer = (duration: string): string =>
  `<bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

/** An order that waits in a user task, with an event subprocess started as `start` says. */
const order = (start: string, interrupting = true, extra = ''): string =>
  bpmn(
    'order',
    `<bpmn:startEvent id="placed"/>
     <bpmn:userTask id="pack"/>
     <bpmn:boundaryEvent id="late" attachedToRef="pack">${timer('P10D')}</bpmn:boundaryEvent>
     <bpmn:endEvent id="shipped"/><bpmn:endEvent id="overdue"/>
     <bpmn:subProcess id="handle" triggeredByEvent="true">
       <bpmn:startEvent id="handleStart" isInterrupting="${interrupting}">${start}</bpmn:startEvent>
       <bpmn:userTask id="react"/>
       <bpmn:endEvent id="handled"/>
       ${flows('handleStart>react', 'react>handled')}
     </bpmn:subProcess>
     ${flows('placed>pack', 'pack>shipped', 'late>overdue')}`,
    extra,
  );

const openTasks = async (sluice: Awaited<ReturnType<typeof harness>>['sluice']): Promise<string[]> =>
  (await sluice.tasks()).items.map((t) => t.elementId).sort();

describe('event subprocesses', () => {
  it('interrupt the process on a message: the waiting task and its boundary timer are cancelled', async () => {
    const model = order('<bpmn:messageEventDefinition messageRef="m"/>', true, message('m', 'cancel-order'));
    const { sluice, advance, history, status } = await harness([model]);
    const { instanceId } = await sluice.start('order');
    await sluice.correlate('cancel-order', { variables: { reason: 'changed mind' } });
    expect(await openTasks(sluice)).toEqual(['react']);
    await advance(20 * day); // the cancelled boundary timer never fires
    expect(await history(instanceId)).not.toContain('overdue');
    const details = await sluice.instance(instanceId);
    expect(details.history.filter((e) => e.type === 'element.cancelled').map((e) => e.elementId)).toEqual([
      'pack',
    ]);
    expect(details.variables).toEqual({ reason: 'changed mind' });
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(instanceId)).toBe('completed');
    expect((await history(instanceId)).slice(-3)).toEqual(['react', 'handled', 'handle']);
    await sluice.close();
  });

  it('interrupt a job in progress: the job is deleted, so no worker can complete it', async () => {
    const model = bpmn(
      'ship',
      `<bpmn:startEvent id="s"/>${serviceTask('label', 'label')}<bpmn:endEvent id="e"/>
       <bpmn:subProcess id="stop" triggeredByEvent="true">
         <bpmn:startEvent id="stopAsked"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
         <bpmn:endEvent id="stopped"/>${flows('stopAsked>stopped')}
       </bpmn:subProcess>${flows('s>label', 'label>e')}`,
      message('m', 'stop-shipment'),
    );
    const { sluice, status } = await harness([model]); // no handler: the job waits
    const { instanceId } = await sluice.start('ship');
    expect((await sluice.store.countOpen()).jobs).toBe(1);
    await sluice.correlate('stop-shipment');
    expect(await status(instanceId)).toBe('completed');
    expect(await sluice.store.countOpen()).toMatchObject({ jobs: 0, timers: 0 });
    await sluice.close();
  });

  it('run beside the process on a non-interrupting message, as often as it comes', async () => {
    const model = order('<bpmn:messageEventDefinition messageRef="m"/>', false, message('m', 'question'));
    const { sluice, status } = await harness([model]);
    const { instanceId } = await sluice.start('order');
    await sluice.correlate('question');
    await sluice.correlate('question');
    expect(await openTasks(sluice)).toEqual(['pack', 'react', 'react']);
    for (const task of (await sluice.tasks()).items) await sluice.completeTask(task.id);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });

  it('start on a timer while the scope is active, and stop listening once it has ended', async () => {
    const model = order(timer('P3D'), false);
    const { sluice, advance, status } = await harness([model]);
    const first = await sluice.start('order');
    await advance(3 * day);
    expect(await openTasks(sluice)).toEqual(['pack', 'react']);
    for (const task of (await sluice.tasks()).items) await sluice.completeTask(task.id);
    expect(await status(first.instanceId)).toBe('completed');

    const second = await sluice.start('order');
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(second.instanceId)).toBe('completed');
    await advance(5 * day);
    expect((await sluice.instance(second.instanceId)).history.some((e) => e.type === 'timer.fired')).toBe(
      false,
    );
    await sluice.close();
  });

  it('start on a signal', async () => {
    const model = order(
      '<bpmn:signalEventDefinition signalRef="s"/>',
      true,
      '<bpmn:signal id="s" name="recall"/>',
    );
    const { sluice } = await harness([model]);
    await sluice.start('order');
    expect((await sluice.signal('recall')).delivered).toBe(1);
    expect(await openTasks(sluice)).toEqual(['react']);
    await sluice.close();
  });

  it('catch an error thrown by a job of the process, by its code', async () => {
    const model = bpmn(
      'charge',
      `<bpmn:startEvent id="s"/>${serviceTask('pay', 'pay')}<bpmn:endEvent id="e"/>
       <bpmn:subProcess id="onDecline" triggeredByEvent="true">
         <bpmn:startEvent id="declined"><bpmn:errorEventDefinition errorRef="err"/></bpmn:startEvent>
         <bpmn:endEvent id="refused"/>${flows('declined>refused')}
       </bpmn:subProcess>${flows('s>pay', 'pay>e')}`,
      '<bpmn:error id="err" errorCode="DECLINED"/>',
    );
    const { BpmnError } = await import('../../src/index.js');
    const { sluice, history, status } = await harness([model], {
      pay: () => {
        throw new BpmnError('DECLINED', 'no funds');
      },
    });
    const { instanceId } = await sluice.start('charge');
    await sluice.idle();
    expect(await status(instanceId)).toBe('completed');
    expect(await history(instanceId)).toEqual(['s', 'declined', 'refused', 'onDecline']);
    await sluice.close();
  });

  it('inside a subprocess: an interrupting one ends only that subprocess, with its own variables', async () => {
    const model = bpmn(
      'nested',
      `<bpmn:startEvent id="s"/>
       <bpmn:subProcess id="work">
         <bpmn:startEvent id="ws"/><bpmn:userTask id="slow"/><bpmn:endEvent id="we"/>
         <bpmn:subProcess id="escalated" triggeredByEvent="true">
           <bpmn:startEvent id="esc"><bpmn:escalationEventDefinition escalationRef="x"/></bpmn:startEvent>
           <bpmn:endEvent id="escEnd"/>${flows('esc>escEnd')}
         </bpmn:subProcess>
         <bpmn:subProcess id="inner">
           <bpmn:startEvent id="is"/>
           <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="x"/></bpmn:intermediateThrowEvent>
           <bpmn:endEvent id="ie"/>${flows('is>raise', 'raise>ie')}
         </bpmn:subProcess>
         <bpmn:parallelGateway id="fork"/>
         ${flows('ws>fork', 'fork>slow', 'fork>inner', 'slow>we', 'inner>we')}
       </bpmn:subProcess>
       <bpmn:userTask id="after"/><bpmn:endEvent id="e"/>${flows('s>work', 'work>after', 'after>e')}`,
      '<bpmn:escalation id="x" escalationCode="LATE"/>',
    );
    const { sluice, history } = await harness([model]);
    const { instanceId } = await sluice.start('nested');
    expect(await openTasks(sluice)).toEqual(['after']);
    const completed = await history(instanceId);
    expect(completed).toContain('escEnd');
    expect(completed).not.toContain('we');
    await sluice.close();
  });
});
