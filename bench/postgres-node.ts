/**
 * One engine node of the PostgreSQL benchmark, in a process of its own: a closed loop of
 * 10-task straight-through instances on the database it is given, counted when they complete.
 * Several of these run at once against one database for the many-node figure.
 */
import { createSluice } from '../src/engine/engine.js';
import type { StepRecord } from '../src/store/store.js';
import { ClosedLoop, caseParams, models, readModel, runCase } from './lib/harness.js';

interface Params {
  readonly db: string;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly inFlight: number;
  readonly rampMs: number;
}

runCase(async () => {
  const params = caseParams<Params>();
  const model = models['straight-through'];
  const sluice = await createSluice({ db: params.db, handlers: { noop: async () => {} } });
  await sluice.deploy([{ name: model.file, content: readModel('straight-through') }]);
  const store = sluice.store;
  const commit = store.commit.bind(store);
  let commits = 0;
  let steps = 0;
  (store as { commit: typeof store.commit }).commit = (batch: readonly StepRecord[], now: number) => {
    commits++;
    steps += batch.length;
    return commit(batch, now);
  };
  const loop = new ClosedLoop(
    params.inFlight,
    () => void sluice.start(model.processId).catch((error: unknown) => loop.fail(error)),
    params.rampMs,
  );
  sluice.onEvents((_events, state) => {
    if (state.status === 'completed') loop.complete();
  });
  sluice.run();
  const measured = await loop.measure(params.warmupMs, params.measureMs, () => ({ commits, steps }));
  await loop.drain(60_000);
  await sluice.close();
  return {
    ...measured,
    stepsPerCommit: measured.deltas.steps! / Math.max(1, measured.deltas.commits!),
    failed: loop.failed,
  };
});
