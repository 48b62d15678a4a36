/**
 * The store's part for rules and automation (migration 0004-rules): deployed decisions,
 * inbound webhooks and their deliveries. Plain kysely, the same on SQLite and PostgreSQL, so
 * each store answers its Store methods with one line each. The primary keys decide every race
 * (two deploys of a decision, two deliveries with one idempotency key). Only a delivery needs
 * a transaction: its key row and the inbox row of the command it carries are written together.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { DecisionRecord, InboxRecord, WebhookRecord } from './store.js';

// A type alias (not an interface), as kysely's withTables wants an indexable record.
type RulesTables = {
  decisions: {
    decision_id: string;
    version: number;
    name: string | null;
    hash: string;
    resource_name: string | null;
    source: string;
    deployed_at: number;
  };
  webhooks: { name: string; secret: string; config: string; updated_at: number };
  webhook_deliveries: { webhook: string; idempotency_key: string; instance_id: string; received_at: number };
  inbox: { id: string; instance_id: string; command: string; created_at: number };
};

type Db = Kysely<RulesTables>;
/** Any store's kysely, whatever its schema type: the rules tables are added to it here. */
export interface AnyKysely {
  withTables<_T extends Record<string, Record<string, unknown>>>(): unknown;
}
const rules = (db: AnyKysely): Db => db.withTables<RulesTables>() as Db;

const decisionRecord = (row: RulesTables['decisions']): DecisionRecord => ({
  decisionId: row.decision_id,
  version: Number(row.version),
  ...(row.name !== null && { name: row.name }),
  hash: row.hash,
  ...(row.resource_name !== null && { resourceName: row.resource_name }),
  source: row.source,
  deployedAt: Number(row.deployed_at),
});

export async function findDecision(
  db: AnyKysely,
  decisionId: string,
  version?: number,
): Promise<DecisionRecord | undefined> {
  let query = rules(db).selectFrom('decisions').selectAll().where('decision_id', '=', decisionId);
  query =
    version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  return row && decisionRecord(row);
}

/** A new version of the decision, or the version that has the same hash already. */
export async function deployDecision(
  db: AnyKysely,
  decision: Omit<DecisionRecord, 'version'>,
): Promise<{ decision: DecisionRecord; created: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const same = await rules(db)
      .selectFrom('decisions')
      .selectAll()
      .where('decision_id', '=', decision.decisionId)
      .where('hash', '=', decision.hash)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (same) return { decision: decisionRecord(same), created: false };
    const version = ((await findDecision(db, decision.decisionId))?.version ?? 0) + 1;
    try {
      await rules(db)
        .insertInto('decisions')
        .values({
          decision_id: decision.decisionId,
          version,
          name: decision.name ?? null,
          hash: decision.hash,
          resource_name: decision.resourceName ?? null,
          source: decision.source,
          deployed_at: decision.deployedAt,
        })
        .execute();
      return { decision: { ...decision, version }, created: true };
    } catch (error) {
      // Another node took this version number at the same moment: number again.
      if (attempt >= 5) throw error;
    }
  }
}

export async function listDecisions(db: AnyKysely): Promise<Omit<DecisionRecord, 'source'>[]> {
  const rows = await rules(db)
    .selectFrom('decisions')
    .select(['decision_id', 'version', 'name', 'hash', 'resource_name', 'deployed_at'])
    .orderBy('decision_id')
    .orderBy('version')
    .execute();
  return rows.map((row) => {
    const { source: _source, ...record } = decisionRecord({ ...row, source: '' });
    return record;
  });
}

export async function saveWebhook(db: AnyKysely, webhook: WebhookRecord): Promise<void> {
  const { name, secret, updatedAt, ...config } = webhook;
  const row = { name, secret, config: JSON.stringify(config), updated_at: updatedAt };
  await rules(db)
    .insertInto('webhooks')
    .values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet({ secret, config: row.config, updated_at: updatedAt }))
    .execute();
}

export async function getWebhook(db: AnyKysely, name: string): Promise<WebhookRecord | undefined> {
  const row = await rules(db).selectFrom('webhooks').selectAll().where('name', '=', name).executeTakeFirst();
  if (!row) return undefined;
  const config = JSON.parse(row.config) as Omit<WebhookRecord, 'name' | 'secret' | 'updatedAt'>;
  return { ...config, name: row.name, secret: row.secret, updatedAt: Number(row.updated_at) };
}

export interface DeliveryClaim {
  readonly webhook: string;
  readonly key: string;
  readonly now: number;
}

/**
 * The statements that record a delivery: `claim` inserts the key row unless the key was
 * delivered before; only if it did, `inbox` queues the delivery's command; otherwise `first`
 * reads the instance of the first delivery. A store runs them in one transaction, so a crash
 * leaves either both rows (the inbox dispatcher applies the command later, once) or neither
 * (the sender's retry acts).
 */
export function deliveryStatements(
  db: AnyKysely,
  delivery: DeliveryClaim,
  inbox: InboxRecord,
): { claim: CompiledQuery; inbox: CompiledQuery; first: CompiledQuery } {
  const tables = rules(db);
  return {
    claim: tables
      .insertInto('webhook_deliveries')
      .values({
        webhook: delivery.webhook,
        idempotency_key: delivery.key,
        instance_id: inbox.instanceId,
        received_at: delivery.now,
      })
      .onConflict((oc) => oc.columns(['webhook', 'idempotency_key']).doNothing())
      .compile(),
    inbox: tables
      .insertInto('inbox')
      .values({
        id: inbox.id,
        instance_id: inbox.instanceId,
        command: JSON.stringify(inbox.command),
        created_at: delivery.now,
      })
      .compile(),
    first: tables
      .selectFrom('webhook_deliveries')
      .select('instance_id')
      .where('webhook', '=', delivery.webhook)
      .where('idempotency_key', '=', delivery.key)
      .compile(),
  };
}

/** The instance a delivery of `key` to `webhook` acted on, if it was delivered before. */
export async function findDelivery(db: AnyKysely, webhook: string, key: string): Promise<string | undefined> {
  const row = await rules(db)
    .selectFrom('webhook_deliveries')
    .select('instance_id')
    .where('webhook', '=', webhook)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row?.instance_id;
}

/** Records a delivery and queues its command in one kysely transaction (PostgreSQL). */
export async function claimDelivery(
  db: AnyKysely,
  delivery: DeliveryClaim,
  inbox: InboxRecord,
): Promise<{ instanceId: string; first: boolean }> {
  return rules(db)
    .transaction()
    .execute(async (trx) => {
      const statements = deliveryStatements(trx, delivery, inbox);
      const claimed = await trx.executeQuery(statements.claim);
      if (Number(claimed.numAffectedRows ?? 0) > 0) {
        await trx.executeQuery(statements.inbox);
        return { instanceId: inbox.instanceId, first: true };
      }
      const { rows } = await trx.executeQuery<{ instance_id: string }>(statements.first);
      return { instanceId: rows[0]!.instance_id, first: false };
    });
}
