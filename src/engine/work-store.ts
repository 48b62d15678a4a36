/**
 * The work tables of migration 0003 (notifications, attachments, piles, forms) and the few
 * queries the task router, the notifier and the API run on them, through the store's own
 * Kysely instance, so SQLite and PostgreSQL answer alike.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Store } from '../store/store.js';
import { SluiceError } from './errors.js';

export interface AttachmentRow {
  id: string;
  task_id: string;
  instance_id: string;
  name: string;
  media_type: string;
  size: number;
  content: string;
  actor: string | null;
  created_at: number;
}

export interface WorkTables extends Database {
  task_attachments: AttachmentRow;
  work_piles: { process_id: string; element_id: string; user_id: string };
  work_forms: { id: string; schema: string; deployed_at: number };
  work_rounds: { process_id: string; element_id: string; last_user: string };
}

export type WorkDb = Kysely<WorkTables>;

/** The store's Kysely instance (the SQLite store has it as a public property, as PostgreSQL's will). */
export function workDatabase(store: Store): WorkDb {
  const kysely = (store as Store & { kysely?: unknown }).kysely;
  if (kysely === undefined || kysely === null || typeof kysely !== 'object' || !('selectFrom' in kysely))
    throw new SluiceError(
      'rejected',
      'store-without-sql',
      `people and work need a store with a Kysely instance; this ${store.dialect} store has none`,
      'use the SQLite or PostgreSQL store',
    );
  return kysely as WorkDb;
}

/** Open tasks held by each of these people (capacity and shortest queue). */
export async function openTaskCounts(db: WorkDb, users: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (users.length === 0) return counts;
  for (let i = 0; i < users.length; i += 500) {
    const rows = await db
      .selectFrom('tasks')
      .select(['assignee', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'open')
      .where('assignee', 'in', users.slice(i, i + 500))
      .groupBy('assignee')
      .execute();
    for (const row of rows) if (row.assignee !== null) counts.set(row.assignee, Number(row.n));
  }
  return counts;
}

/** Round robin's position for an activity: who the previous decision chose (migration 0007). */
export async function roundOf(db: WorkDb, processId: string, elementId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('work_rounds')
    .select('last_user')
    .where('process_id', '=', processId)
    .where('element_id', '=', elementId)
    .executeTakeFirst();
  return row?.last_user;
}

export async function saveRound(
  db: WorkDb,
  processId: string,
  elementId: string,
  user: string,
): Promise<void> {
  await db
    .insertInto('work_rounds')
    .values({ process_id: processId, element_id: elementId, last_user: user })
    .onConflict((oc) => oc.columns(['process_id', 'element_id']).doUpdateSet({ last_user: user }))
    .execute();
}
