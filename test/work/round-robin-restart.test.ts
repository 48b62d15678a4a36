import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { oneTask, type WorkHarness, workHarness } from './work-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-rounds-'));
let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('round robin keeps its position in the database', () => {
  it('goes on with the next person after a restart instead of beginning the round again', async () => {
    const file = join(dir, 'sluice.db');
    const model = oneTask('ticket', 'sluice:assignment="round-robin" sluice:responsible="group:desk"');
    h = await workHarness([model], {}, undefined, { db: file });
    const first = await h.start('ticket');
    expect((await h.openTasks(first))[0]!.assignee).toBe('ana');
    await h.close();
    h = await workHarness([model], {}, undefined, { db: file });
    const second = await h.start('ticket');
    expect((await h.openTasks(second))[0]!.assignee).toBe('ben');
  });
});
