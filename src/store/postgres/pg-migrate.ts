/**
 * Applies the numbered migrations on PostgreSQL. Nodes that start at the same moment take turns
 * on a session advisory lock (keyed by schema); each migration runs in its own transaction with
 * its bookkeeping row, so a crash mid-migration leaves nothing half-made, and the node that
 * waited finds the work done. The bookkeeping table is the one SQLite uses.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export async function migratePostgres(
  db: Kysely<unknown>,
  schema: string,
  migrations: Record<string, Migration>,
): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtextextended(${`sluice:migrate:${schema}`}, 0))`.execute(
      connection,
    );
    try {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(connection);
      await sql`create table if not exists sluice_migrations (name text primary key, applied_at bigint not null)`.execute(
        connection,
      );
      const done = await sql<{ name: string }>`select name from sluice_migrations`.execute(connection);
      const applied = new Set(done.rows.map((row) => row.name));
      for (const name of Object.keys(migrations).sort()) {
        if (applied.has(name)) continue;
        await connection.transaction().execute(async (trx) => {
          await migrations[name]!.up(trx);
          await sql`insert into sluice_migrations (name, applied_at) values (${name}, ${Date.now()})`.execute(
            trx,
          );
        });
      }
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${`sluice:migrate:${schema}`}, 0))`.execute(
        connection,
      );
    }
  });
}
