/** Workflow resource patterns 27-35: detour, work leaves its planned path. */
import { afterEach, describe, expect, it } from 'vitest';
import { type WorkHarness, workHarness } from '../../work/work-harness.js';
import { doTask, onlyTask, taskChain } from './resource-models.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const offered = 'sluice:responsible="group:desk"';
const toAna = 'sluice:assignment="direct" sluice:assignee="ana"';

describe('workflow resource patterns: detour', () => {
  it('WRP-27 Delegation: the assignee hands the task on and gets it back; the owner stays', async () => {
    h = await workHarness([taskChain('p', toAna)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.taskAction(task.id, { op: 'delegate', to: 'ben' }, { actor: 'ana' });
    expect([(await onlyTask(h, id)).assignee, (await onlyTask(h, id)).owner]).toEqual(['ben', 'ana']);
    await expect(h.sluice.completeTask(task.id, { actor: 'ben' })).rejects.toMatchObject({
      code: 'task-delegated',
    });
    await h.sluice.taskAction(task.id, { op: 'resolve', variables: { checked: true } }, { actor: 'ben' });
    expect((await onlyTask(h, id)).assignee).toBe('ana');
    await h.sluice.completeTask(task.id, { actor: 'ana' });
    expect((await h.sluice.instance(id)).variables.checked).toBe(true);
  });

  it('WRP-28 Escalation: a supervisor takes the task over with a higher priority, on record', async () => {
    h = await workHarness([taskChain('p', toAna)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.taskAction(
      task.id,
      { op: 'escalate', to: 'sue', priority: 80 },
      { actor: 'kim', reason: 'VIP' },
    );
    const after = await onlyTask(h, id);
    expect([after.assignee, after.priority]).toEqual(['sue', 80]);
    const [escalated] = await h.events(id, 'task.escalated');
    expect(escalated).toMatchObject({
      actor: 'kim',
      data: { from: 'ana', to: 'sue', priority: 80, reason: 'VIP' },
    });
  });

  it('WRP-29 Deallocation: a person gives up a task and it is offered again', async () => {
    h = await workHarness([taskChain('p', offered)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.claimTask(task.id, 'ana');
    await h.sluice.taskAction(task.id, { op: 'unclaim' }, { actor: 'ana' });
    const back = await onlyTask(h, id);
    expect([back.assignee, back.candidateGroups]).toEqual([undefined, ['desk']]);
    await h.sluice.claimTask(task.id, 'ben');
  });

  it('WRP-30 Stateful reallocation: a reassigned task keeps its comments, files and start time', async () => {
    h = await workHarness([taskChain('p', toAna)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.taskAction(task.id, { op: 'start' }, { actor: 'ana' });
    await h.sluice.taskAction(task.id, { op: 'comment', text: 'half done' }, { actor: 'ana' });
    await h.sluice.work.attach(
      task.id,
      { name: 'notes.txt', content: new TextEncoder().encode('x') },
      { actor: 'ana' },
    );
    const started = (await onlyTask(h, id)).startedAt;
    await h.sluice.taskAction(task.id, { op: 'reassign', to: 'ben' }, { actor: 'sue' });
    const moved = await onlyTask(h, id);
    expect([moved.assignee, moved.startedAt]).toEqual(['ben', started]);
    expect((await h.sluice.taskComments(task.id)).map((c) => c.text)).toEqual(['half done']);
    expect((await h.sluice.work.attachments(task.id)).map((a) => a.name)).toEqual(['notes.txt']);
  });

  it('WRP-31 Stateless reallocation (not supported): forwarding keeps what was done, there is no fresh start', async () => {
    h = await workHarness([taskChain('p', toAna)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.taskAction(task.id, { op: 'start' }, { actor: 'ana' });
    await h.sluice.taskAction(task.id, { op: 'comment', text: 'draft' }, { actor: 'ana' });
    await h.sluice.taskAction(task.id, { op: 'forward', groups: ['desk'] }, { actor: 'ana' });
    const forwarded = await onlyTask(h, id);
    expect([forwarded.assignee, forwarded.candidateGroups]).toEqual([undefined, ['desk']]);
    expect(forwarded.startedAt).toBeDefined();
    expect(await h.sluice.taskComments(task.id)).toHaveLength(1);
  });

  it('WRP-32 Suspension and resumption: a suspended task cannot be worked on until it is resumed', async () => {
    h = await workHarness([taskChain('p', toAna)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.taskAction(task.id, { op: 'suspend' }, { actor: 'ana', reason: 'waiting for parts' });
    expect((await onlyTask(h, id)).suspended).toBe(true);
    await expect(h.sluice.completeTask(task.id, { actor: 'ana' })).rejects.toMatchObject({
      code: 'task-suspended',
    });
    await h.sluice.taskAction(task.id, { op: 'resume' }, { actor: 'ana' });
    await h.sluice.completeTask(task.id, { actor: 'ana' });
    expect((await h.sluice.instance(id)).status).toBe('completed');
  });

  it('WRP-33 Skip: the task is passed over and the case moves on', async () => {
    h = await workHarness([taskChain('p', toAna, offered)]);
    const id = await h.start('p');
    await h.sluice.taskAction(
      (await onlyTask(h, id)).id,
      { op: 'skip' },
      { actor: 'sue', reason: 'not needed' },
    );
    await h.advance(0);
    expect((await onlyTask(h, id)).elementId).toBe('t2');
    expect(await h.events(id, 'task.skipped')).toMatchObject([{ actor: 'sue', elementId: 't1' }]);
  });

  it('WRP-34 Redo: the case goes back to an earlier task, which is done again', async () => {
    h = await workHarness([taskChain('p', offered, offered)]);
    const id = await h.start('p');
    await doTask(h, id, 'ana');
    const second = await onlyTask(h, id);
    await h.sluice.taskAction(
      second.id,
      { op: 'redo', elementId: 't1' },
      { actor: 'ben', reason: 'wrong data' },
    );
    await h.advance(0);
    expect((await onlyTask(h, id)).elementId).toBe('t1');
    expect(await h.events(id, 'task.redone')).toHaveLength(1);
  });

  it('WRP-35 Pre-do: work recorded for a later task before it is enabled completes it when it arrives', async () => {
    h = await workHarness([
      taskChain('p', toAna, 'sluice:responsible="group:desk" sluice:predo="true"', toAna),
    ]);
    const id = await h.start('p');
    await expect(h.sluice.work.predo(id, 't3', { actor: 'ben' })).rejects.toMatchObject({
      code: 'predo-not-allowed',
    });
    await h.sluice.work.predo(id, 't2', { actor: 'ben', variables: { checked: true } });
    await expect(h.sluice.work.predo(id, 't2', { actor: 'ana' })).rejects.toMatchObject({
      code: 'predone-already',
    });
    expect((await onlyTask(h, id)).elementId).toBe('t1');
    await doTask(h, id, 'ana');
    await h.advance(0);
    expect((await onlyTask(h, id)).elementId).toBe('t3');
    expect((await h.sluice.instance(id)).variables.checked).toBe(true);
    const t2 = (await h.events(id)).filter((e) => e.elementId === 't2').map((e) => [e.type, e.actor]);
    expect(t2).toEqual([
      ['task.predone', 'ben'],
      ['element.enabled', undefined],
      ['element.started', 'ben'],
      ['element.completed', 'ben'],
    ]);
  });
});
