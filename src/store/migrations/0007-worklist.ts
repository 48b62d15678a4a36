import type { Kysely } from 'kysely';

/**
 * Worklists that stay fast, and round robin that survives a restart.
 *
 * `tasks_assignee_due`: "mine, by due date" reads one person's open tasks in due order straight
 * from the index (the older `tasks_open` index has no due date, so the rows had to be sorted).
 * Offers are found through `task_candidates` (kind, name, task_id), which exists already.
 *
 * `work_rounds`: round robin's position per activity (the person chosen last), written by the
 * task router after each decision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tasks_assignee_due')
    .on('tasks')
    .columns(['assignee', 'state', 'due_at'])
    .execute();
  await db.schema
    .createTable('work_rounds')
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('last_user', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_rounds_pk', ['process_id', 'element_id'])
    .execute();
}
