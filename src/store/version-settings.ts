/**
 * Per process version: suspension and history time-to-live, and the history cleanup that
 * deletes ended instances past their time-to-live in bounded batches. Plain kysely, the same
 * on SQLite and PostgreSQL; KyselyReads hands these to both stores.
 */
import type { Kysely } from 'kysely';
import type { Database as Schema } from './schema.js';

export interface VersionSettings {
  readonly processId: string;
  readonly version: number;
  readonly suspended: boolean;
  /** How long the history of an ended instance of this version is kept, in ms. */
  readonly historyTtlMs?: number;
}

export async function listVersionSettings(
  db: Kysely<Schema>,
  processId?: string,
): Promise<VersionSettings[]> {
  let query = db.selectFrom('version_settings').selectAll().orderBy('process_id').orderBy('version');
  if (processId !== undefined) query = query.where('process_id', '=', processId);
  const rows = await query.execute();
  return rows.map((row) => ({
    processId: row.process_id,
    version: Number(row.version),
    suspended: Number(row.suspended) === 1,
    ...(row.history_ttl_ms !== null && { historyTtlMs: Number(row.history_ttl_ms) }),
  }));
}

/** Sets what `change` gives for the version, keeping what it leaves out. */
export async function saveVersionSettings(
  db: Kysely<Schema>,
  processId: string,
  version: number,
  change: { suspended?: boolean; historyTtlMs?: number | null },
  now: number,
): Promise<void> {
  const set = {
    ...(change.suspended !== undefined && { suspended: change.suspended ? 1 : 0 }),
    ...(change.historyTtlMs !== undefined && { history_ttl_ms: change.historyTtlMs }),
    updated_at: now,
  };
  await db
    .insertInto('version_settings')
    .values({ process_id: processId, version, suspended: 0, history_ttl_ms: null, ...set })
    .onConflict((oc) => oc.columns(['process_id', 'version']).doUpdateSet(set))
    .execute();
  // A suspended version's start timers wait like a suspended instance's timers.
  if (change.suspended !== undefined) {
    await db
      .updateTable('timers')
      .set({ suspended: change.suspended ? 1 : 0 })
      .where('instance_id', 'is', null)
      .where('process_id', '=', processId)
      .where('version', '=', version)
      .execute();
  }
}

/**
 * Deletes up to `limit` instances of the version that ended before `endedBefore`, oldest
 * first (found by the instances_ended index), with their history, tasks, comments and
 * incidents. The instance rows go last, so a crash midway leaves them to be found again by
 * the next run: each statement is atomic, and the whole is safe to repeat.
 */
export async function purgeEnded(
  db: Kysely<Schema>,
  processId: string,
  version: number,
  endedBefore: number,
  limit: number,
): Promise<{ instances: number; historyRows: number }> {
  const rows = await db
    .selectFrom('instances')
    .select('id')
    .where('process_id', '=', processId)
    .where('version', '=', version)
    .where('ended_at', '<', endedBefore)
    .orderBy('ended_at')
    .limit(limit)
    .execute();
  if (rows.length === 0) return { instances: 0, historyRows: 0 };
  const ids = rows.map((r) => r.id);
  const history = await db.deleteFrom('history').where('instance_id', 'in', ids).executeTakeFirst();
  const tasks = db.selectFrom('tasks').select('id').where('instance_id', 'in', ids);
  await db.deleteFrom('task_comments').where('task_id', 'in', tasks).execute();
  await db.deleteFrom('tasks').where('instance_id', 'in', ids).execute();
  await db.deleteFrom('incidents').where('instance_id', 'in', ids).execute();
  const instances = await db.deleteFrom('instances').where('id', 'in', ids).executeTakeFirst();
  return { instances: Number(instances.numDeletedRows), historyRows: Number(history.numDeletedRows) };
}
