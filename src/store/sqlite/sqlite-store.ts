/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode with synchronous=FULL so an
 * acknowledged step survives power loss. The hot path (commit, load) runs prepared statements
 * whose SQL kysely compiled once; listings and migrations go through kysely itself. A commit
 * is one IMMEDIATE transaction, so a second process on the same file waits its turn.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type Migration, SqliteDialect, sql } from 'kysely';
import type { StoredHistoryEvent } from '../../core/types.js';
import { migrationProvider } from '../migrations/index.js';
import {
  effectOps,
  historyRows,
  instanceRow,
  type RowOp,
  signalRow,
  subscriptionRow,
  timerRow,
} from '../outbox-rows.js';
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
} from '../records.js';
import type { Database as Schema, DefinitionRow, JobRow, TimerRow } from '../schema.js';
import type {
  CommitOutcome,
  Consume,
  DefinitionRecord,
  IncidentRecord,
  InboxRecord,
  InstanceFilter,
  InstanceRecord,
  InstanceSummary,
  JobRecord,
  Page,
  SignalRecord,
  StepRecord,
  Store,
  SubscriptionRecord,
  TaskComment,
  TaskFilter,
  TaskRecord,
  TimerRecord,
} from '../store.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  readonly path: string;
  /** FULL (default) survives power loss; NORMAL survives process crashes only. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;
type Params = (string | number | null)[];

export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new BetterSqlite3(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 10000');
  // A bounded page cache (20 MB) well above SQLite's 2 MB default: the indexes a commit touches
  // stay in memory, and memory stays flat however many instances are parked.
  db.pragma('cache_size = -20000');
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) });
  await migrateSqlite(db, kysely, await migrationProvider.getMigrations());
  return new SqliteStore(db, kysely);
}

/**
 * Applies the numbered migrations not applied yet, each in its own IMMEDIATE transaction with
 * its bookkeeping row, so a crash mid-migration leaves nothing half-made, and a second process
 * opening the same file at the same moment waits for the first and then finds the work done.
 * (kysely's own Migrator does not wrap SQLite migrations in transactions.)
 */
