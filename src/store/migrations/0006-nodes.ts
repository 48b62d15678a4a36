import type { Kysely } from 'kysely';

/**
 * The nodes of a cluster: each engine process writes its row on start and renews it with a
 * heartbeat; a row whose lease ran out is a node that died or lost the database. `singletons`
 * (JSON) names the cluster-wide duties the node holds (advisory locks on PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull())
    .addColumn('singletons', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_lease_owner').on('jobs').columns(['lease_owner']).execute();
}
