/**
 * Inbound webhooks through the HTTP API: signed deliveries start a process or correlate a
 * message, and one idempotency key acts once however many copies arrive at once.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- answers are JSON documents read field by field */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sign } from '../../src/connect/signature.js';
import { type Credential, type Harness, serverHarness } from '../server/server-harness.js';
import { bpmn, flows } from '../support/bpmn.js';

const secret = 'the shop and sluice share this';

const orders = bpmn(
  'order',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="pack"/><bpmn:endEvent id="e"/>${flows('s>pack', 'pack>e')}`,
);
const payments = bpmn(
  'payment',
  `<bpmn:startEvent id="s"/>
   <bpmn:receiveTask id="wait" messageRef="paid"><bpmn:extensionElements>
     <zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:receiveTask>
   <bpmn:endEvent id="e"/>${flows('s>wait', 'wait>e')}`,
  '<bpmn:message id="paid" name="payment-received"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>',
);

let h: Harness;
let modeler: Credential;
beforeEach(async () => {
  h = await serverHarness();
  await h.deploy('default', orders, payments);
  modeler = await h.apiKey('shop-admin', ['modeler']);
});
afterEach(() => h.close());

const configure = async (name: string, body: Record<string, unknown>): Promise<void> => {
  const answer = await h.request('PUT', `/api/v1/webhooks/${name}`, {
    as: modeler,
    body: { secret, ...body },
  });
  expect(answer.status).toBe(200);
};

const deliver = (name: string, payload: unknown, headers: Record<string, string> = {}, key = secret) => {
  const raw = JSON.stringify(payload);
  return h.request('POST', `/api/v1/webhooks/${name}/deliveries`, {
    raw,
    headers: {
      'content-type': 'application/json',
      'sluice-signature': sign(key, raw, Date.now()),
      ...headers,
    },
  });
};

describe('an inbound webhook', () => {
  it('starts one instance for 100 concurrent deliveries with the same idempotency key', async () => {
    await configure('shop-orders', {
      start: 'order',
      variables: '{"orderId": body.id, "total": body.total}',
    });
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        deliver('shop-orders', { id: 'A-1', total: 30 }, { 'idempotency-key': 'order-A-1' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    const instances = await h.sluice.instances({ processId: 'order' });
    expect(instances.items).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.instanceId))).toEqual(new Set([instances.items[0]!.id]));
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(1);
    expect((await h.sluice.instance(instances.items[0]!.id)).variables).toEqual({
      orderId: 'A-1',
      total: 30,
    });
  });

  it('takes the idempotency key from the payload when configured, and starts again for a new key', async () => {
    await configure('shop-orders', { start: 'order', idempotencyKey: 'body.id' });
    await deliver('shop-orders', { id: 'A-1' });
    await deliver('shop-orders', { id: 'A-1', resent: true });
    await deliver('shop-orders', { id: 'A-2' });
    expect((await h.sluice.instances({ processId: 'order' })).items).toHaveLength(2);
  });

  it('refuses a delivery with a wrong, missing or stale signature, and starts nothing', async () => {
    await configure('shop-orders', { start: 'order' });
    const wrong = await deliver('shop-orders', { id: 'A-1' }, {}, 'somebody else’s secret');
    expect([wrong.status, wrong.body.code]).toEqual([401, 'signature-invalid']);
    const missing = await h.request('POST', '/api/v1/webhooks/shop-orders/deliveries', {
      body: { id: 'A-1' },
    });
    expect(missing.status).toBe(401);
    const raw = JSON.stringify({ id: 'A-1' });
    const stale = await h.request('POST', '/api/v1/webhooks/shop-orders/deliveries', {
      raw,
      headers: { 'sluice-signature': sign(secret, raw, Date.now() - 3600_000) },
    });
    expect(stale.body.detail).toMatch(/more than 5 minutes/);
    expect((await h.sluice.instances({ processId: 'order' })).items).toEqual([]);
  });

  it('correlates a message once, with the correlation key and variables mapped from the payload', async () => {
    await configure('psp', {
      message: 'payment-received',
      correlationKey: 'body.reference',
      variables: '{"paidAmount": body.amount}',
    });
    const { instanceId } = await h.sluice.start('payment', { variables: { orderId: 'A-7' } });
    const first = await deliver('psp', { reference: 'A-7', amount: 12.5 }, { 'idempotency-key': 'evt-1' });
    const again = await deliver('psp', { reference: 'A-7', amount: 12.5 }, { 'idempotency-key': 'evt-1' });
    expect(first.body).toMatchObject({ instanceId, started: false, duplicate: false });
    expect(again.body).toMatchObject({ duplicate: true });
    const details = await h.sluice.instance(instanceId);
    expect(details.status).toBe('completed');
    expect(details.variables).toMatchObject({ paidAmount: 12.5 });
  });
});
