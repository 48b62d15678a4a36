/**
 * The raw SQLite ceiling: what bare better-sqlite3 does with the same number of rows per
 * instance that Sluice wrote, with no engine at all. Rows are history-like (as wide as
 * Sluice's history rows, ids from the same UUIDv7 generator), inserted by one prepared
 * statement in batched transactions into a table indexed on the text instance id, with WAL
 * and synchronous=FULL as Sluice uses.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { uuidv7 } from '../../src/engine/ids.js';
import { caseParams, runCase, tempDir } from '../lib/harness.js';

interface Params {
  readonly rowsPerInstance: number;
  /** Mean width of Sluice's history rows (sum of column lengths); the rows here match it. */
  readonly rowBytes: number;
  readonly instancesPerTransaction: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

runCase(async () => {
  const params = caseParams<Params>();
  const dir = tempDir('ceiling');
  const db = new BetterSqlite3(join(dir.path, 'ceiling.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table history (
    seq integer primary key autoincrement, instance_id text not null, process_id text not null,
    version integer not null, at bigint not null, data text not null)`);
  db.exec('create index history_instance on history (instance_id)');
  const insert = db.prepare(
    'insert into history (instance_id, process_id, version, at, data) values (?, ?, ?, ?, ?)',
  );

  const processId = 'bench-straight-through';
  // seq, instance id, process id, version and time take this much of a row; data the rest.
  const fixedBytes = 6 + 36 + processId.length + 1 + 13;
  const padding = 'x'.repeat(Math.max(0, Math.round(params.rowBytes) - fixedBytes - 36));
  const writeInstance = (): void => {
    const now = Date.now();
    const instanceId = uuidv7(now);
    for (let r = 0; r < params.rowsPerInstance; r++) {
      // A fresh id in every row, as Sluice's events carry token and job ids.
      insert.run([instanceId, processId, 1, now, `${uuidv7(now)}${padding}`]);
    }
  };
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) writeInstance();
  });

  const run = async (ms: number): Promise<{ instances: number; seconds: number }> => {
    const t0 = performance.now();
    let instances = 0;
    while (performance.now() - t0 < ms) {
      batch.immediate(params.instancesPerTransaction);
      instances += params.instancesPerTransaction;
      // Yield now and then, as an engine would; keeps the process responsive.
      if (instances % (params.instancesPerTransaction * 10) === 0)
        await new Promise((resolve) => setImmediate(resolve));
    }
    return { instances, seconds: (performance.now() - t0) / 1000 };
  };

  await run(params.warmupMs);
  const { instances, seconds } = await run(params.measureMs);
  db.close();
  dir.dispose();
  return {
    engine: 'sqlite',
    rowsPerInstance: params.rowsPerInstance,
    rowBytes: params.rowBytes,
    instancesPerTransaction: params.instancesPerTransaction,
    rowsPerTransaction: params.rowsPerInstance * params.instancesPerTransaction,
    seconds,
    instances,
    perSecond: instances / seconds,
    rowsPerSecond: (instances * params.rowsPerInstance) / seconds,
  };
});
