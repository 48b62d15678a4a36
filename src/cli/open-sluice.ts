/**
 * Opens the engine on the store named by `--db` for one command and always closes it again, so
 * the SQLite file is released before the process exits. The engine is imported here, on first
 * use, which keeps `sluice --help` and `sluice validate` from loading the store.
 */
import type { Sluice, SluiceOptions } from '../engine/engine.js';
import { CliFailure } from './cli-errors.js';

export const defaultDb = './.sluice/sluice.db';

export async function openSluice(
  db: string,
  options: Omit<SluiceOptions, 'db' | 'store'> = {},
): Promise<Sluice> {
  const { createSluice } = await import('../engine/engine.js');
  try {
    return await createSluice({ ...options, db });
  } catch (error) {
    if (!/^postgres(ql)?:\/\//i.test(db)) throw error;
    throw new CliFailure(
      'db-unreachable',
      `cannot open '${redactPassword(db)}': ${error instanceof Error ? error.message : String(error)}`,
      'check that PostgreSQL runs there and that the database, user and password in the URL are right',
    );
  }
}

/** Runs `work` against an open engine and closes it whatever happens. */
export async function withSluice<T>(db: string, work: (sluice: Sluice) => Promise<T>): Promise<T> {
  const sluice = await openSluice(db);
  try {
    return await work(sluice);
  } finally {
    await sluice.close();
  }
}

/** Connection URLs end up in error messages; their passwords must not. */
export const redactPassword = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