export async function migrateSqlite(
  db: BetterSqlite3.Database,
  kysely: Kysely<Schema>,
  migrations: Record<string, Migration>,
): Promise<void> {
  db.exec(
    'create table if not exists sluice_migrations (name text primary key, applied_at integer not null)',
  );
  const applied = db.prepare('select 1 from sluice_migrations where name = ?');
  const record = db.prepare('insert into sluice_migrations (name, applied_at) values (?, ?)');
  for (const name of Object.keys(migrations).sort()) {
    if (applied.get([name])) continue;
    db.exec('begin immediate');
    try {
      if (!applied.get([name])) {
        await migrations[name]!.up(kysely as Kysely<unknown>);
        record.run([name, Date.now()]);
      }
      db.exec('commit');
    } catch (error) {
      db.exec('rollback');
      throw error;
    }
  }
}

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  rowsWritten = 0;
  private readonly statements = new Map<string, Statement>();
  private readonly loadStatement: Statement;

  constructor(
    readonly db: BetterSqlite3.Database,
    readonly kysely: Kysely<Schema>,
  ) {
    this.loadStatement = db.prepare('select rev, state from instances where id = ?');
  }

  /** A prepared statement for SQL that kysely compiled, cached by its shape. */
  private statement(key: string, compile: () => string): Statement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare(compile());
      this.statements.set(key, statement);
    }
    return statement;
  }

  private run(op: RowOp): number {
    this.rowsWritten++;
    const k = this.kysely;
    switch (op.op) {
      case 'insert': {
        // Every insert into a table has the same columns in the same order (outbox-rows.ts).
        const statement = this.statement(
          `i:${op.table}`,
          () => k.insertInto(op.table).values(op.row).compile().sql,
        );
        return statement.run(Object.values(op.row)).changes;
      }
      case 'update': {
        const columns = Object.keys(op.set);
        const statement = this.statement(
          `u:${op.table}:${columns.join()}`,
          () =>
            k
              .updateTable(op.table)
              .set(op.set as never)
              .where('id' as never, '=', '' as never)
              .compile().sql,
        );
        return statement.run([...Object.values(op.set), op.id]).changes;
      }
      case 'update-where': {
        const columns = Object.keys(op.set);
        const statement = this.statement(
          `w:${op.table}:${op.column}:${columns.join()}`,
          () =>
            k
              .updateTable(op.table)
              .set(op.set as never)
              .where(op.column as never, '=', '' as never)
              .compile().sql,
        );
        return statement.run([...Object.values(op.set), op.value]).changes;
      }
      case 'delete-where': {
        const statement = this.statement(
          `dw:${op.table}:${op.column}`,
          () =>
            k
              .deleteFrom(op.table)
              .where(op.column as never, '=', '' as never)
              .compile().sql,
        );
        return statement.run([op.value]).changes;
      }
      case 'delete': {
        const statement = this.statement(
          `d:${op.table}`,
          () =>
            k
              .deleteFrom(op.table)
              .where('id' as never, '=', '' as never)
              .compile().sql,
        );
        return statement.run([op.id]).changes;
      }
    }
  }

  private exists(
    table: 'jobs' | 'timers' | 'inbox' | 'signals',
    id: string,
  ): { attempt?: number; state?: string } | undefined {
    const statement = this.statement(`x:${table}`, () =>
      table === 'jobs'
        ? this.kysely.selectFrom('jobs').select(['attempt', 'state']).where('id', '=', '').compile().sql
        : this.kysely.selectFrom(table).select('id').where('id', '=', '').compile().sql,
    );
    return statement.get([id]) as { attempt?: number; state?: string } | undefined;
  }

  private consumable(consume: Consume | undefined): boolean {
    if (!consume) return true;
    if (consume.kind === 'job') {
      const job = this.exists('jobs', consume.jobId);
      return job !== undefined && job.attempt === consume.attempt && job.state === 'ready';
    }
    if (consume.kind === 'timer') return this.exists('timers', consume.timerId) !== undefined;
    return this.exists(consume.kind === 'inbox' ? 'inbox' : 'signals', consume.id) !== undefined;
  }

  private removeConsumed(consume: Consume | undefined): void {
    if (consume?.kind === 'timer') this.run({ op: 'delete', table: 'timers', id: consume.timerId });
    if (consume?.kind === 'inbox') this.run({ op: 'delete', table: 'inbox', id: consume.id });
    if (consume?.kind === 'signal') this.run({ op: 'delete', table: 'signals', id: consume.id });
  }

  private applyStep(step: StepRecord, now: number): CommitOutcome {
    if (!this.consumable(step.consume)) return 'stale';
    const rev = step.expectedRev + 1;
    const row = instanceRow(step.state, rev);
    if (step.expectedRev === 0) {
      const existing = this.loadStatement.get([step.state.id]);
      if (existing) return 'conflict';
      this.run({ op: 'insert', table: 'instances', row });
    } else {
      this.rowsWritten++;
      if (this.updateInstance(step, row, rev) === 0) return 'conflict';
    }
    this.removeConsumed(step.consume);
    for (const row of historyRows(step.state, step.events)) this.run({ op: 'insert', table: 'history', row });
    for (const effect of step.effects) for (const op of effectOps(effect, step, now)) this.run(op);
    return 'committed';
  }

  /**
   * Most steps leave the status alone; writing it anyway would rewrite both status indexes,
   * so the state-only update is its own statement.
   */
  private updateInstance(step: StepRecord, row: ReturnType<typeof instanceRow>, rev: number): number {
    if (step.state.status === 'active') {
      const update = this.statement(
        'instance-state',
        () =>
          this.kysely
            .updateTable('instances')
            .set({ rev: 0, state: '' })
            .where('id', '=', '')
            .where('rev', '=', 0)
            .compile().sql,
      );
      return update.run([rev, row.state, row.id, step.expectedRev]).changes;
    }
    const update = this.statement(
      'instance-end',
      () =>
        this.kysely
          .updateTable('instances')
          .set({ status: '', rev: 0, state: '', ended_at: 0 })
          .where('id', '=', '')
          .where('rev', '=', 0)
          .compile().sql,
    );
    return update.run([row.status, rev, row.state, row.ended_at, row.id, step.expectedRev]).changes;
  }

  commit(steps: readonly StepRecord[], now: number): Promise<CommitOutcome[]> {
    const outcomes = this.db.transaction(() => steps.map((step) => this.applyStep(step, now))).immediate();
    return Promise.resolve(outcomes);
  }

  discard(consume: Consume): Promise<void> {
    this.db.transaction(() => this.removeConsumed(consume)).immediate();
    return Promise.resolve();
  }

  loadInstance(id: string): Promise<InstanceRecord | undefined> {
    const row = this.loadStatement.get([id]) as { rev: number; state: string } | undefined;
    return Promise.resolve(row && { rev: row.rev, state: JSON.parse(row.state) as InstanceRecord['state'] });
  }

  // ---- definitions -------------------------------------------------------------------------

  deploy(
    definition: Omit<DefinitionRecord, 'version'>,
    starts: (version: number) => { timers: TimerRecord[]; messages: SubscriptionRecord[] },
  ): Promise<{ definition: DefinitionRecord; created: boolean }> {
    const sameHash = this.db.prepare(
      'select * from definitions where process_id = ? and hash = ? order by version desc limit 1',
    );
    const latest = this.db.prepare('select max(version) as v from definitions where process_id = ?');
    return Promise.resolve(
      this.db
        .transaction(() => {
          const existing = sameHash.get([definition.processId, definition.hash]) as DefinitionRow | undefined;
          if (existing) return { definition: definitionRecord(existing), created: false };
          const version = ((latest.get([definition.processId]) as { v: number | null }).v ?? 0) + 1;
          const record: DefinitionRecord = { ...definition, version };
          this.run({
            op: 'insert',
            table: 'definitions',
            row: {
              process_id: record.processId,
              version,
              name: record.name ?? null,
              hash: record.hash,
              resource_name: record.resourceName ?? null,
              source: record.source,
              source_kind: record.sourceKind,
              graph: JSON.stringify(record.graph),
              deployed_at: record.deployedAt,
            },
          });
          // Only the newest version listens for start messages and start timers.
          this.db
            .prepare('delete from timers where instance_id is null and process_id = ?')
            .run([record.processId]);
          this.db
            .prepare('delete from subscriptions where instance_id is null and process_id = ?')
            .run([record.processId]);
          const { timers, messages } = starts(version);
          for (const timer of timers) this.run({ op: 'insert', table: 'timers', row: timerRow(timer) });
          for (const message of messages) {
            this.run({
              op: 'insert',
              table: 'subscriptions',
              row: subscriptionRow(message, definition.deployedAt),
            });
          }
          return { definition: record, created: true };
        })
        .immediate(),
    );
  }

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
  private taskQuery(filter: TaskFilter) {
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

  // ---- work --------------------------------------------------------------------------------

  acquireJobs(options: {
    owner: string;
    now: number;
    leaseMs: number;
    limit: number;
    types?: readonly string[];
  }): Promise<JobRecord[]> {
    const k = this.kysely;
    let candidates = k
      .selectFrom('jobs')
      .select('id')
      .where('state', '=', 'ready')
      .where('due_at', '<=', options.now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', options.now)]))
      .orderBy('due_at')
      .limit(options.limit);
    if (options.types && options.types.length > 0)
      candidates = candidates.where('type', 'in', [...options.types]);
    const query = k
      .updateTable('jobs')
      .set((eb) => ({
        lease_owner: options.owner,
        lease_until: options.now + options.leaseMs,
        attempt: eb('attempt', '+', 1),
      }))
      .where('id', 'in', candidates)
      .returningAll()
      .compile();
    const rows = this.db
      .transaction(() => this.db.prepare(query.sql).all(query.parameters as Params) as JobRow[])
      .immediate();
    this.rowsWritten += rows.length;
    return Promise.resolve(rows.map(jobRecord));
  }

  extendLeases(
    owner: string,
    jobs: readonly { id: string; attempt: number }[],
    until: number,
  ): Promise<number> {
    const statement = this.statement(
      'lease-extend',
      () =>
        this.kysely
          .updateTable('jobs')
          .set({ lease_until: 0 })
          .where('id', '=', '')
          .where('attempt', '=', 0)
          .where('lease_owner', '=', '')
          .compile().sql,
    );
    const renewed = this.db
      .transaction(() =>
        jobs.reduce((n, job) => n + statement.run([until, job.id, job.attempt, owner]).changes, 0),
      )
      .immediate();
    this.rowsWritten += renewed;
    return Promise.resolve(renewed);
  }

  async dueTimers(until: number, limit: number): Promise<TimerRecord[]> {
    const rows: TimerRow[] = await this.kysely
      .selectFrom('timers')
      .selectAll()
      .where('due_at', '<=', until)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map(timerRecord);
  }

  async nextTimerDue(): Promise<number | undefined> {
    const row = await this.kysely
      .selectFrom('timers')
      .select('due_at')
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

  addSignal(signal: SignalRecord, now: number): Promise<void> {
    this.db
      .transaction(() => this.run({ op: 'insert', table: 'signals', row: signalRow(signal, now) }))
      .immediate();
    return Promise.resolve();
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

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}

function page<T>(rows: T[], limit: number, key: (item: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: key(items[items.length - 1]!) };
}
