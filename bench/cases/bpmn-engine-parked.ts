/**
 * Memory of parked instances in bpmn-engine, which keeps a waiting instance in memory as a
 * live Engine: `count` engines are run to the user task and held. Measured like
 * sluice-parked.ts: RSS and heap after full collections, before the first and after the last,
 * and the second half's growth as the marginal cost.
 */
import { EventEmitter } from 'node:events';
import type { Engine } from 'bpmn-engine';
import { newEngine, serializeSource } from '../lib/bpmn-engine-setup.js';
import { caseParams, readModel, runCase, settleHeap } from '../lib/harness.js';

interface Params {
  readonly count: number;
}

runCase(async () => {
  const params = caseParams<Params>();
  const sourceContext = await serializeSource(readModel('user-task'));
  const parked: Engine[] = [];
  const park = async (): Promise<void> => {
    const engine = newEngine(sourceContext, `i${parked.length}`);
    const listener = new EventEmitter();
    const waiting = new Promise<void>((resolve) => listener.once('wait', () => resolve()));
    await engine.execute({ listener });
    await waiting;
    parked.push(engine);
  };
  await park(); // warm-up, not counted
  const before = await settleHeap();
  const halfCount = Math.floor(params.count / 2);
  const t0 = performance.now();
  for (let i = 0; i < halfCount; i++) await park();
  const half = await settleHeap();
  for (let i = halfCount; i < params.count; i++) await park();
  const seconds = (performance.now() - t0) / 1000;
  const after = await settleHeap();
  const waiting = parked.filter((engine) => String(engine.state) === 'running').length;
  return {
    engine: 'bpmn-engine',
    parked: params.count,
    waiting,
    startSeconds: seconds,
    before,
    half,
    after,
    rssPerInstance: (after.rss - before.rss) / params.count,
    heapPerInstance: (after.heapUsed - before.heapUsed) / params.count,
    marginalRssPerInstance: (after.rss - half.rss) / (params.count - halfCount),
    marginalHeapPerInstance: (after.heapUsed - half.heapUsed) / (params.count - halfCount),
  };
});
