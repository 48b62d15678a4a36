/**
 * The process the kill test SIGKILLs. It deploys the model, starts the instances that do not
 * exist yet (by business key), completes open review tasks, and runs jobs and timers. It logs
 * each acknowledged start and each handler run with a synchronous append (a SIGKILL cannot undo a write that returned), so the test can check
 * afterwards that nothing acknowledged was lost and that every handler ran at least once.
 * It exits 0 once every instance has completed.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSluice } from '../../src/index.js';

const [dbPath, logDir, totalText] = process.argv.slice(2) as [string, string, string];
const total = Number(totalText);
const log = (file: string, line: string): void => appendFileSync(join(logDir, file), `${line}\n`);

const handler = (name: string) => (job: { instanceId: string; attempt: number }) => {
  log('handlers.log', `${job.instanceId} ${name} ${job.attempt}`);
};

const sluice = await createSluice({
  db: dbPath,
  handlers: { prepare: handler('prepare'), finish: handler('finish') },
  pollMs: 100,
  executor: { leaseMs: 1500, pollMs: 100 },
});
await sluice.deploy([
  { name: 'kill-model.bpmn', content: readFileSync(new URL('./kill-model.bpmn', import.meta.url)) },
]);
sluice.run();
log('runs.log', `started ${process.pid}`);

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

const existing = await existingKeys();
const missing = Array.from({ length: total }, (_, i) => `k${i}`).filter((k) => !existing.has(k));
for (let i = 0; i < missing.length; i += 50) {
  await Promise.all(
    missing.slice(i, i + 50).map(async (businessKey) => {
      const { instanceId } = await sluice.start('durable', { businessKey, variables: { businessKey } });
      log('acks.log', `${businessKey} ${instanceId}`);
    }),
  );
}

for (;;) {
  const tasks = await sluice.tasks({ limit: 200 });
  await Promise.all(
    tasks.items.map((t) => sluice.completeTask(t.id, { actor: 'reviewer' }).catch(() => undefined)),
  );
  const active = await sluice.instances({ status: 'active', limit: 1 });
  if (active.items.length === 0 && tasks.items.length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await sluice.close();
process.exit(0);
