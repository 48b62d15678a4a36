/**
 * `node --import tsx bench/workers.ts [--jobs N] [--workers W]`: external workers on loopback.
 * A Sluice server runs as a process of its own (file SQLite, synchronous=NORMAL); N instances
 * each wait in a service task; then W workers built with sluice/worker (in this process, each
 * with concurrency 32 and fetches of up to 100 jobs) fetch, lock and complete them all. Prints
 * jobs/s fetched and completed against the target (2,000/s with 4 workers), and beside it the
 * rate the same server started the instances at, so the figure reads as a ratio on any machine.
 */
import { performance } from 'node:perf_hooks';
import { createWorker } from '../src/worker/worker.js';
import { bpmn, flows } from '../test/support/bpmn.js';
import { startServerProcess } from '../test/worker/server-process.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const jobs = arg('jobs', 8000);
const workers = arg('workers', 4);

const model = bpmn(
  'bench',
  `<bpmn:startEvent id="s"/><bpmn:serviceTask id="work"><bpmn:extensionElements>
     <zeebe:taskDefinition type="bench-work"/></bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:endEvent id="e"/>${flows('s>work', 'work>e')}`,
);

const server = await startServerProcess(model);
try {
  let started = 0;
  const startAt = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (started < jobs) {
        started++;
        const answer = await server.post('/api/v1/instances', {
          processId: 'bench',
          variables: { n: started },
        });
        if (answer.status !== 201) throw new Error(`start failed: ${JSON.stringify(answer.body)}`);
      }
    }),
  );
  const startSeconds = (performance.now() - startAt) / 1000;

  const pool = Array.from({ length: workers }, (_, i) =>
    createWorker({
      baseUrl: server.url,
      apiKey: server.apiKey,
      workerId: `bench-${i}`,
      concurrency: 32,
      waitMs: 1000,
    }).subscribe('bench-work', (job) => ({ done: job.variables.n })),
  );
  const workAt = performance.now();
  for (const worker of pool) worker.start();
  const completed = () => pool.reduce((sum, w) => sum + w.counts.completed, 0);
  while (completed() < jobs) await new Promise((resolve) => setTimeout(resolve, 20));
  const workSeconds = (performance.now() - workAt) / 1000;
  await Promise.all(pool.map((w) => w.stop()));

  const perSecond = jobs / workSeconds;
  const startsPerSecond = jobs / startSeconds;
  const result = {
    jobs,
    workers,
    jobsPerSecond: Math.round(perSecond),
    target: 2000,
    targetMet: perSecond > 2000,
    startsPerSecondOverHttp: Math.round(startsPerSecond),
    ratioJobsToStarts: Number((perSecond / startsPerSecond).toFixed(2)),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await server.stop();
}
