/**
 * `sluice admin` in-process: users, passwords and API keys straight on the database, the
 * password read from stdin (here, a function standing in for it).
 */
import { Command, Option } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerAdmin } from '../../src/cli/admin-command.js';
import type { CliRun } from '../../src/cli/command-context.js';
import { createSluice } from '../../src/index.js';
import { IdentityStore } from '../../src/server/auth/identity-store.js';
import { verifyPassword } from '../../src/server/auth/password-hash.js';
import { serverDatabase } from '../../src/server/auth/server-migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-admin-'));
const db = join(dir, 'sluice.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `sluice admin ...` with `stdin` as the piped input; returns the exit code and the JSON printed. */
async function admin(args: string[], stdin = ''): Promise<{ code: number; json: Record<string, unknown> }> {
  let stdout = '';
  const run: CliRun = {
    streams: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } },
    typescript: true,
    debug: false,
    exitCode: 0,
  };
  const program = new Command('sluice').enablePositionalOptions().exitOverride();
  registerAdmin(program, run, () => Promise.resolve(stdin));
  for (const command of program.commands)
    command.addOption(new Option('--db <path>').default('./.sluice/sluice.db')).option('--json');
  await program.parseAsync(['admin', ...args, '--db', db, '--json'], { from: 'user' });
  return { code: run.exitCode, json: JSON.parse(stdout) as Record<string, unknown> };
}

async function userNamed(name: string) {
  const sluice = await createSluice({ db });
  try {
    return await new IdentityStore(serverDatabase(sluice.store), sluice.clock, {
      logN: 8,
      r: 8,
      p: 1,
    }).userByName(name);
  } finally {
    await sluice.close();
  }
}

describe('sluice admin', () => {
  it('creates the first admin, refusing weak passwords, bad names, unknown roles and a name taken', async () => {
    expect(
      await admin(['create', '--user', 'ada', '--password-stdin'], 'a long admin password'),
    ).toMatchObject({
      code: 0,
      json: { username: 'ada', roles: ['admin'], tenant: 'default' },
    });
    expect(await verifyPassword('a long admin password', (await userNamed('ada'))!.passwordHash)).toBe(true);
    expect((await admin(['create', '--user', 'bob', '--password-stdin'], 'short')).json.error).toMatchObject({
      code: 'weak-password',
    });
    expect(
      (await admin(['create', '--user', 'b:b', '--password-stdin'], 'long enough pass')).json.error,
    ).toMatchObject({ code: 'invalid-username' });
    expect(
      (await admin(['create', '--user', 'bob', '--role', 'boss', '--password-stdin'], 'long enough pass'))
        .code,
    ).toBe(2);
    expect(
      (await admin(['create', '--user', 'ada', '--password-stdin'], 'long enough pass')).json.error,
    ).toMatchObject({ code: 'user-exists' });
    expect((await admin(['create', '--user', 'bob'])).json.error).toMatchObject({
      code: 'password-stdin-required',
    });
  });

  it('sets a password from stdin', async () => {
    await admin(
      ['create', '--user', 'cy', '--role', 'user', '--group', 'sales', '--password-stdin'],
      'first password!',
    );
    expect((await admin(['password', '--user', 'cy', '--password-stdin'], 'second password!')).code).toBe(0);
    const cy = await userNamed('cy');
    expect(cy).toMatchObject({ roles: ['user'], groups: ['sales'] });
    expect(await verifyPassword('second password!', cy!.passwordHash)).toBe(true);
    expect(
      (await admin(['password', '--user', 'nobody', '--password-stdin'], 'second password!')).json.error,
    ).toMatchObject({
      code: 'user-not-found',
    });
  });
});
