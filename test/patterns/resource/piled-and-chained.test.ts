import { afterEach, describe, expect, it } from 'vitest';
import { oneTask, type WorkHarness, workHarness } from '../../work/work-harness.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('workflow resource patterns: auto-start, piled and chained', () => {
  it('WRP-38 Piled execution: a person who piles an activity gets every new task of it', async () => {
    h = await workHarness([oneTask('p', 'sluice:responsible="group:desk"')]);
    await h.sluice.work.pile('p', 'first', 'ben');
    const ids = [await h.start('p'), await h.start('p')];
    for (const id of ids) expect((await h.openTasks(id))[0]!.assignee).toBe('ben');
    const [event] = await h.events(ids[0]!, 'task.allocated');
    expect(event!.data).toMatchObject({ strategy: 'piled' });
  });

  it('WRP-39 Chained execution: the next task of the case goes straight to who finished the last', async () => {
    h = await workHarness([
      oneTask(
        'p',
        'sluice:responsible="group:desk"',
        'sluice:responsible="group:desk" sluice:chained="true"',
      ),
    ]);
    const id = await h.start('p');
    const [first] = await h.openTasks(id);
    await h.sluice.claimTask(first!.id, 'ben');
    await h.sluice.completeTask(first!.id, { actor: 'ben' });
    await h.advance(0);
    const [second] = await h.openTasks(id);
    expect(second!.assignee).toBe('ben');
    const [event] = await h.events(id, 'task.allocated');
    expect(event!.data).toMatchObject({ strategy: 'chained' });
  });
});
