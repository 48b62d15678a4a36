import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as directory from './0002-directory.js';
import * as work from './0003-work.js';
import * as rules from './0004-rules.js';
import * as versions from './0005-versions.js';
import * as nodes from './0006-nodes.js';
import * as worklist from './0007-worklist.js';

/** Numbered, forward-only migrations; each runs in its own transaction. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-directory': directory,
  '0003-work': work,
  '0004-rules': rules,
  '0005-versions': versions,
  '0006-nodes': nodes,
  '0007-worklist': worklist,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
