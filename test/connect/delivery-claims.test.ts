/**
 * The store records a webhook delivery and queues its command in one transaction: the first
 * delivery of a key writes both rows, a repeat writes neither, and concurrent copies queue
 * one command. Runs on SQLite, and on PostgreSQL with DB=postgres.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { openTestStore } from '../support/test-database.js';

let store: Store;
beforeEach(async () => {
  store = await openTestStore();
});
afterEach(() => store.close());

const inbox = (id: string, instanceId: string) => ({
  id,
  instanceId,
  command: {
    type: 'correlate-message' as const,
    instanceId,
    subscriptionId: 'sub-1',
    messageName: 'paid',
  },
});

describe('a delivery claim', () => {
  it('queues the command of the first delivery of a key and nothing for a repeat', async () => {
    const first = await store.claimDelivery({ webhook: 'psp', key: 'evt-1', now: 1 }, inbox('in-1', 'i-1'));
    const again = await store.claimDelivery({ webhook: 'psp', key: 'evt-1', now: 2 }, inbox('in-2', 'i-2'));
    expect(first).toEqual({ instanceId: 'i-1', first: true });
    expect(again).toEqual({ instanceId: 'i-1', first: false });
    expect((await store.pendingInbox(10)).map((row) => [row.id, row.command])).toEqual([
      ['in-1', inbox('in-1', 'i-1').command],
    ]);
    expect(await store.findDelivery('psp', 'evt-1')).toBe('i-1');
    expect(await store.findDelivery('psp', 'evt-2')).toBeUndefined();
  });

  it('queues one command for 20 concurrent deliveries of one key', async () => {
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.claimDelivery({ webhook: 'psp', key: 'evt-1', now: i }, inbox(`in-${i}`, `i-${i}`)),
      ),
    );
    expect(claims.filter((claim) => claim.first)).toHaveLength(1);
    expect(new Set(claims.map((claim) => claim.instanceId)).size).toBe(1);
    expect(await store.pendingInbox(50)).toHaveLength(1);
  });
});
