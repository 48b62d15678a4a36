/** Workflow resource patterns 40-43: visibility and multiple resources. */
import { afterEach, describe, expect, it } from 'vitest';
import { type WorkHarness, workHarness } from '../../work/work-harness.js';
import { onlyTask, taskChain } from './resource-models.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const worklist = async (user: string, groups: string[]) =>
  (await h!.sluice.tasks({ workableBy: { user, groups } })).items.map((t) => t.id);

describe('workflow resource patterns: visibility', () => {
  it("WRP-40 Configurable unallocated work item visibility: an offer shows only in its candidates' worklists", async () => {
    h = await workHarness([taskChain('p', 'sluice:responsible="group:desk"')]);
    const task = await onlyTask(h, await h.start('p'));
    expect(await worklist('ana', ['desk'])).toEqual([task.id]);
    expect(await worklist('kim', ['approvers'])).toEqual([]);
    // Not configurable per process: an unfiltered query (an administrator's view) sees everything.
    expect((await h.sluice.tasks()).items.map((t) => t.id)).toEqual([task.id]);
  });

  it("WRP-41 Configurable allocated work item visibility: an allocated task leaves the others' worklists", async () => {
    h = await workHarness([
      taskChain('p', 'sluice:assignment="direct" sluice:assignee="ana" sluice:responsible="group:desk"'),
    ]);
    const task = await onlyTask(h, await h.start('p'));
    expect(await worklist('ana', ['desk'])).toEqual([task.id]);
    expect(await worklist('ben', ['desk'])).toEqual([]);
    expect((await h.sluice.tasks({ assignee: 'ana' })).items.map((t) => t.id)).toEqual([task.id]);
  });
});

describe('workflow resource patterns: multiple resources', () => {
  it('WRP-42 Simultaneous execution: one person works on several tasks at the same time', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="direct" sluice:assignee="ana"')]);
    const ids = [await h.start('p'), await h.start('p')];
    for (const id of ids)
      await h.sluice.taskAction((await onlyTask(h, id)).id, { op: 'start' }, { actor: 'ana' });
    const started = await Promise.all(ids.map(async (id) => (await onlyTask(h!, id)).startedAt));
    expect(started.every((at) => at !== undefined)).toBe(true);
    for (const id of ids) await h.sluice.completeTask((await onlyTask(h, id)).id, { actor: 'ana' });
    expect((await h.sluice.tasks({ assignee: 'ana' })).items).toEqual([]);
  });

  it('WRP-43 Additional resources (not supported): a task has one worker; the consulted may only comment', async () => {
    h = await workHarness([
      taskChain('p', 'sluice:assignment="direct" sluice:assignee="ana" sluice:consulted="user:kim"'),
    ]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.taskAction(task.id, { op: 'comment', text: 'looks fine to me' }, { actor: 'kim' });
    await h.sluice.taskAction(task.id, { op: 'delegate', to: 'ben' }, { actor: 'ana' });
    // Asking for help moves the task: ana keeps ownership but is no longer working on it.
    expect([(await onlyTask(h, id)).assignee, (await onlyTask(h, id)).owner]).toEqual(['ben', 'ana']);
    expect((await h.sluice.tasks({ assignee: 'ana' })).items).toEqual([]);
  });
});
