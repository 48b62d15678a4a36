/**
 * The directory from the command line: `sluice users list|add|import` and
 * `sluice groups list|add|import`. Imports read JSON or CSV (docs/work.md has the columns)
 * and either apply whole or change nothing, naming the file, line and field of each problem.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { DirectoryProblem } from '../work/directory/directory-checks.js';
import type { ApplyOptions, Directory } from '../work/directory/directory.js';
import type { DirectoryTables } from '../work/directory/directory-tables.js';
import type {
  ChangeSummary,
  DirectoryChanges,
  Group,
  GroupKind,
  Skill,
  User,
} from '../work/directory/directory-types.js';
import type { ImportKind } from '../work/directory/directory-import.js';
import { CliFailure, exitCodes, type FileFinding } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { defaultDb, redactPassword } from './open-sluice.js';
import { collect, wholeNumber } from './option-values.js';
import { table } from './table.js';

/** The directory over `--db` for one command, and how to let go of it. */
export interface OpenedDirectory {
  readonly directory: Directory;
  close(): Promise<void>;
}

export interface DirectoryCommandOptions {
  /** Replaces how the database is opened (tests open one without the engine's migrations). */
  readonly open?: (db: string) => Promise<OpenedDirectory>;
}

const importKinds = ['users', 'groups', 'calendars', 'absences', 'skills', 'memberships'] as const;
const groupKinds = ['role', 'team'] as const;

