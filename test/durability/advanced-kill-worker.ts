/**
 * The process the advanced kill test SIGKILLs: as kill-worker.ts, on the model of
 * advanced-kill-model.ts. It starts the instances that do not exist yet (by business key),
 * completes open review tasks with an amount that triggers the event subprocess, and runs the
 * jobs. Acknowledged starts and handler runs are logged with synchronous appends. It exits 0
 * once every instance has ended.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSluice, type JobHandler } from '../../src/index.js';
import { advancedModel, jobTypes, processId } from './advanced-kill-model.js';

const [dbPath, logDir, totalText] = process.argv.slice(2) as [string, string, string];
const total = Number(totalText);
const log = (file: string, line: string): void => appendFileSync(join(logDir, file), `${line}\n`);

const handlers: Record<string, JobHandler> = {};
for (const type of jobTypes) {
  handlers[type] = (job) => log('handlers.log', `${job.instanceId} ${type} ${job.attempt}`);
}
const sluice = await createSluice({
  db: dbPath,
  handlers,
  pollMs: 100,
  executor: { leaseMs: 1500, pollMs: 100 },
});
await sluice.deployGraph(advancedModel());
sluice.run();

async function existingKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await sluice.instances({ processId, limit: 1000, ...(after && { after }) });
    for (const i of page.items) if (i.businessKey) keys.add(i.businessKey);
    if (!page.next) return keys;
    after = page.next;
  }
}

const existing = await existingKeys();
const missing = Array.from({ length: total }, (_, i) => `k${i}`).filter((k) => !existing.has(k));
for (let i = 0; i < missing.length; i += 50) {
  await Promise.all(
    missing.slice(i, i + 50).map(async (businessKey) => {
      const { instanceId } = await sluice.start(processId, { businessKey, variables: { amount: 0 } });
      log('acks.log', `${businessKey} ${instanceId}`);
    }),
  );
}

for (;;) {
  const tasks = await sluice.tasks({ limit: 200 });
  await Promise.all(
    tasks.items.map((t) =>
      sluice
        .completeTask(t.id, { actor: 'reviewer', variables: { approved: true, amount: 2000 } })
        .catch(() => undefined),
    ),
  );
  const active = await sluice.instances({ status: 'active', limit: 1 });
  if (active.items.length === 0 && tasks.items.length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await sluice.close();
process.exit(0);
