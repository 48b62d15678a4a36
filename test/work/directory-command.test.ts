/**
 * `sluice users` and `sluice groups`, driven through commander as main.ts drives every command,
 * against a SQLite file: add people and groups, import files, list, and refuse bad input with
 * the file, line and field named and nothing changed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Command, CommanderError, Option } from 'commander';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodes, toFailure } from '../../src/cli/cli-errors.js';
import type { CliRun } from '../../src/cli/command-context.js';
import { type OpenedDirectory, registerDirectory } from '../../src/cli/directory-command.js';
import { Output } from '../../src/cli/output.js';
import * as directoryMigration from '../../src/store/migrations/0002-directory.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import type { DirectoryTables } from '../../src/work/directory/directory-tables.js';
import { kyselyDirectory } from '../../src/work/directory/kysely-directory.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-directory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The directory tables alone, as the 0002 migration makes them, in a file of the test's own. */
async function openFile(db: string): Promise<OpenedDirectory> {
  const kysely = new Kysely<DirectoryTables>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(db) }),
  });
  const { error } = await new Migrator({
    db: kysely,
    provider: { getMigrations: () => Promise.resolve({ '0002-directory': directoryMigration }) },
  }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return { directory: kyselyDirectory(kysely), close: () => kysely.destroy() };
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** One `sluice ...` run, the way main.ts builds the program and reports failures. */
async function sluice(
  open: ((db: string) => Promise<OpenedDirectory>) | undefined,
  ...argv: string[]
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const run: CliRun = {
    streams: {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    },
    typescript: true,
    debug: false,
    exitCode: exitCodes.ok,
  };
  const program = new Command('sluice')
    .enablePositionalOptions()
    .configureOutput({
      writeErr: (t) => (stderr += t),
      writeOut: (t) => (stdout += t),
      outputError: () => {},
    })
    .exitOverride();
  registerDirectory(program, run, open ? { open } : {});
  for (const command of program.commands) {
    command
      .addOption(
        new Option('--db <path-or-url>', 'the store').env('SLUICE_DB').default('./.sluice/sluice.db'),
      )
      .option('--json', 'JSON output');
  }
  let code: number;
  try {
    await program.parseAsync(argv, { from: 'user' });
    code = run.exitCode;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) code = 0;
    else {
      const failure = toFailure(error, argv[0]);
      new Output(argv.includes('--json'), run.streams).failure(failure);
      code = failure.exitCode;
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('sluice users and sluice groups', () => {
  const db = join(dir, 'directory.db');
  const cli = (...argv: string[]) => sluice(openFile, ...argv, '--db', db);

  it('add a team and people to it, then list them', async () => {
    expect((await cli('groups', 'add', 'desk', '--name', 'Service desk')).stdout).toBe('saved group desk\n');
    const added = await cli(
      'users',
      'add',
      'alice',
      '--name',
      'Alice Adler',
      '--email',
      'alice@example.com',
      '--capacity',
      '5',
      '--group',
      'desk',
      '--skill',
      'network:3',
      '--skill',
      'linux:2',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'saved user alice\n' });
    await cli('users', 'add', 'bob', '--name', 'Bob Brandt', '--inactive');

    const listed = await cli('users', 'list');
    expect(listed.stdout.split('\n')).toEqual([
      'ID     NAME         EMAIL              CAPACITY  ACTIVE  GROUPS  SKILLS',
      'alice  Alice Adler  alice@example.com  5         yes     desk    linux:2,network:3',
      'bob    Bob Brandt   -                  -         no      -       -',
      '',
    ]);
    expect((await cli('users', 'list', '--inactive', '--json')).json).toEqual([
      {
        id: 'bob',
        name: 'Bob Brandt',
        email: null,
        timeZone: null,
        capacity: null,
        active: false,
        calendar: null,
        groups: [],
        skills: {},
      },
    ]);
    expect((await cli('groups', 'list', '--json')).json).toEqual([
      {
        id: 'desk',
        name: 'Service desk',
        kind: 'team',
        supervisor: null,
        parent: null,
        calendar: null,
        members: ['alice'],
      },
    ]);
  });

  it('import people from CSV and groups from a JSON document, all at once', async () => {
    const people = file(
      'people.csv',
      'id,name,email,groups,skills\ncarol,Carol Chen,carol@example.com,approvers,"windows:4"\ndave,Dave Doe,,desk,\n',
    );
    const org = file(
      'org.json',
      JSON.stringify({
        calendars: [
          { id: 'berlin', timeZone: 'Europe/Berlin', week: 'mon-fri 09:00-17:00', holidays: 'DE-BE' },
        ],
        groups: [
          { id: 'approvers', name: 'Approvers', kind: 'role', supervisor: 'alice' },
          { id: 'desk', name: 'Service desk', calendar: 'berlin', supervisor: 'alice' },
        ],
      }),
    );
    expect((await cli('groups', 'import', org)).stdout).toBe(`imported 2 groups, 1 calendars from ${org}\n`);
    const imported = await cli('users', 'import', people, '--json');
    expect(imported.json).toEqual({
      ok: true,
      dryRun: false,
      file: 'people.csv',
      users: 2,
      groups: 0,
      calendars: 0,
      absences: 0,
      memberships: 2,
      skills: 1,
    });
    expect((await cli('users', 'list', '--group', 'desk', '--json')).json).toMatchObject([
      { id: 'alice' },
      { id: 'dave' },
    ]);
    expect((await cli('groups', 'list', '--kind', 'role')).stdout).toContain(
      'approvers  Approvers  role  alice',
    );
  });

  it('refuse a file with bad values, naming file, line and field, and change nothing', async () => {
    const bad = file('bad.csv', 'id,name,capacity\nerin,Erin,lots\nfrank,,3\n');
    const refused = await cli('users', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')).toEqual([
      `error: 1 problem in ${bad}; nothing was changed`,
      'hint: fix the lines named below and import the file again',
      `${bad}:2 error: user 'erin' capacity: capacity must be a whole number; got 'lots'`,
      '',
    ]);
    // frank has no name: only the directory's own check finds that, and names line 3 too.
    const fixed = file('fixed.csv', 'id,name,capacity\nerin,Erin,4\nfrank,,3\n');
    expect((await cli('users', 'import', fixed)).stderr).toContain(
      `${fixed}:3 error: user 'frank' name: a name is required`,
    );
    expect(((await cli('users', 'list', '--json')).json as { id: string }[]).map((u) => u.id)).not.toContain(
      'erin',
    );
  });

  it('refuse references to no one, in --json with the findings', async () => {
    const refused = await cli('users', 'add', 'gina', '--name', 'Gina', '--group', 'nowhere', '--json');
    expect(refused.code).toBe(1);
    expect(refused.json).toEqual({
      error: {
        code: 'directory-invalid',
        message: '1 problem; nothing was changed',
        hint: 'fix the values named below and run the command again',
        findings: [
          {
            severity: 'error',
            elementId: null,
            message: "membership 'gina/nowhere' group: no group 'nowhere'",
          },
        ],
      },
    });
  });

  it('check a file without writing it when asked for a dry run', async () => {
    const later = file('later.csv', 'id,name\nhank,Hank\n');
    expect((await cli('users', 'import', later, '--dry-run')).stdout).toBe(
      `checked, would import 1 users from ${later}\n`,
    );
    expect(((await cli('users', 'list', '--json')).json as { id: string }[]).map((u) => u.id)).not.toContain(
      'hank',
    );
  });

  it('tell a bad option value and a missing file apart from bad data', async () => {
    expect(await cli('users', 'add', 'ivy', '--name', 'Ivy', '--skill', 'network')).toMatchObject({
      code: 2,
    });
    expect(await cli('users', 'add', 'ivy', '--name', 'Ivy', '--capacity', '-1')).toMatchObject({ code: 2 });
    const missing = await cli('groups', 'import', join(dir, 'nope.json'));
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('no such file');
  });
});

/** Once the lead registers 0002-directory with the store's migrations, the real path runs. */
const registered = '0002-directory' in (await migrationProvider.getMigrations());
describe.skipIf(!registered)('sluice users on the store the engine opens', () => {
  it('adds and lists people in the engine database', async () => {
    const db = join(dir, 'engine.db');
    expect(await sluice(undefined, 'users', 'add', 'zoe', '--name', 'Zoe', '--db', db)).toMatchObject({
      code: 0,
    });
    expect((await sluice(undefined, 'users', 'list', '--json', '--db', db)).json).toMatchObject([
      { id: 'zoe' },
    ]);
  });
});
