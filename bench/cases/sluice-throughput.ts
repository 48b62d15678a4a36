/**
 * Sluice throughput on a file database (WAL, synchronous=FULL): a closed loop keeps
 * `inFlight` instances outstanding so group commit has company. For the service-task models an
 * instance counts when it completes; for the user-task model, when start() resolves, which is
 * after the step that parks it at the task (task row included) has committed.
 */
import { join } from 'node:path';
import { createSluice } from '../../src/engine/engine.js';
import type { StepRecord } from '../../src/store/store.js';
import {
  ClosedLoop,
  type ModelName,
  memorySampler,
  models,
  readModel,
  runCase,
  caseParams,
  tempDir,
} from '../lib/harness.js';

interface Params {
  readonly model: ModelName;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly inFlight: number;
  readonly concurrency?: number;
  /** Spreads the first launches over this time (see ClosedLoop). */
  readonly rampMs?: number;
}

runCase(async () => {
  const params = caseParams<Params>();
  const dir = tempDir('sluice');
  const { processId } = models[params.model];
  const sluice = await createSluice({
    db: join(dir.path, 'sluice.db'),
    handlers: { noop: async () => {} },
    ...(params.concurrency !== undefined && { executor: { concurrency: params.concurrency } }),
  });
  await sluice.deploy([{ name: models[params.model].file, content: readModel(params.model) }]);

  // Count transactions and steps per transaction without touching the store's code.
  const store = sluice.store;
  const commit = store.commit.bind(store);
  let commits = 0;
  let steps = 0;
  (store as { commit: typeof store.commit }).commit = (batch: readonly StepRecord[], now: number) => {
    commits++;
    steps += batch.length;
    return commit(batch, now);
  };
  const rows0 = store.rowsWritten;

  const parks = params.model === 'user-task';
  let loop: ClosedLoop;
  if (parks) {
    loop = new ClosedLoop(
      params.inFlight,
      () => {
        sluice.start(processId).then(
          () => loop.complete(),
          (error: unknown) => loop.fail(error),
        );
      },
      params.rampMs,
    );
  } else {
    loop = new ClosedLoop(
      params.inFlight,
      () => {
        sluice.start(processId).catch((error: unknown) => loop.fail(error));
      },
      params.rampMs,
    );
    sluice.onEvents((_events, state) => {
      if (state.status === 'completed') loop.complete();
    });
  }
  sluice.run();

  const memory = memorySampler();
  const measured = await loop.measure(params.warmupMs, params.measureMs, () => ({
    commits,
    steps,
    rows: store.rowsWritten,
  }));
  const peaks = memory.stop();
  const drained = await loop.drain(60_000);
  await sluice.idle();
  const rowsTotal = store.rowsWritten - rows0;
  const historyRowBytes = averageRowBytes(store, 'history');
  await sluice.close();
  dir.dispose();

  return {
    engine: 'sluice',
    model: params.model,
    inFlight: params.inFlight,
    concurrency: params.concurrency ?? 64,
    ...measured,
    // Whole run, drained: every row an instance causes, divided by the instances.
    historyRowBytes,
    rowsPerInstance: drained ? rowsTotal / loop.done : measured.deltas.rows! / measured.instances,
    stepsPerCommit: measured.deltas.steps! / Math.max(1, measured.deltas.commits!),
    commitsPerSecond: measured.deltas.commits! / measured.seconds,
    failed: loop.failed,
    drained,
    ...peaks,
  };
});

/**
 * The mean stored width of a table's rows (sum of the columns' lengths), read from whatever
 * columns the table has, so that the SQLite ceiling can write rows as wide as Sluice's.
 */
function averageRowBytes(store: unknown, table: string): number | undefined {
  const db = (store as { db?: { prepare(sql: string): { all(): unknown[]; get(): unknown } } }).db;
  if (!db) return undefined;
  const columns = db.prepare(`select name from pragma_table_info('${table}')`).all() as { name: string }[];
  if (columns.length === 0) return undefined;
  const width = columns.map((c) => `coalesce(length("${c.name}"), 0)`).join(' + ');
  return (
    (db.prepare(`select avg(${width}) as w from "${table}"`).get() as { w: number | null }).w ?? undefined
  );
}
