/**
 * The PostgreSQL store, shared by any number of nodes. Commits are group commits in one
 * transaction (pg-commit.ts) with a revision check per step; jobs are acquired with
 * FOR UPDATE SKIP LOCKED under a lease and a fencing attempt number; the rows a step consumes
 * are locked, so a timer, an inbox row or a job attempt is taken by one step only, whichever
 * node runs it. Reads are the shared kysely queries (kysely-reads.ts). Work other nodes may
 * take is announced with NOTIFY, delivered when the transaction commits.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { KyselyReads } from '../kysely-reads.js';
import { migrationProvider } from '../migrations/index.js';
import { heartbeat, listNodes } from '../nodes-table.js';
import { signalRow, subscriptionRow, timerRow } from '../outbox-rows.js';
import { definitionRecord, jobRecord } from '../records.js';
import * as rules from '../rules-store.js';
import type { Database as Schema, DefinitionRow, JobRow } from '../schema.js';
import type {
  CommitOutcome,
  Consume,
  DefinitionRecord,
  InboxRecord,
  InstanceRecord,
  JobRecord,
  NodeRecord,
  SignalRecord,
  StepRecord,
  Store,
  SubscriptionRecord,
  TimerRecord,
  WorkKind,
} from '../store.js';
import { commitSteps, consumedRowOps } from './pg-commit.js';
import { migratePostgres } from './pg-migrate.js';
import { PgListener, workChannel } from './pg-listener.js';
import { isRaceLost, isTransientDatabaseError } from '../transient-errors.js';
import { clientConfig, createPool, type PostgresConnectionOptions, schemaName } from './pg-pool.js';
import { columnsOf, readColumnTypes, Statements } from './pg-statements.js';

export type PostgresStoreOptions = PostgresConnectionOptions;

/**
 * Opens the store, waiting for the database while it cannot be reached (a node started during
 * a PostgreSQL restart keeps trying, up to `startupTimeoutMs`, instead of dying at once).
 */
