/** Opens the store a `db` option names: a postgres:// URL, or a SQLite file (or ':memory:'). */
import type { Store } from './store.js';

export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

export interface OpenStoreOptions {
  /** SQLite only: FULL (default) or NORMAL. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** PostgreSQL only: connections that failed while idle (a database restart). */
  readonly onError?: (error: Error) => void;
}

export async function openStore(db: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(db)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.js');
    return openPostgresStore({ connectionString: db, ...(options.onError && { onError: options.onError }) });
  }
  const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
  return openSqliteStore({ path: db, ...(options.synchronous && { synchronous: options.synchronous }) });
}
