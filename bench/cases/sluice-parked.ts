/**
 * Memory of parked instances: `count` instances started and left waiting at a user task.
 * RSS and V8 heap are read after full collections (node --expose-gc) once before the first
 * start and once after the last commit, with the engine still open. Invariant 8 says waiting
 * instances live in the store, so the difference should not scale with `count`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createSluice } from '../../src/engine/engine.js';
import { ClosedLoop, caseParams, models, readModel, runCase, settleHeap, tempDir } from '../lib/harness.js';

interface Params {
  readonly count: number;
  readonly inFlight: number;
}

runCase(async () => {
  const params = caseParams<Params>();
  const dir = tempDir('parked');
  const sluice = await createSluice({ db: join(dir.path, 'sluice.db') });
  await sluice.deploy([{ name: models['user-task'].file, content: readModel('user-task') }]);
  sluice.run();
  const { processId } = models['user-task'];
  // One instance first (not counted), so code paths, statements and caches exist before the baseline.
  await sluice.start(processId);
  await sluice.idle();
  const before = await settleHeap();

  // Snapshots at half and at the full count: the second half's growth is the marginal cost
  // of a parked instance, free of fixed costs that fill up early (page cache, allocator).
  const halfCount = Math.floor(params.count / 2);
  const t0 = performance.now();
  await startParked(halfCount);
  const half = await settleHeap();
  await startParked(params.count - halfCount);
  const seconds = (performance.now() - t0) / 1000;
  await sluice.idle();
  const after = await settleHeap();

  async function startParked(count: number): Promise<void> {
    let launched = 0;
    await new Promise<void>((resolve, reject) => {
      const loop: ClosedLoop = new ClosedLoop(params.inFlight, () => {
        if (launched >= count) return;
        launched++;
        sluice.start(processId).then(
          () => {
            loop.complete();
            if (loop.done === count) resolve();
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      });
      loop.fill();
    });
  }

  const db = (sluice.store as unknown as { db: { prepare(sql: string): { get(): unknown } } }).db;
  const open = (db.prepare("select count(*) as n from tasks where state = 'open'").get() as { n: number }).n;
  const pageCache = db.prepare('pragma cache_size').get() as { cache_size: number };
  await sluice.close();
  // After close the WAL is checkpointed into the main file: that file is what the instances take.
  const dbBytes = statSync(join(dir.path, 'sluice.db')).size;
  dir.dispose();
  return {
    engine: 'sluice',
    parked: params.count,
    openTasks: open, // the parked ones and the warm-up instance
    startSeconds: seconds,
    before,
    after,
    half,
    /** SQLite's page cache limit (negative: KiB): a bounded part of the RSS growth. */
    cacheSize: pageCache.cache_size,
    dbBytesPerInstance: dbBytes / params.count,
    rssPerInstance: (after.rss - before.rss) / params.count,
    heapPerInstance: (after.heapUsed - before.heapUsed) / params.count,
    marginalRssPerInstance: (after.rss - half.rss) / (params.count - halfCount),
    marginalHeapPerInstance: (after.heapUsed - half.heapUsed) / (params.count - halfCount),
  };
});
