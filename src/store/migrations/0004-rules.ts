import type { Kysely } from 'kysely';

/**
 * Rules and automation: deployed DMN decisions (versioned per decision id, deduplicated by the
 * hash of their file, like processes), inbound webhooks and the deliveries they took. A
 * delivery's (webhook, idempotency key) is the primary key, so a repeated delivery is told
 * apart by the database, across processes and nodes, not by any one process's memory.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('decisions')
    .addColumn('decision_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('deployed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('decisions_pk', ['decision_id', 'version'])
    .execute();
  await db.schema.createIndex('decisions_hash').on('decisions').columns(['decision_id', 'hash']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('webhook', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['webhook', 'idempotency_key'])
    .execute();
}
