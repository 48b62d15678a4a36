/**
 * `sluice admin`: what an operator of the machine does before (or beside) the server, straight
 * on the database. `admin create` makes a user, the first admin above all, so the server never
 * needs an open set-up page. Passwords come on stdin, never as arguments (which other users
 * of the machine can read in the process list).
 */
import { type Command, Option } from 'commander';
import { action, type CliRun } from './command-context.js';
import { CliFailure, UsageError } from './cli-errors.js';
import { withSluice } from './open-sluice.js';
import { collect } from './option-values.js';

interface CreateOptions {
  readonly user: string;
  readonly passwordStdin?: boolean;
  readonly role?: string[];
  readonly group?: string[];
  readonly tenant: string;
}

interface KeyOptions {
  readonly name: string;
  readonly role?: string[];
  readonly tenant: string;
}

interface PasswordOptions {
  readonly user: string;
  readonly passwordStdin?: boolean;
}

/** Reads the whole of stdin; one trailing newline (from echo or a heredoc) is not part of it. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError(
      'password-from-tty',
      'the password comes on stdin, and stdin is a terminal',
      'pipe it in: printf \'%s\' "$PASSWORD" | sluice admin create ...',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerAdmin(program: Command, run: CliRun, input: () => Promise<string> = readStdin): void {
  const admin = program
    .command('admin')
    .description('manage users and API keys of the server, straight on the database');

  admin
    .command('create')
    .description('create a user (an admin unless --role says otherwise); the password is read from stdin')
    .requiredOption('--user <name>', 'the user name')
    .option('--password-stdin', 'read the password from stdin (required)')
    .option(
      '--role <role>',
      'a role: admin, modeler, operator, worker or user (repeatable; default admin)',
      collect,
    )
    .option('--group <group>', 'a group the user belongs to (repeatable)', collect)
    .option('--tenant <tenant>', 'the tenant', 'default')
    .action(
      action<[], CreateOptions>(run, async ({ out, db, options }) => {
        const roles = parseRoles(options.role ?? ['admin']);
        if (!options.passwordStdin)
          throw new UsageError(
            'password-stdin-required',
            'say --password-stdin and pipe the password in',
            'printf \'%s\' "$PASSWORD" | sluice admin create --user ann --password-stdin',
          );
        const password = await input();
        const user = await withIdentity(db, async (identity) => {
          const { namePattern, UserExists } = await import('../server/auth/identity-store.js');
          const { passwordProblem } = await import('../server/auth/password-hash.js');
          if (!namePattern.test(options.user))
            throw new CliFailure(
              'invalid-username',
              `'${options.user}' is not a valid user name`,
              'use 1-64 letters, digits and . _ @ -',
            );
          const problem = passwordProblem(password);
          if (problem) throw new CliFailure('weak-password', problem, 'choose a longer password');
          try {
            return await identity.createUser({
              username: options.user,
              password,
              roles,
              groups: options.group ?? [],
              tenant: options.tenant,
            });
          } catch (error) {
            if (error instanceof UserExists)
              throw new CliFailure(
                'user-exists',
                error.message,
                `reset the password with 'sluice admin password --user ${options.user} --password-stdin'`,
              );
            throw error;
          }
        });
        out.result(
          {
            id: user.id,
            username: user.username,
            tenant: user.tenant,
            roles: user.roles,
            groups: user.groups,
          },
          () => `created ${user.username} (${user.roles.join(', ')}) in tenant ${user.tenant}`,
        );
      }),
    );

  admin
    .command('password')
    .description("set a user's password (read from stdin); their sessions end")
    .requiredOption('--user <name>', 'the user name')
    .option('--password-stdin', 'read the password from stdin (required)')
    .action(
      action<[], PasswordOptions>(run, async ({ out, db, options }) => {
        if (!options.passwordStdin)
          throw new UsageError('password-stdin-required', 'say --password-stdin and pipe the password in');
        const password = await input();
        await withIdentity(db, async (identity, sessions) => {
          const { passwordProblem } = await import('../server/auth/password-hash.js');
          const problem = passwordProblem(password);
          if (problem) throw new CliFailure('weak-password', problem, 'choose a longer password');
          const user = await identity.userByName(options.user);
          if (!user)
            throw new CliFailure(
              'user-not-found',
              `no user is named '${options.user}'`,
              "create one with 'sluice admin create'",
            );
          await identity.updateUser(user.id, { password, disabled: false });
          await sessions.endAllOf(user.id);
        });
        out.result(
          { ok: true, username: options.user },
          () => `password of ${options.user} set; their sessions ended`,
        );
      }),
    );

  admin
    .command('api-key')
    .description('make an API key for a service; the key is printed once')
    .requiredOption('--name <name>', 'what the key is for, e.g. invoice-worker')
    .option('--role <role>', 'a role (repeatable; default worker)', collect)
    .option('--tenant <tenant>', 'the tenant', 'default')
    .action(
      action<[], KeyOptions>(run, async ({ out, db, options }) => {
        const roles = parseRoles(options.role ?? ['worker']);
        const created = await withIdentity(db, async (identity) => {
          const { namePattern } = await import('../server/auth/identity-store.js');
          if (!namePattern.test(options.name))
            throw new CliFailure(
              'invalid-name',
              `'${options.name}' is not a valid key name`,
              'use letters, digits and . _ @ -',
            );
          return identity.createApiKey({
            name: options.name,
            roles,
            tenant: options.tenant,
            createdBy: 'sluice admin',
          });
        });
        out.result(
          {
            id: created.apiKey.id,
            name: created.apiKey.name,
            roles: created.apiKey.roles,
            tenant: created.apiKey.tenant,
            key: created.secret,
          },
          () => [
            created.secret,
            `(API key '${options.name}' with ${roles.join(', ')}: store it now, it is not shown again)`,
          ],
        );
      }),
    );
  // The program gives `admin` --db and --json, but a user writes them after the subcommand
  // (`sluice admin create --db x`). Commander lets a parent's value win over its child's, so
  // the child's, when given, is handed up to the parent before the action reads them.
  for (const command of admin.commands) {
    command
      .addOption(
        new Option('--db <path-or-url>', 'the store: a SQLite file (default ./.sluice/sluice.db)').env(
          'SLUICE_DB',
        ),
      )
      .option('--json', 'print the result as JSON on stdout, errors too')
      .hook('preAction', (sub) => {
        for (const key of ['db', 'json']) {
          const source = sub.getOptionValueSource(key);
          if (source === 'cli' || source === 'env')
            sub.parent?.setOptionValueWithSource(key, sub.getOptionValue(key), source);
        }
      });
  }
}

function parseRoles(given: readonly string[]) {
  const valid = ['admin', 'modeler', 'operator', 'worker', 'user'] as const;
  const roles = given.filter((r): r is (typeof valid)[number] => (valid as readonly string[]).includes(r));
  const bad = given.filter((r) => !(valid as readonly string[]).includes(r));
  if (bad.length > 0)
    throw new UsageError(
      'invalid-role',
      `unknown role ${bad.map((r) => `'${r}'`).join(', ')}`,
      `roles are ${valid.join(', ')}`,
    );
  return roles;
}

type Identity = import('../server/auth/identity-store.js').IdentityStore;
type SessionStore = import('../server/auth/sessions.js').Sessions;

/** Opens the store, brings the server's tables up to date, and hands over the identity store. */
async function withIdentity<T>(
  db: string,
  work: (identity: Identity, sessions: SessionStore) => Promise<T>,
): Promise<T> {
  return withSluice(db, async (sluice) => {
    const [{ serverDatabase, migrateServerTables }, { IdentityStore }, { Sessions }, { defaultCost }] =
      await Promise.all([
        import('../server/auth/server-migrations.js'),
        import('../server/auth/identity-store.js'),
        import('../server/auth/sessions.js'),
        import('../server/auth/password-hash.js'),
      ]);
    const database = serverDatabase(sluice.store);
    await migrateServerTables(database);
    return work(
      new IdentityStore(database, sluice.clock, defaultCost),
      new Sessions(database, sluice.clock, 0),
    );
  });
}