/** The store's own database, migrated by the store; the directory reads and writes its tables. */
async function openStoreDirectory(db: string): Promise<OpenedDirectory> {
  if (/^postgres(ql)?:\/\//i.test(db)) {
    throw new CliFailure(
      'db-unsupported',
      `cannot open '${redactPassword(db)}': this build of Sluice has no PostgreSQL store yet`,
      `use a SQLite file, e.g. --db ${defaultDb}`,
    );
  }
  const [{ openSqliteStore }, { kyselyDirectory }, { sql }] = await Promise.all([
    import('../store/sqlite/sqlite-store.js'),
    import('../work/directory/kysely-directory.js'),
    import('kysely'),
  ]);
  const store = await openSqliteStore({ path: db });
  const kysely = store.kysely as unknown as Kysely<DirectoryTables>;
  const found = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name = 'memberships'`.execute(kysely);
  if (found.rows.length === 0) {
    await store.close();
    throw new CliFailure(
      'directory-missing',
      `the database ${db} has no directory tables`,
      'this build does not run the 0002-directory migration; register it in src/store/migrations/index.ts',
    );
  }
  return { directory: kyselyDirectory(kysely), close: () => store.close() };
}

const defaultRun = (): CliRun => ({
  streams: { stdout: process.stdout, stderr: process.stderr },
  typescript: false,
  debug: process.env.SLUICE_DEBUG === '1',
  exitCode: exitCodes.ok,
});

export function registerDirectory(
  program: Command,
  run: CliRun = defaultRun(),
  options: DirectoryCommandOptions = {},
): void {
  const open = options.open ?? openStoreDirectory;
  const withDirectory = async <T>(db: string, work: (directory: Directory) => Promise<T>): Promise<T> => {
    const opened = await open(db);
    try {
      return await work(opened.directory);
    } finally {
      await opened.close();
    }
  };

  const users = program.command('users').description('people: list, add, import from JSON or CSV');
  const groups = program.command('groups').description('roles and teams: list, add, import from JSON or CSV');

  leaf(users.command('list').description('list people with their groups and skills'))
    .option('--group <id>', 'only members of this group')
    .addOption(new Option('--active', 'only active people').conflicts('inactive'))
    .option('--inactive', 'only inactive people')
    .action(
      action<[], { group?: string; active?: boolean; inactive?: boolean }>(
        run,
        async ({ out, db, options }) => {
          const { people, memberships, skills } = await withDirectory(db, async (directory) => ({
            people: await directory.users({
              ...(options.group !== undefined && { groupId: options.group }),
              ...(options.active && { active: true }),
              ...(options.inactive && { active: false }),
            }),
            memberships: await directory.memberships(),
            skills: await directory.skills(),
          }));
          const groupsOf = (id: string): string[] =>
            memberships.filter((m) => m.userId === id).map((m) => m.groupId);
          const skillsOf = (id: string): Skill[] => skills.filter((s) => s.userId === id);
          out.result(
            people.map((u) => userView(u, groupsOf(u.id), skillsOf(u.id))),
            () =>
              people.length === 0
                ? 'no people match'
                : table(
                    ['ID', 'NAME', 'EMAIL', 'CAPACITY', 'ACTIVE', 'GROUPS', 'SKILLS'],
                    people.map((u) => [
                      u.id,
                      u.name,
                      u.email,
                      u.capacity,
                      u.active ? 'yes' : 'no',
                      groupsOf(u.id).join(','),
                      skillsOf(u.id)
                        .map((s) => `${s.skill}:${s.level}`)
                        .join(','),
                    ]),
                  ),
          );
        },
      ),
    );

  leaf(users.command('add').description('add a person, or change one (same id)'))
    .argument('<id>', 'user id (no spaces or commas), e.g. alice or alice@example.com')
    .requiredOption('--name <name>', 'full name')
    .option('--email <address>', 'e-mail address for notifications')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Berlin')
    .option('--capacity <n>', 'open tasks the person can hold at once', wholeNumber(0))
    .option('--calendar <id>', 'their own working calendar')
    .option('--group <id>', 'a group to join (repeatable)', collect)
    .option('--skill <skill:level>', 'a skill and its level 0-5, e.g. network:3 (repeatable)', collect)
    .option('--inactive', 'add the person as inactive (no new work)')
    .action(
      action<[string], AddUserOptions>(run, async ({ out, db, options }, id) => {
        const user: User = {
          id,
          name: options.name,
          ...(options.email !== undefined && { email: options.email }),
          ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
          ...(options.capacity !== undefined && { capacity: options.capacity }),
          active: !options.inactive,
          ...(options.calendar !== undefined && { calendarId: options.calendar }),
        };
        const changes: DirectoryChanges = {
          users: [user],
          memberships: (options.group ?? []).map((groupId) => ({ userId: id, groupId })),
          skills: (options.skill ?? []).map((text) => skillOption(id, text)),
        };
        await withDirectory(db, (directory) => apply(directory, changes));
        out.result(
          { ok: true, user: userView(user, options.group ?? [], changes.skills ?? []) },
          () => `saved user ${id}`,
        );
      }),
    );

  leaf(groups.command('list').description('list roles and teams with their members'))
    .addOption(new Option('--kind <kind>', 'only roles or only teams').choices(groupKinds))
    .action(
      action<[], { kind?: GroupKind }>(run, async ({ out, db, options }) => {
        const { list, memberships } = await withDirectory(db, async (directory) => ({
          list: await directory.groups(options.kind !== undefined ? { kind: options.kind } : {}),
          memberships: await directory.memberships(),
        }));
        const membersOf = (id: string): string[] =>
          memberships.filter((m) => m.groupId === id).map((m) => m.userId);
        out.result(
          list.map((g) => groupView(g, membersOf(g.id))),
          () =>
            list.length === 0
              ? 'no groups match'
              : table(
                  ['ID', 'NAME', 'KIND', 'SUPERVISOR', 'PARENT', 'CALENDAR', 'MEMBERS'],
                  list.map((g) => [
                    g.id,
                    g.name,
                    g.kind,
                    g.supervisorId,
                    g.parentId,
                    g.calendarId,
                    membersOf(g.id).join(','),
                  ]),
                ),
        );
      }),
    );

  leaf(groups.command('add').description('add a role or team, or change one (same id)'))
    .argument('<id>', 'group id (no spaces or commas), e.g. service-desk')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option('--kind <kind>', 'role (what people may do) or team (where they belong)')
        .choices(groupKinds)
        .default('team'),
    )
    .option('--supervisor <user>', 'who receives escalations and supervises the members')
    .option('--parent <group>', 'the enclosing group, where escalation goes next')
    .option('--calendar <id>', "the team's working calendar")
    .option('--member <user>', 'a member to add (repeatable)', collect)
    .action(
      action<[string], AddGroupOptions>(run, async ({ out, db, options }, id) => {
        const group: Group = {
          id,
          name: options.name,
          kind: options.kind,
          ...(options.supervisor !== undefined && { supervisorId: options.supervisor }),
          ...(options.parent !== undefined && { parentId: options.parent }),
          ...(options.calendar !== undefined && { calendarId: options.calendar }),
        };
        const members = options.member ?? [];
        await withDirectory(db, (directory) =>
          apply(directory, {
            groups: [group],
            memberships: members.map((userId) => ({ userId, groupId: id })),
          }),
        );
        out.result({ ok: true, group: groupView(group, members) }, () => `saved group ${id}`);
      }),
    );

  for (const [command, kind] of [
    [users, 'users'],
    [groups, 'groups'],
  ] as const) {
    leaf(
      command
        .command('import')
        .description(`import ${kind} (CSV), or a whole directory (JSON), all or nothing`),
    )
      .argument('<file>', 'a .json document or a .csv file with a header row')
      .addOption(
        new Option('--kind <kind>', 'what a CSV file (or a bare JSON list) holds')
          .choices(importKinds)
          .default(kind),
      )
      .option('--dry-run', 'check the file against the directory without writing anything')
      .action(
        action<[string], { kind: ImportKind; dryRun?: boolean }>(run, async ({ out, db, options }, file) => {
          const text = await readText(file);
          const { readDirectoryFile } = await import('../work/directory/directory-import.js');
          const imported = readDirectoryFile(file, text, options.kind);
          failOnProblems(imported.problems, file);
          const summary = await withDirectory(db, async (directory) => {
            if (!options.dryRun) return apply(directory, imported.changes, { origin: imported.origin }, file);
            const [{ checkChanges }, { knownIdsOf }, { summaryOf }] = await Promise.all([
              import('../work/directory/directory-checks.js'),
              import('../work/directory/apply-changes.js'),
              import('../work/directory/directory.js'),
            ]);
            failOnProblems(
              checkChanges(imported.changes, knownIdsOf(await directory.load()), imported.origin),
              file,
            );
            return summaryOf(imported.changes);
          });
          const counts = Object.entries(summary)
            .filter(([, n]) => n > 0)
            .map(([what, n]) => `${n} ${what}`);
          out.result({ ok: true, dryRun: options.dryRun === true, file: basename(file), ...summary }, () =>
            counts.length === 0
              ? `${file} holds nothing to import`
              : `${options.dryRun ? 'checked, would import' : 'imported'} ${counts.join(', ')} from ${file}`,
          );
        }),
      );
  }
}

interface AddUserOptions {
  readonly name: string;
  readonly email?: string;
  readonly timeZone?: string;
  readonly capacity?: number;
  readonly calendar?: string;
  readonly group?: string[];
  readonly skill?: string[];
  readonly inactive?: boolean;
}

interface AddGroupOptions {
  readonly name: string;
  readonly kind: GroupKind;
  readonly supervisor?: string;
  readonly parent?: string;
  readonly calendar?: string;
  readonly member?: string[];
}

/**
 * Subcommands take --db and --json too: the program's options are positional, so after
 * `users list` they belong to `list`. Commander's optsWithGlobals lets the parent's values
 * (its --db default among them) win over the subcommand's, so the subcommand hands what it
 * was given up to the parent before its action runs.
 */
function leaf(command: Command): Command {
  return command
    .addOption(
      new Option('--db <path-or-url>', 'the store: a SQLite file (or PostgreSQL URL)').env('SLUICE_DB'),
    )
    .option('--json', 'print the result as JSON on stdout, errors too ({"error": ...})')
    .hook('preAction', (self) => {
      for (const name of ['db', 'json']) {
        const value: unknown = self.getOptionValue(name);
        if (value !== undefined)
          self.parent?.setOptionValueWithSource(name, value, self.getOptionValueSource(name) ?? 'cli');
      }
    });
}

function skillOption(userId: string, text: string): Skill {
  const match = /^([^:\s,;]+):(\d)$/.exec(text.trim());
  if (!match)
    throw new InvalidArgumentError(
      `--skill expects skill:level with a level 0-5, e.g. network:3; got '${text}'`,
    );
  return { userId, skill: match[1]!, level: Number(match[2]) };
}

/** Applies the changes; refused changes become one failure listing every problem. */
async function apply(
  directory: Directory,
  changes: DirectoryChanges,
  options: ApplyOptions = {},
  file?: string,
): Promise<ChangeSummary> {
  const { DirectoryError } = await import('../work/directory/directory.js');
  try {
    return await directory.apply(changes, options);
  } catch (error) {
    if (error instanceof DirectoryError) failOnProblems(error.problems, file);
    throw error;
  }
}

/** Errors refuse the whole command; warnings are shown with them. */
function failOnProblems(problems: readonly DirectoryProblem[], file?: string): void {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const findings: FileFinding[] = problems.map((p) => ({
    severity: p.severity,
    message: `${p.entity}${p.id !== undefined ? ` '${p.id}'` : ''} ${p.field}${p.path !== undefined ? ` (${p.path})` : ''}: ${p.message}`,
    ...((p.file ?? file) !== undefined && { file: p.file ?? file }),
    ...(p.line !== undefined && { line: p.line }),
  }));
  throw new CliFailure(
    'directory-invalid',
    `${errors.length} problem${errors.length === 1 ? '' : 's'}${file !== undefined ? ` in ${file}` : ''}; nothing was changed`,
    file !== undefined
      ? 'fix the lines named below and import the file again'
      : 'fix the values named below and run the command again',
    findings,
  );
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliFailure(
      'file-unreadable',
      `cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      'check the path; give a .json or .csv file',
    );
  }
}

function userView(user: User, groups: readonly string[], skills: readonly Skill[]) {
  return {
    id: user.id,
    name: user.name,
    email: user.email ?? null,
    timeZone: user.timeZone ?? null,
    capacity: user.capacity ?? null,
    active: user.active,
    calendar: user.calendarId ?? null,
    groups: [...groups],
    skills: Object.fromEntries(skills.map((s) => [s.skill, s.level])),
  };
}

function groupView(group: Group, members: readonly string[]) {
  return {
    id: group.id,
    name: group.name,
    kind: group.kind,
    supervisor: group.supervisorId ?? null,
    parent: group.parentId ?? null,
    calendar: group.calendarId ?? null,
    members: [...members],
  };
}
