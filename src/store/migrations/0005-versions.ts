import type { Kysely } from 'kysely';

/**
 * Versions and change (docs/versions.md): timers and jobs of a suspended instance wait
 * (`suspended` = 1, skipped by the timer scheduler and job acquisition); per process version,
 * whether it is suspended and how long the history of its ended instances is kept; and the
 * index the history cleanup finds ended instances by, oldest first, in bounded batches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('timers')
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('jobs')
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('version_settings')
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('history_ttl_ms', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('version_settings_pk', ['process_id', 'version'])
    .execute();
  await db.schema
    .createIndex('instances_ended')
    .on('instances')
    .columns(['process_id', 'version', 'ended_at'])
    .execute();
}
