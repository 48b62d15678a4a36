/**
 * PostgreSQL for tests without a server: PGlite (PostgreSQL compiled to WebAssembly) behind
 * kysely's own PostgresDialect, through a one-connection pool adapter. The directory's
 * migration and queries run here exactly as they would on a PostgreSQL server.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import * as directoryMigration from '../../src/store/migrations/0002-directory.js';
import type { DirectoryTables } from '../../src/work/directory/directory-tables.js';

export async function pgliteDirectoryDb(): Promise<Kysely<DirectoryTables>> {
  const pg = new PGlite();
  const client = {
    async query(sql: string, parameters: readonly unknown[]) {
      const result = await pg.query<Record<string, unknown>>(sql, [...parameters]);
      const command = (/^\s*(\w+)/.exec(sql)?.[1] ?? 'SELECT').toUpperCase();
      return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
    },
    release() {},
  };
  const db = new Kysely<DirectoryTables>({
    dialect: new PostgresDialect({
      pool: {
        connect: () => Promise.resolve(client),
        end: () => pg.close(),
      } as never,
    }),
  });
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ '0002-directory': directoryMigration }) },
  }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return db;
}
