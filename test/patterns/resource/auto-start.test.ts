/** Workflow resource patterns 36-37: auto-start (38 and 39 are in piled-and-chained.test.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { type WorkHarness, workHarness } from '../../work/work-harness.js';
import { onlyTask, taskChain } from './resource-models.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('workflow resource patterns: auto-start', () => {
  it('WRP-36 Commencement on creation (not supported): a new task waits to be started, even when allocated', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="direct" sluice:assignee="ben"')]);
    const id = await h.start('p');
    await h.advance(60_000);
    expect((await onlyTask(h, id)).startedAt).toBeUndefined();
    expect(await h.events(id, 'element.started')).toEqual([]);
  });

  it('WRP-37 Commencement on allocation: a claim starts the task; an allocation by the system does not', async () => {
    h = await workHarness([
      taskChain('p', 'sluice:responsible="group:desk"'),
      taskChain('q', 'sluice:assignment="direct" sluice:assignee="ben"'),
    ]);
    const claimed = await h.start('p');
    await h.sluice.claimTask((await onlyTask(h, claimed)).id, 'ana');
    expect((await onlyTask(h, claimed)).startedAt).toBe(h.clock.now());
    const allocated = await h.start('q');
    expect((await onlyTask(h, allocated)).startedAt).toBeUndefined();
  });
});
