import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { type Directory, DirectoryError } from '../../src/work/directory/directory.js';
import type { DirectoryTables } from '../../src/work/directory/directory-tables.js';
import { kyselyDirectory } from '../../src/work/directory/kysely-directory.js';
import { memoryDirectory } from '../../src/work/directory/memory-directory.js';
import { organisation, sqliteDirectoryDb } from './directory-fixtures.js';
import { pgliteDirectoryDb } from './pglite-db.js';

const opened: Kysely<DirectoryTables>[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

const implementations: [string, () => Promise<Directory>][] = [
  ['in memory', () => Promise.resolve(memoryDirectory())],
  [
    'on SQLite through kysely',
    async () => {
      const db = await sqliteDirectoryDb();
      opened.push(db);
      return kyselyDirectory(db);
    },
  ],
  [
    'on PostgreSQL (PGlite) through kysely',
    async () => {
      // Starting PostgreSQL takes seconds even in WebAssembly: one database, emptied per test.
      postgres ??= pgliteDirectoryDb();
      const db = await postgres;
      for (const table of tables) await db.deleteFrom(table).execute();
      return kyselyDirectory(db);
    },
  ],
];

let postgres: Promise<Kysely<DirectoryTables>> | undefined;
const tables = ['users', 'groups', 'memberships', 'skills', 'calendars', 'absences'] as const;
afterAll(async () => {
  if (postgres) await (await postgres).destroy();
});

describe.each(implementations)('the directory %s', (_name, open) => {
  it('stores people, groups, memberships, skills, calendars and absences and gives them back', async () => {
    const directory = await open();
    const summary = await directory.apply(organisation);
    expect(summary).toEqual({ users: 4, groups: 3, calendars: 2, absences: 1, memberships: 5, skills: 3 });

    expect(await directory.user('carol')).toEqual({
      id: 'carol',
      name: 'Carol Chen',
      active: true,
      calendarId: 'nyc',
    });
    expect(await directory.user('dave')).toEqual({
      id: 'dave',
      name: 'Dave Doe',
      active: false,
      capacity: 0,
    });
    expect(await directory.group('desk')).toEqual(organisation.groups![1]);
    expect(await directory.calendar('berlin')).toEqual(organisation.calendars![0]);
    expect(await directory.calendar('nyc')).toEqual(organisation.calendars![1]);
    expect(await directory.absences({ userId: 'alice' })).toEqual(organisation.absences);
    expect(await directory.skills({ userId: 'alice' })).toEqual([
      { userId: 'alice', skill: 'linux', level: 2 },
      { userId: 'alice', skill: 'network', level: 3 },
    ]);
    expect(await directory.user('nobody')).toBeUndefined();
  });

  it('lists the members of a group and the groups of a person, active ones when asked', async () => {
    const directory = await open();
    await directory.apply(organisation);
    expect((await directory.users({ groupId: 'desk' })).map((u) => u.id)).toEqual(['alice', 'bob', 'dave']);
    expect((await directory.users({ groupId: 'desk', active: true })).map((u) => u.id)).toEqual([
      'alice',
      'bob',
    ]);
    expect((await directory.groups({ userId: 'bob' })).map((g) => g.id)).toEqual(['approvers', 'desk']);
    expect((await directory.groups({ kind: 'role' })).map((g) => g.id)).toEqual(['approvers']);
    expect((await directory.skills({ skill: 'network' })).map((s) => [s.userId, s.level])).toEqual([
      ['alice', 3],
      ['bob', 5],
    ]);
  });

  it('refuses a batch with a reference to nobody, and writes none of it', async () => {
    const directory = await open();
    await directory.apply(organisation);
    const refused = directory.apply({
      users: [{ id: 'erin', name: 'Erin', active: true, calendarId: 'tokyo' }],
      memberships: [{ userId: 'erin', groupId: 'ops' }],
    });
    await expect(refused).rejects.toBeInstanceOf(DirectoryError);
    await expect(refused).rejects.toMatchObject({
      problems: [
        { entity: 'user', id: 'erin', field: 'calendar', message: "no calendar 'tokyo'" },
        { entity: 'membership', id: 'erin/ops', field: 'group', message: "no group 'ops'" },
      ],
    });
    expect(await directory.user('erin')).toBeUndefined();
  });

  it('resolves references to records of the same batch in any order', async () => {
    const directory = await open();
    await directory.apply({
      memberships: [{ userId: 'zoe', groupId: 'night' }],
      groups: [{ id: 'night', name: 'Night shift', kind: 'team', supervisorId: 'zoe' }],
      users: [{ id: 'zoe', name: 'Zoe', active: true }],
    });
    expect((await directory.users({ groupId: 'night' })).map((u) => u.id)).toEqual(['zoe']);
  });

  it('updates records with the same id and keeps the rest', async () => {
    const directory = await open();
    await directory.apply(organisation);
    await directory.apply({ users: [{ id: 'alice', name: 'Alice Adler-Berg', active: true, capacity: 8 }] });
    expect(await directory.user('alice')).toEqual({
      id: 'alice',
      name: 'Alice Adler-Berg',
      active: true,
      capacity: 8,
    });
    expect((await directory.users()).length).toBe(4);
  });

  it("replaces a person's groups and skills when the batch says so, and sets a skill's level again", async () => {
    const directory = await open();
    await directory.apply(organisation);
    await directory.apply({
      memberships: [{ userId: 'bob', groupId: 'it' }],
      skills: [
        { userId: 'alice', skill: 'network', level: 4 },
        { userId: 'bob', skill: 'windows', level: 1 },
      ],
      replace: { membershipsOfUsers: ['bob'], skillsOfUsers: ['bob'] },
    });
    expect((await directory.groups({ userId: 'bob' })).map((g) => g.id)).toEqual(['it']);
    expect(await directory.skills({ userId: 'bob' })).toEqual([
      { userId: 'bob', skill: 'windows', level: 1 },
    ]);
    expect((await directory.skills({ userId: 'alice' })).find((s) => s.skill === 'network')?.level).toBe(4);
  });

  it('replaces the members of a group', async () => {
    const directory = await open();
    await directory.apply(organisation);
    await directory.apply({
      memberships: [{ userId: 'carol', groupId: 'desk' }],
      replace: { membershipsOfGroups: ['desk'] },
    });
    expect((await directory.users({ groupId: 'desk' })).map((u) => u.id)).toEqual(['carol']);
    expect((await directory.groups({ userId: 'bob' })).map((g) => g.id)).toEqual(['approvers']);
  });

  it('removes memberships, skills and absences', async () => {
    const directory = await open();
    await directory.apply(organisation);
    await directory.apply({
      remove: {
        memberships: [{ userId: 'bob', groupId: 'approvers' }],
        skills: [{ userId: 'alice', skill: 'linux' }],
        absences: ['alice-summer'],
      },
    });
    expect((await directory.groups({ userId: 'bob' })).map((g) => g.id)).toEqual(['desk']);
    expect((await directory.skills({ userId: 'alice' })).map((s) => s.skill)).toEqual(['network']);
    expect(await directory.absences()).toEqual([]);
  });

  it('refuses a group that would contain itself', async () => {
    const directory = await open();
    await directory.apply(organisation);
    await expect(
      directory.apply({ groups: [{ id: 'it', name: 'IT', kind: 'team', parentId: 'desk' }] }),
    ).rejects.toThrow(/groups it > desk > it form a cycle/);
  });

  it('refuses bad values and names the field', async () => {
    const directory = await open();
    await expect(
      directory.apply({
        users: [{ id: 'x y', name: '', active: true, capacity: -1, timeZone: 'Berlin', email: 'nope' }],
        skills: [{ userId: 'x y', skill: 'network', level: 9 }],
      }),
    ).rejects.toMatchObject({
      problems: [
        { field: 'id', message: "id 'x y' must be 1-200 characters without spaces, commas or semicolons" },
        { field: 'name', message: 'a name is required' },
        { field: 'email', message: "'nope' is not an e-mail address" },
        { field: 'timeZone', message: "'Berlin' is not an IANA time zone (e.g. Europe/Berlin)" },
        { field: 'capacity', message: 'capacity must be a whole number of tasks, 0 or more; got -1' },
        { field: 'level', message: 'level must be a whole number from 0 to 5; got 9' },
      ],
    });
  });

  it('loads everything at once for a snapshot', async () => {
    const directory = await open();
    await directory.apply(organisation);
    const data = await directory.load();
    expect(data.users.map((u) => u.id)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(data.memberships).toHaveLength(5);
    expect(data.calendars.map((c) => c.id)).toEqual(['berlin', 'nyc']);
  });
});

describe('calendar checks', () => {
  it('name the bad shift, the unknown holiday region and the impossible date', async () => {
    const directory = memoryDirectory();
    await expect(
      directory.apply({
        calendars: [
          {
            id: 'broken',
            timeZone: 'Europe/Berlin',
            week: { mon: [{ from: '9:00', to: '17:00' }], sun: [{ from: '10:00', to: '10:00' }] },
            holidays: { country: 'DE', region: 'XX' },
            closedDates: ['2025-02-30'],
          },
        ],
      }),
    ).rejects.toSatisfy((error: DirectoryError) => {
      expect(error.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
        "week.mon: shift start '9:00' is not a time HH:MM",
        'week.sun: shift 10:00-10:00 is empty',
        expect.stringMatching(/^holidays: unknown holiday region 'XX' of DE; known: .*BY/) as string,
        "closedDates: '2025-02-30' is not a date YYYY-MM-DD",
      ]);
      return true;
    });
  });

  it('warn about, but accept, a calendar without hours', async () => {
    const directory = memoryDirectory();
    await directory.apply({ calendars: [{ id: 'closed', timeZone: 'UTC', week: {} }] });
    expect(await directory.calendar('closed')).toEqual({ id: 'closed', timeZone: 'UTC', week: {} });
  });
});
