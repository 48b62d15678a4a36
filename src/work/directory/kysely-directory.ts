/**
 * The directory in the store's database, through kysely: the same queries run on SQLite and
 * PostgreSQL. A batch is checked against itself and the stored ids, then written in one
 * transaction with upserts (`on conflict do update`, which both databases speak).
 *
 * On SQLite, give the directory its own connection to the file rather than the engine's: a
 * kysely transaction spans awaits, and the engine's synchronous commits must not land inside it.
 */
import type { Kysely, Transaction } from 'kysely';
import type { WorkCalendar } from '../calendar/calendar-types.js';
import { checkChanges, type KnownIds } from './directory-checks.js';
import {
  absenceRecord,
  absenceRow,
  calendarRecord,
  calendarRow,
  groupRecord,
  groupRow,
  userRecord,
  userRow,
} from './directory-rows.js';
import type { DirectoryTables } from './directory-tables.js';
import { type Directory, DirectoryError, summaryOf } from './directory.js';
import type { DirectoryChanges, DirectoryData, Membership, Skill } from './directory-types.js';

/** Rows per statement: far below SQLite's limit of bound parameters, large enough to be quick. */
const CHUNK = 200;

const chunks = <T>(rows: readonly T[]): T[][] => {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) result.push(rows.slice(i, i + CHUNK));
  return result;
};

export function kyselyDirectory(db: Kysely<DirectoryTables>): Directory {
  return {
    async user(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && userRecord(row);
    },
    async users(filter = {}) {
      let query = db.selectFrom('users').selectAll('users');
      if (filter.groupId !== undefined) {
        query = query
          .innerJoin('memberships', 'memberships.user_id', 'users.id')
          .where('memberships.group_id', '=', filter.groupId);
      }
      if (filter.active !== undefined) query = query.where('users.active', '=', filter.active ? 1 : 0);
      return (await query.orderBy('users.id').execute()).map(userRecord);
    },
    async group(id) {
      const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
      return row && groupRecord(row);
    },
    async groups(filter = {}) {
      let query = db.selectFrom('groups').selectAll('groups');
      if (filter.userId !== undefined) {
        query = query
          .innerJoin('memberships', 'memberships.group_id', 'groups.id')
          .where('memberships.user_id', '=', filter.userId);
      }
      if (filter.kind !== undefined) query = query.where('groups.kind', '=', filter.kind);
      return (await query.orderBy('groups.id').execute()).map(groupRecord);
    },
    async memberships(filter = {}) {
      let query = db.selectFrom('memberships').selectAll();
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      if (filter.groupId !== undefined) query = query.where('group_id', '=', filter.groupId);
      const rows = await query.orderBy('group_id').orderBy('user_id').execute();
      return rows.map((r): Membership => ({ userId: r.user_id, groupId: r.group_id }));
    },
    async skills(filter = {}) {
      let query = db.selectFrom('skills').selectAll();
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      if (filter.skill !== undefined) query = query.where('skill', '=', filter.skill);
      const rows = await query.orderBy('user_id').orderBy('skill').execute();
      return rows.map((r): Skill => ({ userId: r.user_id, skill: r.skill, level: Number(r.level) }));
    },
    async calendar(id) {
      const row = await db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
      return row && calendarRecord(row);
    },
    async calendars(): Promise<WorkCalendar[]> {
      return (await db.selectFrom('calendars').selectAll().orderBy('id').execute()).map(calendarRecord);
    },
    async absences(filter = {}) {
      let query = db.selectFrom('absences').selectAll();
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      return (await query.orderBy('id').execute()).map(absenceRecord);
    },
    async apply(changes, options = {}) {
      return db.transaction().execute(async (trx) => {
        const problems = checkChanges(changes, await knownIds(trx), options.origin);
        if (problems.some((p) => p.severity === 'error')) throw new DirectoryError(problems);
        await write(trx, changes);
        return summaryOf(changes);
      });
    },
    async load(): Promise<DirectoryData> {
      const [users, groups, memberships, skills, calendars, absences] = await Promise.all([
        this.users(),
        this.groups(),
        this.memberships(),
        this.skills(),
        this.calendars(),
        this.absences(),
      ]);
      return { users, groups, memberships, skills, calendars, absences };
    },
  };
}

