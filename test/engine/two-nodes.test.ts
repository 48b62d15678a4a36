import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSluice } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-nodes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = readFileSync(new URL('../durability/kill-model.bpmn', import.meta.url));

describe('two engines on one database file', () => {
  it('share the work without losing or repeating a step', { timeout: 60_000 }, async () => {
    const db = join(dir, 'shared.db');
    const ran: string[] = [];
    const handlers = (node: string) => ({
      prepare: (job: { instanceId: string }) => void ran.push(`${node} ${job.instanceId} prepare`),
      finish: (job: { instanceId: string }) => void ran.push(`${node} ${job.instanceId} finish`),
    });
    const a = await createSluice({ db, handlers: handlers('a'), pollMs: 50, executor: { pollMs: 50 } });
    const b = await createSluice({ db, handlers: handlers('b'), pollMs: 50, executor: { pollMs: 50 } });
    await a.deploy([{ name: 'm.bpmn', content: model }]);
    a.run();
    b.run();
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).start('durable')));

    // Node b completes every review while node a may be moving the same instances on.
    for (let round = 0; round < 200; round++) {
      const open = await b.tasks({ limit: 500 });
      await Promise.all(open.items.map((t) => b.completeTask(t.id).catch(() => undefined)));
      const active = await a.instances({ status: 'active', limit: 1 });
      if (active.items.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const { instanceId } of ids) {
      const details = await a.instance(instanceId);
      expect(details.status).toBe('completed');
      const completed = details.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId);
      expect(completed.sort()).toEqual([
        'end',
        'finish',
        'join',
        'prepare',
        'review',
        'split',
        'start',
        'wait',
      ]);
    }
    expect(ran.filter((r) => r.endsWith('prepare'))).toHaveLength(100);
    expect(new Set(ran.map((r) => r.split(' ')[0]))).toEqual(new Set(['a', 'b']));
    await a.close();
    await b.close();
  });
});
