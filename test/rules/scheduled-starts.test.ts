/**
 * Scheduled starts: a cron timer start event (with a time zone) fires each occurrence exactly
 * once, across a SIGKILL and a restart: the occurrences due while the process was down fire
 * on restart, none twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { firstOccurrence } from '../../src/expr/timer-spec.js';
import { createSluice } from '../../src/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sluice-schedule-'));
const db = join(dir, 'sluice.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repo, 'test/rules/fixtures/schedule-worker.ts'), db],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('running') && resolve());
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a scheduled start', () => {
  it('reads a cron expression in the time zone CRON_TZ names', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(firstOccurrence('cycle', 'CRON_TZ=Europe/Berlin 0 9 * * *', now)?.dueAt).toBe(
      Date.parse('2026-01-11T08:00:00Z'),
    );
    expect(() => firstOccurrence('cycle', 'CRON_TZ=Mars/Base 0 9 * * *', now)).toThrow(/Mars\/Base/);
  });

  it('fires every occurrence exactly once across a SIGKILL and a restart', async () => {
    const first = await runWorker();
    await sleep(3500);
    await kill(first);
    await sleep(2000); // two occurrences fall due while nothing runs
    const second = await runWorker();
    await sleep(3000);
    await kill(second);

    const sluice = await createSluice({ db });
    const [definition] = await sluice.definitions();
    const started = (await sluice.instances({ processId: 'tick', limit: 1000 })).items;
    const [timer] = await sluice.store.dueTimers(Number.MAX_SAFE_INTEGER, 10);
    await sluice.close();
    const firstDue = Math.ceil((definition!.deployedAt + 1) / 1000) * 1000;
    // Every occurrence from the first up to the one still armed started one instance.
    expect(started.length).toBeGreaterThanOrEqual(6);
    expect(started.length).toBe((timer!.dueAt - firstDue) / 1000);
  });
});
