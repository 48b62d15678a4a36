import type { Kysely } from 'kysely';

/**
 * The directory of people and work (src/work/directory): users, groups (roles and teams),
 * memberships, skills, calendars and absences. Written with kysely's schema builder so it runs
 * on SQLite and PostgreSQL alike. Booleans are integers (0/1) and structured values (a
 * calendar's week, its closed dates) are JSON text, the same on both databases. References
 * carry no foreign keys: the directory checks them when a batch is applied, which lets an
 * import load people and their groups in any order and report every dangling name at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('holiday_country', 'text')
    .addColumn('holiday_region', 'text')
    .addColumn('holiday_types', 'text')
    .addColumn('closed_dates', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('calendar_id', 'text')
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('supervisor_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('calendar_id', 'text')
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'group_id'])
    .execute();
  // "Members of group g" is the assignment's question; the primary key answers "groups of u".
  await db.schema
    .createIndex('memberships_group')
    .on('memberships')
    .columns(['group_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('skills')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('skills_pk', ['user_id', 'skill'])
    .execute();
  await db.schema.createIndex('skills_skill').on('skills').columns(['skill', 'level']).execute();

  await db.schema
    .createTable('absences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('starts', 'text', (c) => c.notNull())
    .addColumn('ends', 'text', (c) => c.notNull())
    .addColumn('substitute_id', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('absences_user').on('absences').columns(['user_id']).execute();
}
