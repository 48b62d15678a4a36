/**
 * One engine node of the chaos harness, run as a child process and SIGKILLed at random. It
 * starts its share of the instances (by business key, skipping those that exist), completes
 * open review tasks, and runs jobs and timers. Handlers record each run in chaos_side_effects
 * with the job id and attempt before they return, retrying while the database is away, as an
 * idempotent client of an outside system would. Acknowledged starts go to a file with a
 * synchronous append, which a SIGKILL cannot undo. Exits 0 once every instance has completed.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createSluice, type JobContext } from '../../src/index.js';

const [url, logDir, totalText, nodeText, nodesText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const total = Number(totalText);
const node = Number(nodeText);
const nodes = Number(nodesText);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const outside = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2000 });
outside.on('error', () => undefined);

const handler = (element: string) => async (job: JobContext) => {
  for (let tries = 0; ; tries++) {
    try {
      await outside.query(
        'insert into chaos_side_effects (job_id, attempt, instance_id, element, node, at) values ($1, $2, $3, $4, $5, $6)',
        [job.id, job.attempt, job.instanceId, element, node, Date.now()],
      );
      return { [element]: job.attempt };
    } catch (error) {
      if (tries > 300) throw error;
      await sleep(200);
    }
  }
};

const sluice = await createSluice({
  db: url,
  nodeId: `chaos-${node}-${process.pid}`,
  handlers: { prepare: handler('prepare'), finish: handler('finish') },
  pollMs: 250,
  executor: { leaseMs: 5000, pollMs: 250, concurrency: 32 },
  cluster: { heartbeatMs: 1000 },
});
await sluice.deploy([
  {
    name: 'kill-model.bpmn',
    content: readFileSync(new URL('../durability/kill-model.bpmn', import.meta.url)),
  },
]);
sluice.run();

async function existingKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await sluice.instances({ processId: 'durable', limit: 1000, ...(after && { after }) });
    for (const i of page.items) if (i.businessKey) keys.add(i.businessKey);
    if (!page.next) return keys;
    after = page.next;
  }
}

/** Starts one instance unless it exists; after a failed start, looks again before retrying. */
async function startOnce(businessKey: string): Promise<void> {
  for (;;) {
    try {
      const { instanceId } = await sluice.start('durable', { businessKey, variables: { businessKey } });
      appendFileSync(join(logDir, `acks-${node}.log`), `${businessKey} ${instanceId}\n`);
      return;
    } catch {
      await sleep(200);
      const found = await sluice.instances({ businessKey, limit: 1 }).catch(() => undefined);
      if (found && found.items.length > 0) return;
    }
  }
}

const existing = await existingKeys();
const mine = Array.from({ length: total }, (_, i) => i)
  .filter((i) => i % nodes === node)
  .map((i) => `k${i}`)
  .filter((k) => !existing.has(k));
for (let i = 0; i < mine.length; i += 50) await Promise.all(mine.slice(i, i + 50).map(startOnce));

for (;;) {
  try {
    const tasks = await sluice.tasks({ limit: 200 });
    await Promise.all(
      tasks.items.map((t) => sluice.completeTask(t.id, { actor: `node-${node}` }).catch(() => undefined)),
    );
    const active = await sluice.instances({ status: 'active', limit: 1 });
    if (active.items.length === 0 && tasks.items.length === 0 && (await existingKeys()).size >= total) break;
  } catch {
    // the database is away: look again
  }
  await sleep(100);
}
await sluice.close();
await outside.end();
process.exit(0);
