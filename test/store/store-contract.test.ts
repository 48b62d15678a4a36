/**
 * The Store contract, on the database DB names (sqlite by default, postgres with DB=postgres):
 * what the engine relies on when many steps share a commit and many nodes share the work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Effect, HistoryEvent, InstanceState } from '../../src/core/types.js';
import type { StepRecord, Store } from '../../src/store/store.js';
import { openTestStore, testDatabase } from '../support/test-database.js';

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});
async function fresh(): Promise<Store> {
  const store = await openTestStore();
  stores.push(store);
  return store;
}

const state = (id: string, note = ''): InstanceState => ({
  id,
  processId: 'p',
  version: 1,
  status: 'active',
  startedAt: 1000,
  scopes: { [id]: { id, elementId: 'p', vars: { note } } },
  tokens: {},
});
const event = (id: string, type: HistoryEvent['type'], elementId?: string): HistoryEvent => ({
  at: 1000,
  instanceId: id,
  processId: 'p',
  version: 1,
  type,
  ...(elementId && { elementId }),
});
const job = (jobId: string, type = 'work'): Effect => ({
  kind: 'create-job',
  jobId,
  tokenId: 't',
  elementId: 'a',
  type,
  retries: 3,
  variables: {},
});
const start = (id: string, effects: Effect[] = []): StepRecord => ({
  state: state(id),
  expectedRev: 0,
  events: [event(id, 'instance.started')],
  effects,
});

describe(`the ${testDatabase} store`, () => {
  it('commits a batch and rejects a stale-revision step alone, writing nothing of it', async () => {
    const store = await fresh();
    expect(await store.commit([start('a'), start('b')], 1000)).toEqual(['committed', 'committed']);
    const outcomes = await store.commit(
      [
        {
          state: state('a', 'second'),
          expectedRev: 1,
          events: [event('a', 'element.completed', 'x')],
          effects: [job('j1')],
        },
        {
          state: state('b', 'stale'),
          expectedRev: 5,
          events: [event('b', 'element.completed', 'y')],
          effects: [job('j2')],
        },
      ],
      1000,
    );
    expect(outcomes).toEqual(['committed', 'conflict']);
    expect((await store.loadInstance('a'))?.rev).toBe(2);
    expect((await store.loadInstance('b'))?.rev).toBe(1);
    expect((await store.history('b')).map((e) => e.type)).toEqual(['instance.started']);
    expect(await store.getJob('j2')).toBeUndefined();
    expect((await store.getJob('j1'))?.state).toBe('ready');
  });

  it('chains steps of one instance inside one batch, and fails the later ones when an earlier one fails', async () => {
    const store = await fresh();
    const chained = await store.commit(
      [
        start('c'),
        {
          state: state('c', 'next'),
          expectedRev: 1,
          events: [event('c', 'element.completed', 'x')],
          effects: [],
        },
      ],
      1000,
    );
    expect(chained).toEqual(['committed', 'committed']);
    expect((await store.loadInstance('c'))?.rev).toBe(2);
    const again = await store.commit(
      [start('c'), { state: state('c', 'after'), expectedRev: 1, events: [], effects: [] }],
      1000,
    );
    expect(again).toEqual(['conflict', 'conflict']);
    expect((await store.loadInstance('c'))?.state.scopes.c?.vars).toEqual({ note: 'next' });
  });

  it('refuses a completion from a superseded job attempt, and a second consumer of a timer', async () => {
    const store = await fresh();
    await store.commit(
      [
        start('d', [
          job('jd'),
          { kind: 'schedule-timer', timerId: 'td', elementId: 'w', tokenId: 't', dueAt: 500 },
        ]),
      ],
      1000,
    );
    const first = await store.acquireJobs({ owner: 'n1', now: 2000, leaseMs: 100, limit: 10 });
    expect(first.map((j) => [j.id, j.attempt])).toEqual([['jd', 1]]);
    // The lease runs out; another node takes the job over.
    const second = await store.acquireJobs({ owner: 'n2', now: 3000, leaseMs: 100, limit: 10 });
    expect(second.map((j) => [j.id, j.attempt])).toEqual([['jd', 2]]);
    const complete = (attempt: number, rev: number): StepRecord => ({
      state: state('d', `attempt ${attempt}`),
      expectedRev: rev,
      events: [event('d', 'element.completed', 'a')],
      effects: [{ kind: 'delete-job', jobId: 'jd' }],
      consume: { kind: 'job', jobId: 'jd', attempt },
    });
    expect(await store.commit([complete(1, 1)], 3000)).toEqual(['stale']);
    expect(await store.commit([complete(2, 1)], 3000)).toEqual(['committed']);
    const fire = (rev: number): StepRecord => ({
      state: state('d', 'fired'),
      expectedRev: rev,
      events: [event('d', 'timer.fired', 'w')],
      effects: [],
      consume: { kind: 'timer', timerId: 'td' },
    });
    expect(await store.commit([fire(2)], 3000)).toEqual(['committed']);
    expect(await store.commit([fire(3)], 3000)).toEqual(['stale']);
    expect(await store.countOpen()).toEqual({ jobs: 0, timers: 0, inbox: 0 });
  });

  it('hands each job to one of many acquirers at once, and lets only the holder renew its lease', async () => {
    const store = await fresh();
    await store.commit(
      Array.from({ length: 40 }, (_, i) => start(`i${i}`, [job(`j${i}`)])),
      1000,
    );
    const batches = await Promise.all(
      ['n1', 'n2', 'n3', 'n4'].map((owner) =>
        store.acquireJobs({ owner, now: 2000, leaseMs: 10_000, limit: 15 }),
      ),
    );
    const ids = batches.flat().map((j) => j.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const mine = batches[0]!.map((j) => ({ id: j.id, attempt: j.attempt }));
    expect(await store.extendLeases('n1', mine, 50_000)).toBe(mine.length);
    expect(await store.extendLeases('someone-else', mine, 60_000)).toBe(0);
  });

  it('lists the nodes with their heartbeats and the job leases they hold', async () => {
    const store = await fresh();
    await store.commit([start('e', [job('je')])], 1000);
    await store.acquireJobs({ owner: 'node-1', now: 1000, leaseMs: 10_000, limit: 1 });
    await store.heartbeat(
      { id: 'node-1', host: 'h', pid: 1, startedAt: 900, heartbeatAt: 1000, singletons: ['timers'] },
      3000,
    );
    await store.heartbeat(
      { id: 'node-2', host: 'h', pid: 2, startedAt: 950, heartbeatAt: 1000, singletons: [] },
      3000,
    );
    const nodes = await store.listNodes(5000);
    expect(nodes.map((n) => [n.id, n.alive, n.jobLeases, n.singletons])).toEqual([
      ['node-1', false, 1, ['timers']],
      ['node-2', false, 0, []],
    ]);
    expect(await store.holdLock('timers')).toBe(true);
  });
});
