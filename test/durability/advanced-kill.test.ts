/**
 * SIGKILL durability for the constructs of issue 3: a model with a compensation, a conditional
 * catch event and a non-interrupting conditional event subprocess (advanced-kill-model.ts),
 * run by a worker that is killed at random moments. Every acknowledged instance must end
 * exactly as an instance of the same model run without kills: the same history, step for step
 * (as a multiset: concurrent paths may interleave differently), and the same variables.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../src/store/store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { completedOnce, jobTypes, processId } from './advanced-kill-model.js';

const instances = 300;
const kills = 12;
const worker = new URL('./advanced-kill-worker.ts', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function sandbox(): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-advanced-kill-'));
  dirs.push(dir);
  return { dir, db: join(dir, 'sluice.db') };
}

function runWorker(
  at: { dir: string; db: string },
  count: number,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, at.db, at.dir, String(count)], {
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

const lines = (dir: string, file: string): string[] => {
  try {
    return readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

/** Each instance's ending: status, variables, and its history as a sorted list of steps. */
async function endings(db: string): Promise<{ instance: InstanceSummary; ending: string }[]> {
  const store = await openSqliteStore({ path: db });
  try {
    const all: InstanceSummary[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.listInstances({ processId, limit: 1000, ...(after && { after }) });
      all.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    const result = [];
    for (const instance of all) {
      const record = await store.loadInstance(instance.id);
      const steps = (await store.history(instance.id)).map((e) => `${e.type} ${e.elementId ?? ''}`).sort();
      const variables = record?.state.scopes[record.state.id]?.vars;
      result.push({ instance, ending: JSON.stringify({ status: instance.status, variables, steps }) });
    }
    expect(await store.countOpen()).toEqual({ jobs: 0, timers: 0, inbox: 0 });
    return result;
  } finally {
    await store.close();
  }
}

describe('event subprocess, compensation and conditional events under SIGKILL', () => {
  it('end every acknowledged instance exactly as without kills', { timeout: 300_000 }, async () => {
    const calm = sandbox();
    const reference = await runWorker(calm, 2, 120_000);
    expect(reference.stderr).toBe('');
    expect(reference.code).toBe(0);
    const [expected, ...same] = await endings(calm.db);
    expect(same.map((s) => s.ending)).toEqual([expected!.ending]);
    const steps = (JSON.parse(expected!.ending) as { steps: string[] }).steps;
    for (const element of completedOnce)
      expect(steps.filter((s) => s === `element.completed ${element}`)).toHaveLength(1);
    expect(steps).toContain('compensation.thrown undo');

    const rough = sandbox();
    let killed = 0;
    for (let i = 0; i < kills; i++) {
      const result = await runWorker(rough, instances, 500 + Math.floor(Math.random() * 2000));
      if (result.signal === 'SIGKILL') killed++;
      else expect(result.stderr).toBe('');
    }
    expect(killed).toBeGreaterThan(kills / 2);
    const last = await runWorker(rough, instances, 240_000);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);

    const ended = await endings(rough.db);
    expect(ended).toHaveLength(instances);
    expect(new Set(ended.map((e) => e.instance.businessKey)).size).toBe(instances);
    const different = ended.filter((e) => e.ending !== expected!.ending);
    expect(different.map((e) => `${e.instance.businessKey}: ${e.ending}`)).toEqual([]);

    const ids = new Set(ended.map((e) => e.instance.id));
    const acked = lines(rough.dir, 'acks.log').map((l) => l.split(' ')[1]!);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.filter((id) => !ids.has(id))).toEqual([]);
    const ran = new Set(lines(rough.dir, 'handlers.log').map((l) => l.split(' ').slice(0, 2).join(' ')));
    for (const { instance } of ended)
      for (const type of jobTypes)
        expect(ran.has(`${instance.id} ${type}`), `${instance.id} ${type}`).toBe(true);
  });
});
