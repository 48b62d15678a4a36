/** The nodes table (migration 0006-nodes): heartbeats and what each node holds. Any dialect. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { NodeRecord, Store } from './store.js';

const forgetAfterMs = 24 * 3600_000;

export async function heartbeat(
  db: Kysely<Database>,
  node: Parameters<Store['heartbeat']>[0],
  ttlMs: number,
): Promise<void> {
  const row = {
    id: node.id,
    host: node.host,
    pid: node.pid,
    started_at: node.startedAt,
    heartbeat_at: node.heartbeatAt,
    lease_until: node.heartbeatAt + ttlMs,
    singletons: JSON.stringify(node.singletons),
  };
  await db
    .insertInto('nodes')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        heartbeat_at: row.heartbeat_at,
        lease_until: row.lease_until,
        singletons: row.singletons,
      }),
    )
    .execute();
  await db
    .deleteFrom('nodes')
    .where('lease_until', '<', node.heartbeatAt - forgetAfterMs)
    .execute();
}

export async function listNodes(db: Kysely<Database>, now: number): Promise<NodeRecord[]> {
  const rows = await db
    .selectFrom('nodes')
    .selectAll('nodes')
    .select((eb) =>
      eb
        .selectFrom('jobs')
        .select((j) => j.fn.countAll<number>().as('n'))
        .whereRef('jobs.lease_owner', '=', 'nodes.id')
        .where('jobs.lease_until', '>=', now)
        .as('job_leases'),
    )
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    host: row.host,
    pid: Number(row.pid),
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
    leaseUntil: Number(row.lease_until),
    alive: Number(row.lease_until) >= now,
    singletons: JSON.parse(row.singletons) as string[],
    jobLeases: Number(row.job_leases ?? 0),
  }));
}
