import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as directory from './0002-directory.js';

/** Numbered, forward-only migrations; each runs in its own transaction. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-directory': directory,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
