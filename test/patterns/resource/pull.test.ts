/** Workflow resource patterns 21-26: pull, people choose their work. */
import { afterEach, describe, expect, it } from 'vitest';
import { type WorkHarness, workHarness } from '../../work/work-harness.js';
import { onlyTask, taskChain } from './resource-models.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const offered = 'sluice:responsible="group:desk"';
const anasWork = { workableBy: { user: 'ana', groups: ['desk'] } };

describe('workflow resource patterns: pull', () => {
  it('WRP-21 Resource-initiated allocation: a claim commits the person, and also counts as starting', async () => {
    h = await workHarness([taskChain('p', offered)]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    await h.sluice.claimTask(task.id, 'ana');
    const claimed = await onlyTask(h, id);
    expect(claimed.assignee).toBe('ana');
    // Sluice has no "allocated but not started" state for a claim: the claim starts the work item.
    expect(claimed.startedAt).toBe(h.clock.now());
    expect((await h.events(id, 'element.started')).map((e) => e.actor)).toEqual(['ana']);
  });

  it('WRP-22 Resource-initiated execution, allocated work item: the assignee starts it when they choose', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="direct" sluice:assignee="ben"')]);
    const id = await h.start('p');
    expect((await onlyTask(h, id)).startedAt).toBeUndefined();
    await h.advance(60_000);
    await h.sluice.taskAction((await onlyTask(h, id)).id, { op: 'start' }, { actor: 'ben' });
    expect((await onlyTask(h, id)).startedAt).toBe(h.clock.now());
    expect((await h.events(id, 'element.started')).map((e) => e.actor)).toEqual(['ben']);
  });

  it('WRP-23 Resource-initiated execution, offered work item: starting an offer takes and starts it at once', async () => {
    h = await workHarness([taskChain('p', offered)]);
    const id = await h.start('p');
    await h.sluice.taskAction((await onlyTask(h, id)).id, { op: 'start' }, { actor: 'ben' });
    const task = await onlyTask(h, id);
    expect([task.assignee, task.startedAt]).toEqual(['ben', h.clock.now()]);
  });

  it('WRP-24 System-determined work queue content: the worklist comes ordered by due date or priority', async () => {
    h = await workHarness([taskChain('p', offered)]);
    const ids = [await h.start('p'), await h.start('p'), await h.start('p')];
    const tasks = await Promise.all(ids.map((id) => onlyTask(h!, id)));
    const hour = 3_600_000;
    const settings = [
      { dueAt: h.clock.now() + 3 * hour, priority: 10 },
      { dueAt: h.clock.now() + 1 * hour, priority: 30 },
      { dueAt: h.clock.now() + 2 * hour, priority: 90 },
    ];
    for (const [i, set] of settings.entries())
      await h.sluice.taskAction(tasks[i]!.id, { op: 'update', ...set }, { actor: 'sue' });
    const byDue = await h.sluice.tasks({ ...anasWork, orderBy: 'due' });
    expect(byDue.items.map((t) => t.id)).toEqual([tasks[1]!.id, tasks[2]!.id, tasks[0]!.id]);
    const byPriority = await h.sluice.tasks({ ...anasWork, orderBy: 'priority' });
    expect(byPriority.items.map((t) => t.priority)).toEqual([90, 30, 10]);
  });

  it('WRP-25 Resource-determined work queue content: people filter their worklist as they like', async () => {
    h = await workHarness([taskChain('p', offered), taskChain('q', offered)]);
    await h.start('p');
    const q = await h.start('q');
    const all = await h.sluice.tasks(anasWork);
    expect(all.items).toHaveLength(2);
    const onlyQ = await h.sluice.tasks({ ...anasWork, processId: 'q' });
    expect(onlyQ.items.map((t) => t.instanceId)).toEqual([q]);
    const firstPage = await h.sluice.tasks({ ...anasWork, limit: 1 });
    expect(firstPage.items).toHaveLength(1);
  });

  it('WRP-26 Selection autonomy: a person completes their work items in any order they choose', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="direct" sluice:assignee="ana"')]);
    const ids = [await h.start('p'), await h.start('p'), await h.start('p')];
    for (const id of [ids[2]!, ids[0]!, ids[1]!]) {
      await h.sluice.completeTask((await onlyTask(h, id)).id, { actor: 'ana' });
      expect((await h.sluice.instance(id)).status).toBe('completed');
    }
  });
});
