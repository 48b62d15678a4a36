import { afterAll, describe, expect, it } from 'vitest';
import type {
  DeployJson,
  ErrorJson,
  InstanceJson,
  MessageJson,
  StartJson,
  TaskJson,
  ValidateJson,
} from '../../src/cli/json-views.js';
import {
  eventually,
  exampleModel,
  sandbox,
  sluice as sluiceWithoutStore,
  startRunner,
  containing,
} from './sluice-process.js';

describe('given the order-fulfilment example and a `sluice run --demo` worker with its handlers', () => {
  const { db, sluice, remove } = sandbox();
  const runner = startRunner('--demo', '--poll-ms', '50', '--db', db);
  afterAll(async () => {
    if (runner.child.exitCode === null) await runner.stop();
    remove();
  });

  it('validates the example with its element counts, without a store', async () => {
    const validated = await sluiceWithoutStore<ValidateJson>('validate', exampleModel, '--json');
    expect(validated.code).toBe(0);
    expect(validated.json).toEqual({
      files: [
        {
          file: exampleModel,
          parsed: true,
          processes: [
            {
              processId: 'order-fulfilment',
              executable: true,
              counts: { activities: 3, events: 3, gateways: 2, sequenceFlows: 8 },
            },
          ],
          findings: [],
        },
      ],
    });
  });

  it('ships an order in stock straight away, routes a backorder to sales, and both finish on payment', async () => {
    // The worker deployed the example too: the same content keeps its version.
    expect((await sluice<DeployJson>('deploy', exampleModel, '--json')).json.deployed).toEqual([
      { processId: 'order-fulfilment', version: 1 },
    ]);
    const order = (id: string, sku: string): string[] => [
      '--var',
      `orderId=${id}`,
      '--vars',
      `{"items":[{"sku":"${sku}","quantity":1}]}`,
    ];
    const [inStock, backorder] = await Promise.all([
      sluice<StartJson>('start', 'order-fulfilment', ...order('A-1001', 'KETTLE-01'), '--json'),
      sluice<StartJson>(
        'start',
        'order-fulfilment',
        ...order('A-1002', 'TEAPOT-02'),
        '--business-key',
        'A-1002',
        '--json',
      ),
    ]);

    // The worker reserves stock; the teapot is out of stock, so sales must approve a backorder.
    const tasks = await eventually(
      () => sluice<TaskJson[]>('tasks', '--group', 'sales', '--json'),
      (t) => t.length === 1,
      'the backorder task',
    );
    expect(tasks.json[0]).toMatchObject({
      elementId: 'Activity_ApproveBackorder',
      name: 'Approve backorder',
      instanceId: backorder.json.instanceId,
      candidateGroups: ['sales'],
    });
    expect(
      (await sluice('complete', tasks.json[0]!.id, '--user', 'sam', '--var', 'approved=true')).code,
    ).toBe(0);

    // Both orders are shipped by the worker and then wait for their payment.
    await Promise.all(
      [inStock.json.instanceId, backorder.json.instanceId].map((id) =>
        eventually(
          () => sluice<InstanceJson>('instance', id, '--json'),
          (i) => i.activeElements.includes('Event_PaymentReceived'),
          `order ${id} to wait for payment`,
        ),
      ),
    );

    const paid = await sluice<MessageJson>(
      'message',
      'payment-received',
      '--correlation-key',
      'A-1002',
      '--var',
      'amount=59.9',
      '--json',
    );
    expect(paid.json).toEqual({ instanceId: backorder.json.instanceId, started: false });
    const fulfilled = await sluice<InstanceJson>('instance', backorder.json.instanceId, '--json');
    expect(fulfilled.json).toMatchObject({
      state: 'completed',
      variables: {
        orderId: 'A-1002',
        inStock: false,
        approved: true,
        carrier: 'DHL Parcel',
        trackingNumber: 'DHL-A-1002',
        amount: 59.9,
      },
    });
    expect(fulfilled.json.history.map((e) => `${e.type} ${e.elementId ?? ''}`.trim())).toEqual(
      expect.arrayContaining([
        'element.completed Activity_ReserveStock',
        'element.completed Activity_ApproveBackorder',
        'element.completed Activity_Ship',
        'message.correlated Event_PaymentReceived',
        'instance.completed',
      ]),
    );

    // A payment for an unknown order is refused; the in-stock order, which never saw sales, is paid.
    const unknown = await sluice<ErrorJson>(
      'message',
      'payment-received',
      '--correlation-key',
      'A-9999',
      '--json',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.json.error).toMatchObject({
      code: 'message-not-correlated',
      message: containing("'A-9999'"),
    });
    const paidToo = await sluice<MessageJson>(
      'message',
      'payment-received',
      '--correlation-key',
      'A-1001',
      '--json',
    );
    expect(paidToo.json).toEqual({ instanceId: inStock.json.instanceId, started: false });
  }, 90_000);

  it('stops gracefully on SIGTERM, having printed what it did', async () => {
    const { code, stderr } = await runner.stop();
    expect(code).toBe(0);
    expect(stderr).toMatch(/^(already )?deployed order-fulfilment version 1$/m);
    expect(stderr).toContain('job types: reserve-stock, ship-order');
    expect(stderr).toMatch(/SIGTERM: finishing work in progress, then stopping\nstopped\n$/);
    expect(runner.output()).toMatch(/order-fulfilment \S+ element\.completed Activity_ReserveStock/);
  });
});
