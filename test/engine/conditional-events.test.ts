import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const condition = (feel: string): string =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= ${feel}</bpmn:condition></bpmn:conditionalEventDefinition>`;

const taskIds = async (sluice: Awaited<ReturnType<typeof harness>>['sluice']): Promise<string[]> =>
  (await sluice.tasks()).items.map((t) => t.elementId).sort();

describe('conditional events', () => {
  it('wait at a catch event until a task completion makes the condition true, passing at once when it already holds', async () => {
    const model = bpmn(
      'approve',
      `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
       <bpmn:userTask id="enter"/><bpmn:endEvent id="e1"/>
       <bpmn:intermediateCatchEvent id="approved">${condition('approval = "yes"')}</bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="e2"/>
       ${flows('s>fork', 'fork>enter', 'enter>e1', 'fork>approved', 'approved>e2')}`,
    );
    const { sluice, history, status } = await harness([model]);
    const waiting = await sluice.start('approve');
    const task = (await sluice.tasks()).items[0]!;
    await sluice.completeTask(task.id, { variables: { approval: 'no' } });
    expect(await status(waiting.instanceId)).toBe('active');
    expect(await history(waiting.instanceId)).not.toContain('approved');

    const ready = await sluice.start('approve', { variables: { approval: 'yes' } });
    expect(await history(ready.instanceId)).toContain('approved');
    await sluice.close();
  });

  it('fire a non-interrupting boundary event on each false-to-true edge of its condition, once per edge', async () => {
    const model = bpmn(
      'watch',
      `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
       <bpmn:userTask id="work"/><bpmn:endEvent id="e"/>
       <bpmn:boundaryEvent id="hot" attachedToRef="work" cancelActivity="false">${condition('temp > 100')}</bpmn:boundaryEvent>
       <bpmn:manualTask id="cool"/><bpmn:endEvent id="ce"/>
       <bpmn:exclusiveGateway id="merge"/>
       <bpmn:intermediateCatchEvent id="read"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
       ${flows('s>fork', 'fork>work', 'work>e', 'hot>cool', 'cool>ce', 'fork>merge', 'merge>read', 'read>merge')}`,
      '<bpmn:message id="m" name="reading"/>',
    );
    const { sluice, history } = await harness([model]);
    const { instanceId } = await sluice.start('watch', { variables: { temp: 20 } });
    for (const temp of [150, 160, 50, 120]) await sluice.correlate('reading', { variables: { temp } });
    expect((await history(instanceId)).filter((id) => id === 'cool')).toHaveLength(2);
    await sluice.close();
  });

  it('interrupt a waiting user task when the condition turns true, cancelling the task', async () => {
    const model = bpmn(
      'limit',
      `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
       <bpmn:userTask id="review"/><bpmn:endEvent id="reviewed"/>
       <bpmn:boundaryEvent id="tooMuch" attachedToRef="review">${condition('total > 1000')}</bpmn:boundaryEvent>
       <bpmn:endEvent id="stopped"/>
       <bpmn:userTask id="add"/><bpmn:endEvent id="added"/>
       ${flows('s>fork', 'fork>review', 'review>reviewed', 'tooMuch>stopped', 'fork>add', 'add>added')}`,
    );
    const { sluice, history, status } = await harness([model]);
    const { instanceId } = await sluice.start('limit', { variables: { total: 10 } });
    expect(await taskIds(sluice)).toEqual(['add', 'review']);
    const add = (await sluice.tasks()).items.find((t) => t.elementId === 'add')!;
    await sluice.completeTask(add.id, { variables: { total: 5000 } });
    expect(await status(instanceId)).toBe('completed');
    expect(await history(instanceId)).toContain('stopped');
    const cancelled = (await sluice.instance(instanceId)).history.filter(
      (e) => e.type === 'element.cancelled',
    );
    expect(cancelled.map((e) => e.elementId)).toEqual(['review']);
    await sluice.close();
  });

  it('start a non-interrupting event subprocess once per edge, and see where the case stands (a milestone)', async () => {
    const model = bpmn(
      'case',
      `<bpmn:startEvent id="s"/><bpmn:userTask id="step1"/><bpmn:userTask id="step2"/><bpmn:endEvent id="e"/>
       <bpmn:subProcess id="onStep2" triggeredByEvent="true">
         <bpmn:startEvent id="reached" isInterrupting="false">${condition('list contains(activeElements, "step2")')}</bpmn:startEvent>
         <bpmn:userTask id="notify"/><bpmn:endEvent id="ne"/>${flows('reached>notify', 'notify>ne')}
       </bpmn:subProcess>
       ${flows('s>step1', 'step1>step2', 'step2>e')}`,
    );
    const { sluice, status } = await harness([model]);
    const { instanceId } = await sluice.start('case');
    expect(await taskIds(sluice)).toEqual(['step1']);
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await taskIds(sluice)).toEqual(['notify', 'step2']);
    const notify = (await sluice.tasks()).items.find((t) => t.elementId === 'notify')!;
    await sluice.completeTask(notify.id, { variables: { seen: true } });
    expect(await taskIds(sluice)).toEqual(['step2']); // still at step2: no new edge, no second start
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });
});
