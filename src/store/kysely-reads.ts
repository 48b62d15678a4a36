/**
 * The reads every store answers the same way, through kysely: definitions, listings, history,
 * tasks, incidents and the work queues' peeks. The SQLite and PostgreSQL stores extend this and
 * add what differs between them: how a commit is written and how work is acquired.
 */
import { type Kysely, sql } from 'kysely';
import type { StoredHistoryEvent } from '../core/types.js';
import {
  definitionRecord,
  historyEvents,
  incidentRecord,
  instanceSummary,
  jobRecord,
  parseCommand,
  subscriptionRecord,
  taskRecord,
  timerRecord,
} from './records.js';
import type { Database as Schema, TimerRow } from './schema.js';
import * as versions from './version-settings.js';
import type {
  DefinitionRecord,
  IncidentRecord,
  InboxRecord,
  InstanceFilter,
  InstanceSummary,
  JobRecord,
  Page,
  SignalRecord,
  SubscriptionRecord,
  TaskComment,
  TaskFilter,
  TaskRecord,
  TimerRecord,
} from './store.js';

export abstract class KyselyReads {
  constructor(readonly kysely: Kysely<Schema>) {}

  // versions and change (version-settings.ts)
  versionSettings = (processId?: string) => versions.listVersionSettings(this.kysely, processId);
  saveVersionSettings = (
    processId: string,
    version: number,
    change: { suspended?: boolean; historyTtlMs?: number | null },
    now: number,
  ) => versions.saveVersionSettings(this.kysely, processId, version, change, now);
  purgeEnded = (processId: string, version: number, endedBefore: number, limit: number) =>
    versions.purgeEnded(this.kysely, processId, version, endedBefore, limit);

  async findDefinition(processId: string, version?: number): Promise<DefinitionRecord | undefined> {
    let query = this.kysely.selectFrom('definitions').selectAll().where('process_id', '=', processId);
    query =
      version === undefined
        ? query.orderBy('version', 'desc').limit(1)
        : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    return row && definitionRecord(row);
  }

  async findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined> {
    const row = await this.kysely
      .selectFrom('definitions')
      .selectAll()
      .where('process_id', '=', processId)
      .where('hash', '=', hash)
      .executeTakeFirst();
    return row && definitionRecord(row);
  }

  async listDefinitions(): Promise<Omit<DefinitionRecord, 'source' | 'graph'>[]> {
    const rows = await this.kysely
      .selectFrom('definitions')
      .select(['process_id', 'version', 'name', 'hash', 'resource_name', 'source_kind', 'deployed_at'])
      .orderBy('process_id')
      .orderBy('version')
      .execute();
    return rows.map((row) => {
      const { source: _s, graph: _g, ...rest } = definitionRecord({ ...row, source: '', graph: '{}' });
      return rest;
    });
  }

  // ---- queries -----------------------------------------------------------------------------

  async listInstances(filter: InstanceFilter): Promise<Page<InstanceSummary>> {
    const limit = filter.limit ?? 100;
    let query = this.kysely
      .selectFrom('instances')
      .select([
        'id',
        'process_id',
        'version',
        'business_key',
        'status',
        'started_at',
        'ended_at',
        'parent_id',
      ])
      .orderBy('id')
      .limit(limit + 1);
    if (filter.processId !== undefined) query = query.where('process_id', '=', filter.processId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.businessKey !== undefined) query = query.where('business_key', '=', filter.businessKey);
    if (filter.after !== undefined) query = query.where('id', '>', filter.after);
    const rows = await query.execute();
    return page(rows.map(instanceSummary), limit, (i) => i.id);
  }

  async history(instanceId: string): Promise<StoredHistoryEvent[]> {
    const rows = await this.kysely
      .selectFrom('history')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .orderBy('seq')
      .execute();
    return rows.flatMap(historyEvents);
  }

  async getTask(id: string): Promise<TaskRecord | undefined> {
    const row = await this.kysely.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row && taskRecord(row);
  }

