/**
 * Latency from start() to the user task being visible to a store query, on an idle engine:
 * one instance at a time, each sample timed from the call to start() until
 * `tasks({ instanceId })` returns the task. Every start pays its own fsync (synchronous=FULL):
 * there is nobody to share the commit with. For scale, the same process first times bare
 * one-row commits (better-sqlite3, WAL, synchronous=FULL) on the same disk: the floor under
 * any durable start.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createSluice } from '../../src/engine/engine.js';
import { caseParams, models, percentile, readModel, runCase, tempDir } from '../lib/harness.js';

interface Params {
  readonly warmup: number;
  readonly samples: number;
}

runCase(async () => {
  const params = caseParams<Params>();
  const dir = tempDir('latency');
  const bareCommit = timeBareCommits(join(dir.path, 'bare.db'), params.samples);
  const sluice = await createSluice({ db: join(dir.path, 'sluice.db') });
  await sluice.deploy([{ name: models['user-task'].file, content: readModel('user-task') }]);
  sluice.run();
  const { processId } = models['user-task'];

  const total: number[] = [];
  const startOnly: number[] = [];
  const queryOnly: number[] = [];
  let polls = 0;
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < params.warmup + params.samples; i++) {
    const t0 = performance.now();
    const { instanceId } = await sluice.start(processId);
    const t1 = performance.now();
    for (;;) {
      polls++;
      const page = await sluice.tasks({ instanceId });
      if (page.items.length > 0) break;
    }
    const t2 = performance.now();
    if (i === params.warmup - 1) cpu0 = process.cpuUsage();
    if (i >= params.warmup) {
      total.push(t2 - t0);
      startOnly.push(t1 - t0);
      queryOnly.push(t2 - t1);
    }
    await new Promise((resolve) => setImmediate(resolve)); // idle between samples
  }
  const cpu = process.cpuUsage(cpu0);
  await sluice.close();
  dir.dispose();

  const stats = (xs: number[]): { p50: number; p90: number; p99: number; max: number; mean: number } => {
    const sorted = [...xs].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1]!,
      mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    };
  };
  return {
    engine: 'sluice',
    samples: params.samples,
    pollsPerSample: polls / (params.warmup + params.samples),
    // CPU of this process per sample: the rest of the latency is the disk and the scheduler.
    cpuMsPerSample: (cpu.user + cpu.system) / 1000 / params.samples,
    bareCommitMs: stats(bareCommit),
    totalMs: stats(total),
    startMs: stats(startOnly),
    queryMs: stats(queryOnly),
  };
});

/** One-row insert transactions with WAL and synchronous=FULL, timed one by one. */
function timeBareCommits(path: string, samples: number): number[] {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table t (id integer primary key, instance_id text not null, data text)');
  const insert = db.prepare('insert into t (instance_id, data) values (?, ?)');
  const commit = db.transaction((i: number) => insert.run([`instance-${i}`, '{"task":"review"}']));
  const times: number[] = [];
  for (let i = 0; i < samples + 50; i++) {
    const t0 = performance.now();
    commit.immediate(i);
    if (i >= 50) times.push(performance.now() - t0);
  }
  db.close();
  return times;
}
