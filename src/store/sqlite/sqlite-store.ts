/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode with synchronous=FULL so an
 * acknowledged step survives power loss. The hot path (commit, load) runs prepared statements
 * whose SQL kysely compiled once; listings and migrations go through kysely itself. A commit
 * is one IMMEDIATE transaction, so a second process on the same file waits its turn.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type Migration, SqliteDialect } from 'kysely';
import { KyselyReads } from '../kysely-reads.js';
import { migrationProvider } from '../migrations/index.js';
import { heartbeat, listNodes } from '../nodes-table.js';
import * as rules from '../rules-store.js';
import {
  effectOps,
  historyRows,
  instanceRow,
  type RowOp,
  signalRow,
  subscriptionRow,
  timerRow,
} from '../outbox-rows.js';
import { definitionRecord, jobRecord } from '../records.js';
import type { Database as Schema, DefinitionRow, JobRow } from '../schema.js';
import type {
  CommitOutcome,
  Consume,
  DefinitionRecord,
  DecisionRecord,
  WebhookRecord,
  InboxRecord,
  InstanceRecord,
  JobRecord,
  NodeRecord,
  SignalRecord,
  StepRecord,
  Store,
  SubscriptionRecord,
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

export class SqliteStore extends KyselyReads implements Store {
  readonly dialect = 'sqlite' as const;
  rowsWritten = 0;
  private readonly statements = new Map<string, Statement>();
  private readonly loadStatement: Statement;

  constructor(
    readonly db: BetterSqlite3.Database,
    kysely: Kysely<Schema>,
  ) {
    super(kysely);
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
      .where('suspended', '=', 0)
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

  addSignal(signal: SignalRecord, now: number): Promise<void> {
    this.db
      .transaction(() => this.run({ op: 'insert', table: 'signals', row: signalRow(signal, now) }))
      .immediate();
    return Promise.resolve();
  }

  deployDecision = (decision: Omit<DecisionRecord, 'version'>) => rules.deployDecision(this.kysely, decision);
  findDecision = (decisionId: string, version?: number) =>
    rules.findDecision(this.kysely, decisionId, version);
  listDecisions = () => rules.listDecisions(this.kysely);
  saveWebhook = (webhook: WebhookRecord) => rules.saveWebhook(this.kysely, webhook);
  getWebhook = (name: string) => rules.getWebhook(this.kysely, name);
  findDelivery = (webhook: string, key: string) => rules.findDelivery(this.kysely, webhook, key);
  /** Synchronous, in one IMMEDIATE transaction: no other commit of this process can join it. */
  claimDelivery(
    delivery: Parameters<Store['claimDelivery']>[0],
    inbox: InboxRecord,
  ): Promise<{ instanceId: string; first: boolean }> {
    const statements = rules.deliveryStatements(this.kysely, delivery, inbox);
    const run = (query: { sql: string; parameters: readonly unknown[] }) =>
      this.db.prepare(query.sql).run(query.parameters).changes;
    const claim = this.db.transaction(() => {
      if (run(statements.claim) > 0) {
        run(statements.inbox);
        return { instanceId: inbox.instanceId, first: true };
      }
      const row = this.db.prepare(statements.first.sql).get(statements.first.parameters) as {
        instance_id: string;
      };
      return { instanceId: row.instance_id, first: false };
    });
    return Promise.resolve(claim.immediate());
  }

  /** One database file, no server to announce through: other processes on it poll. */
  onWork(): () => void {
    return () => undefined;
  }

  holdLock(): Promise<boolean> {
    return Promise.resolve(true);
  }

  releaseLock(): Promise<void> {
    return Promise.resolve();
  }

  heartbeat(node: Parameters<Store['heartbeat']>[0], ttlMs: number): Promise<void> {
    return heartbeat(this.kysely, node, ttlMs);
  }

  listNodes(now: number): Promise<NodeRecord[]> {
    return listNodes(this.kysely, now);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}