  /** The filtered task query both the listing and the count use. */
  protected taskQuery(filter: TaskFilter) {
    let query = this.kysely.selectFrom('tasks').where('state', '=', filter.state ?? 'open');
    if (filter.assignee !== undefined) query = query.where('assignee', '=', filter.assignee);
    if (filter.instanceId !== undefined) query = query.where('instance_id', '=', filter.instanceId);
    if (filter.processId !== undefined) query = query.where('process_id', '=', filter.processId);
    if (filter.dueBefore !== undefined) query = query.where('due_at', '<', filter.dueBefore);
    const offered = (kind: 'user' | 'group', names: readonly string[]) =>
      this.kysely
        .selectFrom('task_candidates')
        .select('task_id')
        .where('kind', '=', kind)
        .where('name', 'in', names.length > 0 ? [...names] : ['']);
    if (filter.candidateGroup !== undefined)
      query = query.where('id', 'in', offered('group', [filter.candidateGroup]));
    if (filter.candidateUser !== undefined)
      query = query.where('id', 'in', offered('user', [filter.candidateUser]));
    const workable = filter.workableBy;
    if (workable !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb('assignee', '=', workable.user),
          eb.and([
            eb('assignee', 'is', null),
            eb.or([
              eb('id', 'in', offered('user', [workable.user])),
              eb('id', 'in', offered('group', workable.groups)),
            ]),
          ]),
        ]),
      );
    }
    return query;
  }

  async listTasks(filter: TaskFilter): Promise<Page<TaskRecord>> {
    const limit = filter.limit ?? 100;
    let query = this.taskQuery(filter)
      .selectAll()
      .limit(limit + 1);
    const orderBy = filter.orderBy ?? 'created';
    if (orderBy === 'created') {
      query = query.orderBy('id');
      if (filter.after !== undefined) query = query.where('id', '>', filter.after);
      return page((await query.execute()).map(taskRecord), limit, (t) => t.id);
    }
    // Tasks without a due date (or priority) come last; ties in creation order.
    query =
      orderBy === 'due'
        ? query
            .orderBy(sql`due_at is null`)
            .orderBy('due_at')
            .orderBy('id')
        : query
            .orderBy(sql`priority is null`)
            .orderBy('priority', 'desc')
            .orderBy('id');
    const offset = filter.offset ?? 0;
    const rows = (await query.offset(offset).execute()).map(taskRecord);
    return rows.length > limit
      ? { items: rows.slice(0, limit), next: String(offset + limit) }
      : { items: rows };
  }

  async countTasks(filter: TaskFilter): Promise<number> {
    const row = await this.taskQuery(filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async taskComments(taskId: string): Promise<TaskComment[]> {
    const rows = await this.kysely
      .selectFrom('task_comments')
      .selectAll()
      .where('task_id', '=', taskId)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      taskId: row.task_id,
      ...(row.actor !== null && { actor: row.actor }),
      text: row.text,
      at: Number(row.at),
    }));
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    const row = await this.kysely.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && incidentRecord(row);
  }

  async listIncidents(filter: { instanceId?: string; open?: boolean }): Promise<IncidentRecord[]> {
    let query = this.kysely.selectFrom('incidents').selectAll().orderBy('created_at');
    if (filter.instanceId !== undefined) query = query.where('instance_id', '=', filter.instanceId);
    if (filter.open === true) query = query.where('resolved_at', 'is', null);
    return (await query.execute()).map(incidentRecord);
  }

  async getJob(id: string): Promise<JobRecord | undefined> {
    const row = await this.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && jobRecord(row);
  }

  async countOpen(): Promise<{ jobs: number; timers: number; inbox: number }> {
    const count = (table: 'jobs' | 'timers' | 'inbox') =>
      this.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    const [jobs, timers, inbox] = await Promise.all([count('jobs'), count('timers'), count('inbox')]);
    return { jobs: Number(jobs.n), timers: Number(timers.n), inbox: Number(inbox.n) };
  }

  async dueTimers(until: number, limit: number): Promise<TimerRecord[]> {
    const rows: TimerRow[] = await this.kysely
      .selectFrom('timers')
      .selectAll()
      .where('due_at', '<=', until)
      .where('suspended', '=', 0)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map(timerRecord);
  }

  async nextTimerDue(): Promise<number | undefined> {
    const row = await this.kysely
      .selectFrom('timers')
      .select('due_at')
      .where('suspended', '=', 0)
      .orderBy('due_at')
      .limit(1)
      .executeTakeFirst();
    return row ? Number(row.due_at) : undefined;
  }

  async findSubscriptions(
    name: string,
    correlationKey: string | undefined,
    channel: 'message' | 'signal' = 'message',
  ): Promise<SubscriptionRecord[]> {
    let query = this.kysely
      .selectFrom('subscriptions')
      .selectAll()
      .where('channel', '=', channel)
      .where('name', '=', name)
      .orderBy('created_at')
      .orderBy('id');
    query =
      correlationKey === undefined
        ? query.where('correlation_key', 'is', null)
        : query.where((eb) =>
            eb.or([eb('correlation_key', '=', correlationKey), eb('correlation_key', 'is', null)]),
          );
    return (await query.execute()).map(subscriptionRecord);
  }

  async pendingSignals(limit: number): Promise<SignalRecord[]> {
    const rows = await this.kysely
      .selectFrom('signals')
      .selectAll()
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      ...(row.variables !== null && { variables: JSON.parse(row.variables) as SignalRecord['variables'] }),
    }));
  }

  async pendingInbox(limit: number): Promise<InboxRecord[]> {
    const rows = await this.kysely
      .selectFrom('inbox')
      .selectAll()
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      instanceId: row.instance_id,
      command: parseCommand(row.command),
    }));
  }
}

export function page<T>(rows: T[], limit: number, key: (item: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: key(items[items.length - 1]!) };
}
