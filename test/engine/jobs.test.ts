import { describe, expect, it } from 'vitest';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { createSluice, VirtualClock } from '../../src/index.js';
import { harness } from '../support/engine.js';

const model = bpmn(
  'sync',
  `<bpmn:startEvent id="start"/>${serviceTask('push', 'push-crm')}<bpmn:endEvent id="end"/>${flows('start>push', 'push>end')}`,
);

describe('jobs', () => {
  it('retry a failing handler with backoff, then raise an incident an operator can retry', async () => {
    let failing = true;
    const attempts: number[] = [];
    const { sluice, advance, status } = await harness([model], {
      'push-crm': (job) => {
        attempts.push(job.attempt);
        if (failing) throw new Error('CRM is down');
        return { synced: true };
      },
    });
    const { instanceId } = await sluice.start('sync');
    await sluice.idle();
    expect(attempts).toHaveLength(1);
    await advance(1000); // first backoff: 1 s
    expect(attempts).toHaveLength(2);
    await advance(2000); // second backoff: 2 s; retries (3) are now used up
    expect(attempts).toHaveLength(3);
    await advance(60_000);
    expect(attempts).toHaveLength(3);

    const [incident] = await sluice.incidents({ open: true });
    expect(incident).toMatchObject({ instanceId, elementId: 'push', message: 'CRM is down' });
    expect(await status(instanceId)).toBe('active');

    failing = false;
    await sluice.retryIncident(incident!.id);
    await sluice.idle();
    expect(await status(instanceId)).toBe('completed');
    expect((await sluice.instance(instanceId)).variables).toEqual({ synced: true });
    expect(await sluice.incidents({ open: true })).toEqual([]);
    await expect(sluice.retryIncident(incident!.id)).rejects.toThrow(/resolved already/);
  });

  it('give each handler its own copy of the variables, so changing them in place changes nothing', async () => {
    const twoSteps = bpmn(
      'tally',
      `<bpmn:startEvent id="start"/>${serviceTask('first', 'append')}${serviceTask('second', 'append')}<bpmn:endEvent id="end"/>${flows('start>first', 'first>second', 'second>end')}`,
    );
    const seen: unknown[] = [];
    const { sluice } = await harness([twoSteps], {
      append: (job) => {
        seen.push(structuredClone(job.variables.items));
        (job.variables.items as string[]).push(job.elementId);
        return undefined;
      },
    });
    const { instanceId } = await sluice.start('tally', { variables: { items: ['a'] } });
    await sluice.idle();
    expect(seen).toEqual([['a'], ['a']]);
    expect((await sluice.instance(instanceId)).variables).toEqual({ items: ['a'] });
  });

  it('renew the lease of a handler that runs longer than its lease, so nobody else takes the job', async () => {
    const clock = new VirtualClock();
    let finish!: () => void;
    const sluice = await createSluice({
      db: ':memory:',
      clock,
      executor: { leaseMs: 1000 },
      pollMs: 60_000,
      handlers: { 'push-crm': () => new Promise<void>((resolve) => (finish = resolve)) },
    });
    await sluice.deploy([{ name: 'sync.bpmn', content: model }]);
    sluice.run();
    const { instanceId } = await sluice.start('sync');
    for (let i = 0; i < 6; i++) {
      clock.advance(500);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const thief = await sluice.store.acquireJobs({
      owner: 'other',
      now: clock.now(),
      leaseMs: 1000,
      limit: 10,
    });
    expect(thief).toEqual([]);
    finish();
    await sluice.idle();
    expect((await sluice.instance(instanceId)).status).toBe('completed');
    await sluice.close();
  });

  it('refuse a completion from a superseded job attempt (fencing)', async () => {
    const { sluice } = await harness([model]); // no handler: the job waits for a worker
    const { instanceId } = await sluice.start('sync');
    const [first] = await sluice.store.acquireJobs({
      owner: 'w1',
      now: sluice.clock.now(),
      leaseMs: 1000,
      limit: 10,
    });
    const [second] = await sluice.store.acquireJobs({
      owner: 'w2',
      now: sluice.clock.now() + 2000,
      leaseMs: 1000,
      limit: 10,
    });
    expect(second?.attempt).toBe(first!.attempt + 1);
    const { store } = sluice;
    const loaded = await store.loadInstance(instanceId);
    const stale = await store.commit(
      [
        {
          state: loaded!.state,
          expectedRev: loaded!.rev,
          events: [],
          effects: [],
          consume: { kind: 'job', jobId: first!.id, attempt: first!.attempt },
        },
      ],
      sluice.clock.now(),
    );
    expect(stale).toEqual(['stale']);
    expect((await store.loadInstance(instanceId))!.rev).toBe(loaded!.rev);
  });
});
