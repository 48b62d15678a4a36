/**
 * The built-in connectors against real servers on 127.0.0.1: HTTP (with the outbound policy
 * that refuses private addresses unless allowed), e-mail over SMTP, signed outgoing webhooks.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers are typed any */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorOptions } from '../../src/connect/connectors.js';
import { signatureProblem } from '../../src/connect/signature.js';
import { createSluice, type Sluice, VirtualClock } from '../../src/index.js';
import { bpmn, flows } from '../support/bpmn.js';
import { startSmtpServer } from '../work/smtp-server.js';

interface Canary {
  readonly url: string;
  readonly hits: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

type Answer = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An HTTP server that records every request it gets and answers as told. */
async function canary(answer: Answer = (_req, res) => res.end('{}'), host = '127.0.0.1'): Promise<Canary> {
  const hits: Canary['hits'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  closers.push(close);
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, hits, close };
}

const connectorTask = (type: string, headers: Record<string, string>, attributes = ''): string => {
  const entries = Object.entries(headers)
    .map(([key, value]) => `<zeebe:header key="${key}" value="${value.replaceAll('"', '&quot;')}"/>`)
    .join('');
  return bpmn(
    'call',
    `<bpmn:startEvent id="s"/>
     <bpmn:serviceTask id="call-out" ${attributes}><bpmn:extensionElements>
       <zeebe:taskDefinition type="${type}" retries="2"/><zeebe:taskHeaders>${entries}</zeebe:taskHeaders>
     </bpmn:extensionElements></bpmn:serviceTask>
     <bpmn:boundaryEvent id="not-found" attachedToRef="call-out"><bpmn:errorEventDefinition errorRef="e404"/></bpmn:boundaryEvent>
     <bpmn:endEvent id="done"/><bpmn:endEvent id="missing"/>
     ${flows('s>call-out', 'call-out>done', 'not-found>missing')}`,
    '<bpmn:error id="e404" errorCode="HTTP_404"/>',
  );
};

async function engine(model: string, connectors: ConnectorOptions = {}) {
  const clock = new VirtualClock();
  const sluice: Sluice = await createSluice({ db: ':memory:', clock, connectors, pollMs: 60_000 });
  closers.push(() => sluice.close());
  await sluice.deploy([{ name: 'call.bpmn', content: model }]);
  sluice.run();
  const run = async (variables: Record<string, unknown> = {}) => {
    const { instanceId } = await sluice.start('call', { variables });
    await sluice.idle();
    return instanceId;
  };
  const advance = async (ms: number) => {
    clock.advance(ms);
    await sluice.idle();
  };
  return { sluice, run, advance };
}

describe('the HTTP connector', () => {
  it('refuses a loopback address by default: the canary on 127.0.0.1 is never reached', async () => {
    const target = await canary();
    const { sluice, run } = await engine(connectorTask('sluice:http', { url: `${target.url}/admin` }));
    const instanceId = await run();
    const [incident] = await sluice.incidents({ instanceId, open: true });
    expect(incident?.message).toMatch(/refused: it resolves to 127\.0\.0\.1/);
    expect(target.hits).toEqual([]);
  });

  it('refuses a name that resolves to loopback (localhost), checked after DNS resolution', async () => {
    const target = await canary();
    const port = new URL(target.url).port;
    const { sluice, run } = await engine(connectorTask('sluice:http', { url: `http://localhost:${port}/` }));
    const [incident] = await sluice.incidents({ instanceId: await run(), open: true });
    expect(incident?.message).toMatch(/refused/);
    expect(target.hits).toEqual([]);
  });

  it('reaches the canary when the policy allows its address, with method, headers and body from FEEL, and maps the response', async () => {
    const target = await canary((_req, res, body) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ received: JSON.parse(body) as unknown, approved: true }));
    });
    const { sluice, run } = await engine(
      connectorTask('sluice:http', {
        method: 'POST',
        url: `="${target.url}/orders/" + orderId`,
        headers: '={"x-tenant": tenant}',
        body: '={"total": total * 2}',
        resultVariable: 'reply',
        resultExpression: '={"approved": response.body.approved}',
      }),
      { outbound: { allow: ['127.0.0.1'] } },
    );
    const instanceId = await run({ orderId: 'A-7', tenant: 'acme', total: 21 });
    expect(target.hits).toMatchObject([
      { method: 'POST', url: '/orders/A-7', headers: { 'x-tenant': 'acme' }, body: '{"total":42}' },
    ]);
    const { status, variables } = await sluice.instance(instanceId);
    expect(status).toBe('completed');
    expect(variables).toMatchObject({ approved: true, reply: { status: 200, body: { approved: true } } });
  });

  it('checks every redirect: an allowed server cannot redirect the request to a refused address', async () => {
    const inner = await canary(undefined, '127.0.0.2');
    const outer = await canary((_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', `${inner.url}/secret`);
      res.end();
    });
    const { sluice, run } = await engine(connectorTask('sluice:http', { url: outer.url }), {
      outbound: { allow: ['127.0.0.1'] },
    });
    const [incident] = await sluice.incidents({ instanceId: await run(), open: true });
    expect(incident?.message).toMatch(/127\.0\.0\.2/);
    expect(outer.hits).toHaveLength(1);
    expect(inner.hits).toEqual([]);
  });

  it('retries a 5xx answer after the backoff and completes when the server recovers', async () => {
    let calls = 0;
    const target = await canary((_req, res) => {
      res.statusCode = ++calls === 1 ? 503 : 200;
      res.end('{}');
    });
    const { sluice, run, advance } = await engine(
      connectorTask('sluice:http', { url: target.url }, 'sluice:retryBackoff="PT5S"'),
      { outbound: { allow: ['127.0.0.1'] } },
    );
    const instanceId = await run();
    expect((await sluice.instance(instanceId)).status).toBe('active');
    await advance(5000);
    expect(target.hits).toHaveLength(2);
    expect((await sluice.instance(instanceId)).status).toBe('completed');
  });

  it('fails a request that gets no answer within timeoutMs, and turns a 404 into the BPMN error HTTP_404', async () => {
    const silent = await canary(() => {});
    const slow = await engine(connectorTask('sluice:http', { url: silent.url, timeoutMs: '200' }), {
      outbound: { allow: ['127.0.0.1'] },
    });
    const instanceId = await slow.run();
    expect(
      (await slow.sluice.instance(instanceId)).history.find((e) => e.type === 'job.failed')?.data,
    ).toMatchObject({ error: expect.stringMatching(/no complete answer within 200 ms/) });

    const absent = await canary((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    const missing = await engine(connectorTask('sluice:http', { url: absent.url }), {
      outbound: { allow: ['127.0.0.1'] },
    });
    const other = await missing.run();
    const completed = (await missing.sluice.instance(other)).history
      .filter((e) => e.type === 'element.completed')
      .map((e) => e.elementId);
    expect(completed).toContain('missing');
  });
});

