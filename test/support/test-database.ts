/**
 * Which database the engine and store suites run on: `DB=sqlite` (default, in memory) or
 * `DB=postgres` (the server at SLUICE_TEST_PG, default the local one). On PostgreSQL each test
 * file gets a database of its own, dropped after the file, and each store a schema in it, so
 * files running side by side never see each other's rows. A missing server fails the suite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

export const testDatabase: 'sqlite' | 'postgres' = process.env.DB === 'postgres' ? 'postgres' : 'sqlite';

/** The server the PostgreSQL suites use: any database on it; they make their own. */
export const postgresServer = process.env.SLUICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `base` with another database name. */
export const withDatabase = (base: string, name: string): string => {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Creates a database for this caller; returns its URL and a function that drops it. */
export async function createTestDatabase(
  prefix = 'sluice_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresServer });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(postgresServer, name),
    async drop() {
      const client = new pg.Client({ connectionString: postgresServer });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

let fileDatabase: Promise<{ url: string; drop: () => Promise<void> }> | undefined;
let schemas = 0;

afterAll(async () => {
  if (fileDatabase) await (await fileDatabase).drop();
});

/** A new, empty store on the database under test. */
export async function openTestStore(): Promise<Store> {
  if (testDatabase === 'sqlite') return openSqliteStore({ path: ':memory:' });
  fileDatabase ??= createTestDatabase();
  const { url } = await fileDatabase;
  return openPostgresStore({ connectionString: url, schema: `s${++schemas}`, poolSize: 4 });
}

/** The `createSluice` options that put an engine on the database under test. */
export async function testStoreOption(): Promise<{ db: string } | { store: Store }> {
  return testDatabase === 'sqlite' ? { db: ':memory:' } : { store: await openTestStore() };
}
