import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const instances = 1000;
const kills = 20;
const dir = mkdtempSync(join(tmpdir(), 'sluice-kill-'));
const db = join(dir, 'sluice.db');
const worker = new URL('./kill-worker.ts', import.meta.url).pathname;

function runWorker(
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, db, dir, String(instances)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

const lines = (file: string): string[] => {
  try {
    return readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an engine process SIGKILLed at random moments 20 times', () => {
  it('completes every instance exactly once, losing nothing acknowledged', { timeout: 240_000 }, async () => {
    let killed = 0;
    for (let i = 0; i < kills; i++) {
      // Random moments: during start-up, mid-batch of starts, while jobs and timers run.
      const result = await runWorker(400 + Math.floor(Math.random() * 1600));
      if (result.signal === 'SIGKILL') killed++;
      else expect(result.stderr).toBe('');
    }
    expect(killed).toBeGreaterThan(kills / 2);
    const last = await runWorker(180_000);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);

    const store = await openSqliteStore({ path: db });
    try {
      const all = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listInstances({
          processId: 'durable',
          limit: 1000,
          ...(after && { after }),
        });
        all.push(...page.items);
        if (!page.next) break;
        after = page.next;
      }
      // None lost, none started twice.
      expect(all).toHaveLength(instances);
      expect(new Set(all.map((i) => i.businessKey)).size).toBe(instances);
      expect(all.filter((i) => i.status !== 'completed')).toEqual([]);

      // Every acknowledged start is there.
      const ids = new Set(all.map((i) => i.id));
      const acked = lines('acks.log').map((l) => l.split(' ')[1]!);
      expect(acked.length).toBeGreaterThan(0);
      expect(acked.filter((id) => !ids.has(id))).toEqual([]);

      // No history step applied twice, no timer fired twice.
      const once = ['start', 'prepare', 'split', 'wait', 'review', 'join', 'finish', 'end'];
      for (const instance of all) {
        const history = await store.history(instance.id);
        const count = (type: string, elementId?: string) =>
          history.filter((e) => e.type === type && (elementId === undefined || e.elementId === elementId))
            .length;
        expect(count('instance.started'), instance.id).toBe(1);
        expect(count('instance.completed'), instance.id).toBe(1);
        expect(count('timer.fired'), instance.id).toBe(1);
        for (const element of once)
          expect(count('element.completed', element), `${instance.id} ${element}`).toBe(1);
      }

      // Every handler ran at least once per instance (at least once, not exactly once).
      const ran = new Set(lines('handlers.log').map((l) => l.split(' ').slice(0, 2).join(' ')));
      for (const instance of all) {
        expect(ran.has(`${instance.id} prepare`), instance.id).toBe(true);
        expect(ran.has(`${instance.id} finish`), instance.id).toBe(true);
      }
      const open = await store.countOpen();
      expect(open).toEqual({ jobs: 0, timers: 0, inbox: 0 });
    } finally {
      await store.close();
    }
  });
});
