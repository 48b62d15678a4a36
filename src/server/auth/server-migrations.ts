/**
 * The server's migrations: numbered, forward-only, each in its own transaction, tracked in a
 * migration table of their own so they never interleave with the engine store's list. Two
 * nodes starting at once race on the lock table; the loser retries and finds the work done.
 */
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { ServerDatabase } from './server-schema.js';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('server_users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('groups', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('server_api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createTable('server_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('server_sessions_user').on('server_sessions').column('user_id').execute();
    await db.schema
      .createTable('server_process_tenants')
      .addColumn('process_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('server_instance_starters')
      .addColumn('instance_id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('server_instance_starters_by')
      .on('server_instance_starters')
      .columns(['tenant', 'started_by', 'instance_id'])
      .execute();
  },
};

const migrations: Record<string, Migration> = { '0001-identity-and-access': initial };

export const serverMigrationTable = 'server_migrations';

/**
 * The Kysely instance of the engine's store. The Store interface does not expose one; the
 * SQLite store has it as a public property. (A PostgreSQL store will need the same.)
 */
export function serverDatabase(store: Store): Kysely<ServerDatabase> {
  const kysely = (store as Store & { kysely?: unknown }).kysely;
  if (kysely === undefined || kysely === null || typeof kysely !== 'object' || !('schema' in kysely))
    throw new Error(`the server needs a store with a Kysely instance; this ${store.dialect} store has none`);
  return kysely as Kysely<ServerDatabase>;
}

export async function migrateServerTables(db: Kysely<ServerDatabase>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: serverMigrationTable,
    migrationLockTableName: `${serverMigrationTable}_lock`,
  });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (!error) return;
    const text = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : '';
    if (!/SQLITE_BUSY|database is locked|already exists|duplicate key/.test(text) || attempt >= 20)
      throw error instanceof Error ? error : new Error(`server migration failed: ${JSON.stringify(error)}`);
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/** A cheap query that proves the database answers (readiness). */
export async function pingDatabase(db: Kysely<ServerDatabase>): Promise<void> {
  await sql`select 1`.execute(db);
}
