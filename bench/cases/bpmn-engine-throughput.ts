/**
 * bpmn-engine throughput, in memory, on the same BPMN files: a closed loop keeps `inFlight`
 * engines running. For the service-task models an instance counts at the engine's `end`; for
 * the user-task model, when the execution waits at the user task (the engine is then dropped).
 * Given several in-flight levels, each gets a short trial and the best one is measured: the
 * engine runs on one thread's microtasks, and more concurrency mostly adds garbage.
 */
import { EventEmitter } from 'node:events';
import { newEngine, type SourceContext, serializeSource } from '../lib/bpmn-engine-setup.js';
import { ClosedLoop, type ModelName, caseParams, memorySampler, readModel, runCase } from '../lib/harness.js';

interface Params {
  readonly model: ModelName;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly inFlight: number | readonly number[];
  readonly trialMs?: number;
}

function closedLoop(sourceContext: SourceContext, parks: boolean, inFlight: number): ClosedLoop {
  let n = 0;
  const loop: ClosedLoop = new ClosedLoop(inFlight, () => {
    const engine = newEngine(sourceContext, `i${n++}`);
    // Activity events go to the execution's listener, not to the engine.
    const listener = new EventEmitter();
    if (parks) listener.once('wait', () => loop.complete());
    else engine.once('end', () => loop.complete());
    engine.once('error', (error: unknown) => loop.fail(error));
    engine.execute({ listener }).catch((error: unknown) => loop.fail(error));
  });
  return loop;
}

runCase(async () => {
  const params = caseParams<Params>();
  const sourceContext = await serializeSource(readModel(params.model));
  const parks = params.model === 'user-task';
  const levels = typeof params.inFlight === 'number' ? [params.inFlight] : params.inFlight;

  const trials: { inFlight: number; perSecond: number }[] = [];
  if (levels.length > 1) {
    for (const inFlight of levels) {
      const loop = closedLoop(sourceContext, parks, inFlight);
      const trial = await loop.measure(params.trialMs ?? 1000, params.trialMs ?? 1000);
      await loop.drain(30_000);
      trials.push({ inFlight, perSecond: trial.perSecond });
    }
  }
  const best =
    trials.length > 0 ? trials.reduce((a, b) => (b.perSecond > a.perSecond ? b : a)).inFlight : levels[0]!;

  const loop = closedLoop(sourceContext, parks, best);
  const memory = memorySampler();
  const measured = await loop.measure(params.warmupMs, params.measureMs);
  const peaks = memory.stop();
  const drained = await loop.drain(30_000);
  return {
    engine: 'bpmn-engine',
    model: params.model,
    inFlight: best,
    trials,
    ...measured,
    failed: loop.failed,
    drained,
    ...peaks,
  };
});