describe('the e-mail connector', () => {
  it('sends the mail over SMTP with recipients and subject from FEEL', async () => {
    const smtp = await startSmtpServer();
    closers.push(() => smtp.close());
    const { sluice, run } = await engine(
      connectorTask('sluice:email', {
        to: '=customer.email',
        subject: '="Order " + orderId + " shipped"',
        text: 'Your order is on its way.',
      }),
      { smtp: { host: '127.0.0.1', port: smtp.port, from: 'shop@example.com' } },
    );
    const instanceId = await run({ orderId: 'A-9', customer: { email: 'ann@example.com' } });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.envelope).toEqual({ from: 'shop@example.com', to: ['ann@example.com'] });
    expect(mail!.mail.subject).toBe('Order A-9 shipped');
    expect((await sluice.instance(instanceId)).status).toBe('completed');
  });
});

describe('the outgoing webhook connector', () => {
  it('posts the event signed with HMAC-SHA256, which the receiver verifies, and the job id as idempotency key', async () => {
    const receiver = await canary();
    const { run } = await engine(
      connectorTask('sluice:webhook', { url: receiver.url, secret: 'crm', event: 'order.shipped' }),
      { outbound: { allow: ['127.0.0.1'] }, webhookSecrets: { crm: 'shh-a-long-secret' } },
    );
    await run({ orderId: 'A-3' });
    const [hit] = receiver.hits;
    const header = hit!.headers['sluice-signature'] as string;
    expect(JSON.parse(hit!.body)).toMatchObject({ event: 'order.shipped', data: { orderId: 'A-3' } });
    expect(signatureProblem('shh-a-long-secret', header, hit!.body, Date.now(), Infinity)).toBeUndefined();
    expect(signatureProblem('another-secret', header, hit!.body, Date.now(), Infinity)).toMatch(
      /does not match/,
    );
    expect(signatureProblem('shh-a-long-secret', header, `${hit!.body} `, Date.now(), Infinity)).toMatch(
      /does not match/,
    );
    expect(hit!.headers['idempotency-key']).toBe((JSON.parse(hit!.body) as { id: string }).id);
  });
});
