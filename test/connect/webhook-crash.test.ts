/**
 * An inbound webhook that correlates a message loses nothing when its node dies between
 * recording the delivery and correlating: the restarted engine delivers the message from the
 * inbox, once, and a repeat of the delivery does nothing more.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sign } from '../../src/connect/signature.js';
import { createSluice, type Sluice } from '../../src/index.js';
import { deliverWebhook } from '../../src/server/jobs/inbound-webhooks.js';
import { pspWebhook } from './fixtures/payment-process.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const signed = (payload: unknown, key: string) => {
  const rawBody = JSON.stringify(payload);
  return {
    rawBody,
    headers: { 'sluice-signature': sign(pspWebhook.secret, rawBody, Date.now()), 'idempotency-key': key },
  };
};

/** Runs the fixture until it kills itself; answers the id of the instance that waits. */
function crashAfterRecording(db: string, delivery: object): Promise<string> {
  const fixture = join(repo, 'test/connect/fixtures/crash-after-delivery.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, db, JSON.stringify(delivery)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve(out.trim())
        : reject(new Error(`the fixture ended with ${code ?? signal} instead of SIGKILL: ${err}`)),
    ),
  );
}

async function untilCompleted(sluice: Sluice, instanceId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await sluice.instance(instanceId)).status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a webhook delivery that correlates a message', () => {
  it('is correlated exactly once after its node is killed between recording and correlating', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-webhook-crash-'));
    dirs.push(dir);
    const db = join(dir, 'sluice.db');
    const delivery = signed({ reference: 'A-7', amount: 12.5 }, 'evt-1');
    const instanceId = await crashAfterRecording(db, delivery);
    expect(instanceId).toMatch(/\S/);

    const sluice = await createSluice({ db, pollMs: 50 });
    try {
      expect((await sluice.instance(instanceId)).status).toBe('active');
      expect((await sluice.store.countOpen()).inbox).toBe(1);
      sluice.run();
      await untilCompleted(sluice, instanceId);
      const details = await sluice.instance(instanceId);
      expect(details.status).toBe('completed');
      expect(details.variables).toMatchObject({ paidAmount: 12.5 });

      const again = await deliverWebhook(
        sluice,
        pspWebhook.name,
        signed({ reference: 'A-7', amount: 12.5 }, 'evt-1'),
      );
      expect(again).toEqual({ instanceId, started: false, duplicate: true });
      await sluice.idle();
      const completions = (await sluice.store.history(instanceId)).filter(
        (event) => event.type === 'element.completed' && event.elementId === 'wait',
      );
      expect(completions).toHaveLength(1);
      expect((await sluice.store.countOpen()).inbox).toBe(0);
    } finally {
      await sluice.close();
    }
  }, 120_000);
});
