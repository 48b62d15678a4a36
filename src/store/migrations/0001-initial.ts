import { type CreateTableBuilder, type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * On SQLite the outbox tables are clustered on their id (WITHOUT ROWID): one b-tree to
 * write per row instead of two, and their rows are small. PostgreSQL has no such option.
 */
function clustered(db: Kysely<unknown>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return <T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    sqlite ? table.modifyEnd(sql`without rowid`) : table;
}

/**
 * The runtime tables (instances and their outbox: jobs, timers, subscriptions, inbox, tasks,
 * incidents) and the append-only history. Written with kysely's schema builder so the same
 * migration runs on SQLite and PostgreSQL. Times are epoch milliseconds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const compact = clustered(db);
  await db.schema
    .createTable('definitions')
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('graph', 'text', (c) => c.notNull())
    .addColumn('deployed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('definitions_pk', ['process_id', 'version'])
    .execute();
  await db.schema.createIndex('definitions_hash').on('definitions').columns(['process_id', 'hash']).execute();

  await db.schema
    .createTable('instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('business_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rev', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('parent_id', 'text')
    .execute();
  await db.schema
    .createIndex('instances_process')
    .on('instances')
    .columns(['process_id', 'status'])
    .execute();
  await db.schema.createIndex('instances_status').on('instances').columns(['status']).execute();
  await db.schema.createIndex('instances_business_key').on('instances').columns(['business_key']).execute();

  // History is written as one row per step holding that step's events (as Temporal stores a
  // batch of events per transaction): a step's events are always read together, and one row
  // instead of three or four per step is most of what makes a commit cheap.
  await db.schema
    .createTable('history')
    // kysely's autoIncrement is SQLite's and MySQL's keyword; PostgreSQL has identity columns.
    .$call((t) =>
      db.getExecutor().adapter instanceof SqliteAdapter
        ? t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        : t.addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity()),
    )
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('history_instance').on('history').columns(['instance_id']).execute();

  await db.schema
    .createTable('jobs')
    .$call(compact)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('retries', 'integer', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('error', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'due_at']).execute();

  await db.schema
    .createTable('timers')
    .$call(compact)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text')
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('repeat', 'text')
    .addColumn('start', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timers_due').on('timers').columns(['due_at']).execute();

  await db.schema
    .createTable('subscriptions')
    .$call(compact)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text')
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull().defaultTo('message'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('correlation_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscriptions_name')
    .on('subscriptions')
    .columns(['channel', 'name', 'correlation_key'])
    .execute();

  // Signals thrown and not yet delivered to every subscriber (an outbox of broadcasts).
  await db.schema
    .createTable('signals')
    .$call(compact)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('variables', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inbox')
    .$call(compact)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('token_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('assignee', 'text')
    .addColumn('candidate_users', 'text', (c) => c.notNull())
    .addColumn('candidate_groups', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('follow_up_at', 'bigint')
    .addColumn('priority', 'integer')
    .addColumn('form_key', 'text')
    .addColumn('owner', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .addColumn('variables', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_open').on('tasks').columns(['state', 'assignee']).execute();
  await db.schema.createIndex('tasks_instance').on('tasks').columns(['instance_id']).execute();
  await db.schema.createIndex('tasks_due').on('tasks').columns(['state', 'due_at']).execute();

  // Who may take an open task, one row per candidate user or group, so that "mine and my
  // groups'" is an index lookup rather than a scan; rows go when the task closes.
  await db.schema
    .createTable('task_candidates')
    .$call(compact)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_candidates_pk', ['kind', 'name', 'task_id'])
    .execute();
  await db.schema.createIndex('task_candidates_task').on('task_candidates').columns(['task_id']).execute();

  await db.schema
    .createTable('task_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_comments_task').on('task_comments').columns(['task_id']).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema.createIndex('incidents_instance').on('incidents').columns(['instance_id']).execute();
}
