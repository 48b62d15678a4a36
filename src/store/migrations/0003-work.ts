import type { Kysely } from 'kysely';

/**
 * People and work wired into the engine (src/work, src/engine/task-router.ts, notifier.ts):
 * notifications (the notifier's outbox and the in-app feed, one row per person, written in the
 * step's transaction), task attachments (metadata and base64 content, size-limited by the
 * engine), piles (a person who takes every task of one activity) and deployed forms. Plain
 * types only, so the migration runs on SQLite and PostgreSQL alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('notifications_feed')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_unsent')
    .on('notifications')
    .columns(['sent_at', 'created_at'])
    .execute();
  await db.schema.createIndex('notifications_key').on('notifications').columns(['key']).execute();

  await db.schema
    .createTable('task_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_attachments_task').on('task_attachments').columns(['task_id']).execute();

  await db.schema
    .createTable('work_piles')
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_piles_pk', ['process_id', 'element_id'])
    .execute();

  await db.schema
    .createTable('work_forms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schema', 'text', (c) => c.notNull())
    .addColumn('deployed_at', 'bigint', (c) => c.notNull())
    .execute();
}
