import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type Migration, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSqlite, openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite migrations', () => {
  it('leave nothing half-made when a migration fails part-way', async () => {
    const db = new BetterSqlite3(join(dir, 'half.db'));
    const kysely = new Kysely<never>({ dialect: new SqliteDialect({ database: db }) });
    const failing: Migration = {
      async up(k) {
        await k.schema.createTable('first').addColumn('id', 'text').execute();
        throw new Error('the second table could not be made');
      },
    };
    await expect(migrateSqlite(db, kysely as never, { '0001-fails': failing })).rejects.toThrow(
      'could not be made',
    );
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name = 'first'").all();
    expect(tables).toEqual([]);
    expect(db.prepare('select count(*) as n from sluice_migrations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('let four processes open a new database at the same moment', { timeout: 60_000 }, async () => {
    const path = join(dir, 'race.db');
    const script = `import { openSqliteStore } from ${JSON.stringify(new URL('../../src/store/sqlite/sqlite-store.ts', import.meta.url).pathname)};
      const store = await openSqliteStore({ path: ${JSON.stringify(path)} }); await store.close();`;
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
              stdio: ['ignore', 'ignore', 'pipe'],
            });
            let stderr = '';
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('exit', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    expect(runs).toEqual(Array.from({ length: 4 }, () => ({ code: 0, stderr: '' })));
    const store = await openSqliteStore({ path });
    expect(await store.listDefinitions()).toEqual([]);
    await store.close();
  });
});