export async function openPostgresStore(
  options: PostgresStoreOptions & { startupTimeoutMs?: number },
): Promise<PostgresStore> {
  const giveUpAt = Date.now() + (options.startupTimeoutMs ?? 60_000);
  for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 2000)) {
    try {
      return await connectPostgresStore(options);
    } catch (error) {
      if (!isTransientDatabaseError(error) || Date.now() + pauseMs > giveUpAt) throw error;
      options.onError?.(error as Error);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

async function connectPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPool(options);
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePostgres(
      kysely as Kysely<unknown>,
      schemaName(options),
      await migrationProvider.getMigrations(),
    );
    const types = await readColumnTypes(pool);
    const listener = new PgListener(clientConfig(options), `sluice:${schemaName(options)}`, (error) =>
      options.onError?.(error),
    );
    return new PostgresStore(pool, kysely, new Statements(types), listener);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
}

const maxRaceRetries = 5;

export class PostgresStore extends KyselyReads implements Store {
  readonly dialect = 'postgres' as const;
  rowsWritten = 0;

  constructor(
    readonly pool: pg.Pool,
    kysely: Kysely<Schema>,
    private readonly statements: Statements,
    private readonly listener: PgListener,
  ) {
    super(kysely);
  }

  /** One transaction on one pooled connection; a connection that failed is not reused. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await work(client);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        // Two nodes' batches may lock the same rows in different orders; PostgreSQL picks one
        // as the deadlock victim, and running its batch again is all it takes.
        if (!broken && isRaceLost(error) && attempt < maxRaceRetries) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  private notify(client: pg.ClientBase, work: ReadonlySet<WorkKind>): Promise<unknown> | undefined {
    if (work.size === 0) return undefined;
    return this.statements.run(client, 'select pg_notify($1, $2)', [workChannel, [...work].join(',')]);
  }

  async commit(steps: readonly StepRecord[], now: number): Promise<CommitOutcome[]> {
    if (steps.length === 0) return [];
    const result = await this.transaction(async (client) => {
      const committed = await commitSteps(client, this.statements, steps, now);
      await this.notify(client, committed.work);
      return committed;
    });
    this.rowsWritten += result.rowsWritten;
    return result.outcomes;
  }

  async discard(consume: Consume): Promise<void> {
    const [op] = consumedRowOps(consume);
    if (op?.op !== 'delete') return;
    await this.statements.run(
      this.pool as unknown as pg.ClientBase,
      this.statements.deleteWhere(op.table, 'id'),
      [[op.id]],
    );
  }

  async loadInstance(id: string): Promise<InstanceRecord | undefined> {
    const result = await this.pool.query<{ rev: number; state: string }>({
      name: 'sluice_load',
      text: 'select rev, state from instances where id = $1',
      values: [id],
    });
    const row = result.rows[0];
    return row && { rev: row.rev, state: JSON.parse(row.state) as InstanceRecord['state'] };
  }

  deploy(
    definition: Omit<DefinitionRecord, 'version'>,
    starts: (version: number) => { timers: TimerRecord[]; messages: SubscriptionRecord[] },
  ): Promise<{ definition: DefinitionRecord; created: boolean }> {
    return this.transaction(async (client) => {
      // Two nodes deploying the same process at once take turns: the second finds the first's version.
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `sluice:deploy:${definition.processId}`,
      ]);
      const existing = await client.query<DefinitionRow>(
        'select * from definitions where process_id = $1 and hash = $2 order by version desc limit 1',
        [definition.processId, definition.hash],
      );
      if (existing.rows[0]) return { definition: definitionRecord(existing.rows[0]), created: false };
      const latest = await client.query<{ v: number | null }>(
        'select max(version) as v from definitions where process_id = $1',
        [definition.processId],
      );
      const version = (latest.rows[0]?.v ?? 0) + 1;
      const record: DefinitionRecord = { ...definition, version };
      await client.query(
        `insert into definitions (process_id, version, name, hash, resource_name, source, source_kind, graph, deployed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          record.processId,
          version,
          record.name ?? null,
          record.hash,
          record.resourceName ?? null,
          record.source,
          record.sourceKind,
          JSON.stringify(record.graph),
          record.deployedAt,
        ],
      );
      // Only the newest version listens for start messages and start timers.
      await client.query('delete from timers where instance_id is null and process_id = $1', [
        record.processId,
      ]);
      await client.query('delete from subscriptions where instance_id is null and process_id = $1', [
        record.processId,
      ]);
      const { timers, messages } = starts(version);
      if (timers.length > 0) {
        const rows = timers.map(timerRow);
        const columns = Object.keys(rows[0]!);
        await this.statements.run(
          client,
          this.statements.insert('timers', columns),
          columnsOf(rows, columns),
        );
        await this.notify(client, new Set(['timers']));
      }
      if (messages.length > 0) {
        const rows = messages.map((m) => subscriptionRow(m, definition.deployedAt));
        const columns = Object.keys(rows[0]!);
        await this.statements.run(
          client,
          this.statements.insert('subscriptions', columns),
          columnsOf(rows, columns),
        );
      }
      return { definition: record, created: true };
    });
  }

  async acquireJobs(options: {
    owner: string;
    now: number;
    leaseMs: number;
    limit: number;
    types?: readonly string[];
  }): Promise<JobRecord[]> {
    // Locked rows belong to a node acquiring or completing them right now: skip, do not wait.
    const result = await this.pool.query<JobRow>({
      name: 'sluice_acquire',
      text: `update jobs set lease_owner = $1, lease_until = $2, attempt = attempt + 1
        where id in (
          select id from jobs
           where state = 'ready' and suspended = 0 and due_at <= $3 and (lease_until is null or lease_until < $3)
             and ($5::text[] is null or type = any($5::text[]))
           order by due_at limit $4
           for update skip locked)
        returning *`,
      values: [
        options.owner,
        options.now + options.leaseMs,
        options.now,
        options.limit,
        options.types && options.types.length > 0 ? [...options.types] : null,
      ],
    });
    this.rowsWritten += result.rows.length;
    return result.rows.map(jobRecord);
  }

  async extendLeases(
    owner: string,
    jobs: readonly { id: string; attempt: number }[],
    until: number,
  ): Promise<number> {
    if (jobs.length === 0) return 0;
    const result = await this.pool.query({
      name: 'sluice_extend',
      text: `update jobs as j set lease_until = $1
        from unnest($2::text[], $3::int4[]) as v(id, attempt)
        where j.id = v.id and j.attempt = v.attempt and j.lease_owner = $4`,
      values: [until, jobs.map((j) => j.id), jobs.map((j) => j.attempt), owner],
    });
    this.rowsWritten += result.rowCount ?? 0;
    return result.rowCount ?? 0;
  }

  async addSignal(signal: SignalRecord, now: number): Promise<void> {
    const row = signalRow(signal, now);
    const columns = Object.keys(row);
    await this.transaction(async (client) => {
      await this.statements.run(
        client,
        this.statements.insert('signals', columns),
        columnsOf([row], columns),
      );
      await this.notify(client, new Set(['signals']));
    });
  }

  onWork(listener: (kind: WorkKind) => void): () => void {
    return this.listener.onWork(listener);
  }

  holdLock(name: string): Promise<boolean> {
    return this.listener.holdLock(name);
  }

  releaseLock(name: string): Promise<void> {
    return this.listener.releaseLock(name);
  }

  heartbeat(node: Parameters<Store['heartbeat']>[0], ttlMs: number): Promise<void> {
    return heartbeat(this.kysely, node, ttlMs);
  }

  listNodes(now: number): Promise<NodeRecord[]> {
    return listNodes(this.kysely, now);
  }

  deployDecision = (decision: Parameters<Store['deployDecision']>[0]) =>
    rules.deployDecision(this.kysely, decision);
  findDecision = (decisionId: string, version?: number) =>
    rules.findDecision(this.kysely, decisionId, version);
  listDecisions = () => rules.listDecisions(this.kysely);
  saveWebhook = (webhook: Parameters<Store['saveWebhook']>[0]) => rules.saveWebhook(this.kysely, webhook);
  getWebhook = (name: string) => rules.getWebhook(this.kysely, name);
  findDelivery = (webhook: string, key: string) => rules.findDelivery(this.kysely, webhook, key);
  claimDelivery = (delivery: Parameters<Store['claimDelivery']>[0], inbox: InboxRecord) =>
    rules.claimDelivery(this.kysely, delivery, inbox);

  /** Drops this store's schema and everything in it: for tests that made a schema of their own. */
  async dropSchema(): Promise<void> {
    await sql`drop schema if exists ${sql.id(await this.currentSchema())} cascade`.execute(this.kysely);
  }

  private async currentSchema(): Promise<string> {
    const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(this.kysely);
    return result.rows[0]!.schema;
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.kysely.destroy();
  }
}
