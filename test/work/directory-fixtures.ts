/** A small service organisation, used by the directory, import and assignment tests. */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import * as directoryMigration from '../../src/store/migrations/0002-directory.js';
import type { DirectoryTables } from '../../src/work/directory/directory-tables.js';
import type { DirectoryChanges } from '../../src/work/directory/directory-types.js';

export const organisation: DirectoryChanges = {
  calendars: [
    {
      id: 'berlin',
      name: 'Berlin office',
      timeZone: 'Europe/Berlin',
      week: {
        mon: [{ from: '09:00', to: '17:00' }],
        tue: [{ from: '09:00', to: '17:00' }],
        wed: [{ from: '09:00', to: '17:00' }],
        thu: [{ from: '09:00', to: '17:00' }],
        fri: [{ from: '09:00', to: '15:00' }],
      },
      holidays: { country: 'DE', region: 'BE' },
      closedDates: ['2025-12-31'],
    },
    {
      id: 'nyc',
      timeZone: 'America/New_York',
      week: { mon: [{ from: '08:00', to: '16:00' }], fri: [{ from: '08:00', to: '12:00' }] },
      holidays: { country: 'US', types: ['public', 'bank'] },
    },
  ],
  users: [
    { id: 'alice', name: 'Alice Adler', email: 'alice@example.com', capacity: 5, active: true },
    { id: 'bob', name: 'Bob Brandt', email: 'bob@example.com', timeZone: 'Europe/Berlin', active: true },
    { id: 'carol', name: 'Carol Chen', active: true, calendarId: 'nyc' },
    { id: 'dave', name: 'Dave Doe', active: false, capacity: 0 },
  ],
  groups: [
    { id: 'it', name: 'IT', kind: 'team', supervisorId: 'carol' },
    {
      id: 'desk',
      name: 'Service desk',
      kind: 'team',
      supervisorId: 'bob',
      parentId: 'it',
      calendarId: 'berlin',
    },
    { id: 'approvers', name: 'Approvers', kind: 'role' },
  ],
  memberships: [
    { userId: 'alice', groupId: 'desk' },
    { userId: 'bob', groupId: 'desk' },
    { userId: 'bob', groupId: 'approvers' },
    { userId: 'dave', groupId: 'desk' },
    { userId: 'carol', groupId: 'it' },
  ],
  skills: [
    { userId: 'alice', skill: 'network', level: 3 },
    { userId: 'alice', skill: 'linux', level: 2 },
    { userId: 'bob', skill: 'network', level: 5 },
  ],
  absences: [
    {
      id: 'alice-summer',
      userId: 'alice',
      from: '2025-08-04',
      to: '2025-08-15',
      substituteId: 'bob',
      reason: 'holiday',
    },
  ],
};

/** A fresh in-memory SQLite database with the directory tables, through kysely. */
export async function sqliteDirectoryDb(): Promise<Kysely<DirectoryTables>> {
  const db = new Kysely<DirectoryTables>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
  });
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ '0002-directory': directoryMigration }) },
  }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return db;
}
