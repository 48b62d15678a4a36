import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { oneTask, type WorkHarness, workHarness } from './work-harness.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** An HTTP server on 127.0.0.1 that answers each POST with the next status and keeps what it got. */
async function webhookServer(
  statuses: number[],
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/sluice`, received, server };
}

let h: WorkHarness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  await new Promise((resolve) => server?.close(resolve));
  h = undefined;
  server = undefined;
});

describe('notifications by webhook', () => {
  it('posts each notification as JSON with its key, and retries after the receiver fails', async () => {
    const hook = await webhookServer([503]);
    server = hook.server;
    h = await workHarness([oneTask('ticket', 'sluice:assignment="direct" sluice:assignee="ben"')], {
      webhook: { url: hook.url },
    });
    const id = await h.start('ticket');
    await h.sluice.work.sendNotifications();
    expect(hook.received).toHaveLength(1); // answered 503: kept for another attempt
    await h.advance(2_000);
    await h.sluice.work.sendNotifications();
    const delivered = hook.received.at(-1)!;
    expect(delivered.headers['content-type']).toBe('application/json');
    expect(delivered.body).toMatchObject({ type: 'task.assigned', user: 'ben', instanceId: id });
    expect(delivered.headers['x-sluice-notification']).toBe(delivered.body.key);
    expect(hook.received[0]!.body.key).toBe(delivered.body.key);
    const sentBefore = hook.received.length;
    await h.advance(60_000);
    await h.sluice.work.sendNotifications();
    expect(hook.received).toHaveLength(sentBefore); // delivered once, not again
  });
});
