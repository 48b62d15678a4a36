import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';

/** Numbered, forward-only migrations; each runs in its own transaction. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