async function knownIds(trx: Transaction<DirectoryTables>): Promise<KnownIds> {
  const [users, groups, calendars] = await Promise.all([
    trx.selectFrom('users').select('id').execute(),
    trx.selectFrom('groups').select(['id', 'parent_id']).execute(),
    trx.selectFrom('calendars').select('id').execute(),
  ]);
  return {
    users: new Set(users.map((r) => r.id)),
    groups: new Map(groups.map((r) => [r.id, r.parent_id ?? undefined])),
    calendars: new Set(calendars.map((r) => r.id)),
  };
}

async function write(trx: Transaction<DirectoryTables>, changes: DirectoryChanges): Promise<void> {
  for (const rows of chunks((changes.calendars ?? []).map(calendarRow))) {
    await trx
      .insertInto('calendars')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          time_zone: eb.ref('excluded.time_zone'),
          week: eb.ref('excluded.week'),
          holiday_country: eb.ref('excluded.holiday_country'),
          holiday_region: eb.ref('excluded.holiday_region'),
          holiday_types: eb.ref('excluded.holiday_types'),
          closed_dates: eb.ref('excluded.closed_dates'),
        })),
      )
      .execute();
  }
  for (const rows of chunks((changes.users ?? []).map(userRow))) {
    await trx
      .insertInto('users')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          email: eb.ref('excluded.email'),
          time_zone: eb.ref('excluded.time_zone'),
          capacity: eb.ref('excluded.capacity'),
          active: eb.ref('excluded.active'),
          calendar_id: eb.ref('excluded.calendar_id'),
        })),
      )
      .execute();
  }
  for (const rows of chunks((changes.groups ?? []).map(groupRow))) {
    await trx
      .insertInto('groups')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          kind: eb.ref('excluded.kind'),
          supervisor_id: eb.ref('excluded.supervisor_id'),
          parent_id: eb.ref('excluded.parent_id'),
          calendar_id: eb.ref('excluded.calendar_id'),
        })),
      )
      .execute();
  }

  for (const ids of chunks(changes.replace?.membershipsOfUsers ?? [])) {
    await trx.deleteFrom('memberships').where('user_id', 'in', ids).execute();
  }
  for (const ids of chunks(changes.replace?.membershipsOfGroups ?? [])) {
    await trx.deleteFrom('memberships').where('group_id', 'in', ids).execute();
  }
  for (const m of changes.remove?.memberships ?? []) {
    await trx
      .deleteFrom('memberships')
      .where('user_id', '=', m.userId)
      .where('group_id', '=', m.groupId)
      .execute();
  }
  for (const rows of chunks(changes.memberships ?? [])) {
    await trx
      .insertInto('memberships')
      .values(rows.map((m) => ({ user_id: m.userId, group_id: m.groupId })))
      .onConflict((oc) => oc.columns(['user_id', 'group_id']).doNothing())
      .execute();
  }

  for (const ids of chunks(changes.replace?.skillsOfUsers ?? [])) {
    await trx.deleteFrom('skills').where('user_id', 'in', ids).execute();
  }
  for (const s of changes.remove?.skills ?? []) {
    await trx.deleteFrom('skills').where('user_id', '=', s.userId).where('skill', '=', s.skill).execute();
  }
  for (const rows of chunks(dedupeSkills(changes.skills ?? []))) {
    await trx
      .insertInto('skills')
      .values(rows.map((s) => ({ user_id: s.userId, skill: s.skill, level: s.level })))
      .onConflict((oc) =>
        oc.columns(['user_id', 'skill']).doUpdateSet((eb) => ({ level: eb.ref('excluded.level') })),
      )
      .execute();
  }

  for (const rows of chunks((changes.absences ?? []).map(absenceRow))) {
    await trx
      .insertInto('absences')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          user_id: eb.ref('excluded.user_id'),
          starts: eb.ref('excluded.starts'),
          ends: eb.ref('excluded.ends'),
          substitute_id: eb.ref('excluded.substitute_id'),
          reason: eb.ref('excluded.reason'),
        })),
      )
      .execute();
  }
  for (const ids of chunks(changes.remove?.absences ?? [])) {
    await trx.deleteFrom('absences').where('id', 'in', ids).execute();
  }
}

/**
 * PostgreSQL refuses one insert that touches the same key twice ("ON CONFLICT DO UPDATE command
 * cannot affect row a second time"); the last level given for a skill wins, as in memory.
 */
function dedupeSkills(skills: readonly Skill[]): Skill[] {
  const map = new Map<string, Skill>();
  for (const s of skills) map.set(`${s.userId}\u0000${s.skill}`, s);
  return [...map.values()];
}
