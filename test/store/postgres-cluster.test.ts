/**
 * Many nodes on one PostgreSQL database (always on PostgreSQL, whatever DB says): migrations
 * when nodes start together, branches of one instance arriving at a join from two nodes at
 * once, idle nodes woken by NOTIFY, and the timer duty held by one node at a time.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSluice, type Sluice } from '../../src/index.js';
import { createTestDatabase } from '../support/test-database.js';

let database: { url: string; drop: () => Promise<void> };
const engines: Sluice[] = [];
beforeAll(async () => {
  database = await createTestDatabase('sluice_cluster');
});
afterAll(async () => {
  for (const engine of engines) await engine.close();
  await database.drop();
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const flow = (id: string, body: string, flows: [string, string][]): string => `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" isExecutable="true">${body}
    ${flows.map(([s, t], i) => `<bpmn:sequenceFlow id="f${i}" sourceRef="${s}" targetRef="${t}"/>`).join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;

async function engine(options: Parameters<typeof createSluice>[0] = {}): Promise<Sluice> {
  const sluice = await createSluice({ db: database.url, ...options });
  engines.push(sluice);
  return sluice;
}

describe('several nodes on one PostgreSQL database', () => {
  it(
    'migrate once when four processes open a new database at the same moment',
    { timeout: 120_000 },
    async () => {
      const fresh = await createTestDatabase('sluice_migrate');
      try {
        const script = `import { openPostgresStore } from ${JSON.stringify(new URL('../../src/store/postgres/postgres-store.ts', import.meta.url).pathname)};
        const store = await openPostgresStore({ connectionString: ${JSON.stringify(fresh.url)} }); await store.close();`;
        const runs = await Promise.all(
          Array.from(
            { length: 4 },
            () =>
              new Promise<{ code: number | null; stderr: string }>((resolve) => {
                const child = spawn(
                  process.execPath,
                  ['--import', 'tsx', '--input-type=module', '-e', script],
                  {
                    stdio: ['ignore', 'ignore', 'pipe'],
                  },
                );
                let stderr = '';
                child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
                child.on('exit', (code) => resolve({ code, stderr }));
              }),
          ),
        );
        expect(runs).toEqual(Array.from({ length: 4 }, () => ({ code: 0, stderr: '' })));
      } finally {
        await fresh.drop();
      }
    },
  );

  it(
    'join two branches completed on two nodes at the same moment, each once',
    { timeout: 120_000 },
    async () => {
      const model = flow(
        'join-race',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/><bpmn:userTask id="a"/><bpmn:userTask id="b"/>
       <bpmn:parallelGateway id="join"/><bpmn:endEvent id="e"/>`,
        [
          ['s', 'split'],
          ['split', 'a'],
          ['split', 'b'],
          ['a', 'join'],
          ['b', 'join'],
          ['join', 'e'],
        ],
      );
      const one = await engine();
      const two = await engine();
      await one.deploy([{ name: 'join.bpmn', content: model }]);
      const ids = await Promise.all(Array.from({ length: 40 }, () => one.start('join-race')));
      await Promise.all(
        ids.map(async ({ instanceId }) => {
          const tasks = (await one.tasks({ instanceId })).items;
          const a = tasks.find((t) => t.elementId === 'a')!;
          const b = tasks.find((t) => t.elementId === 'b')!;
          await Promise.all([one.completeTask(a.id), two.completeTask(b.id)]);
        }),
      );
      for (const { instanceId } of ids) {
        const details = await two.instance(instanceId);
        expect(details.status).toBe('completed');
        const completed = details.history
          .filter((e) => e.type === 'element.completed')
          .map((e) => e.elementId);
        expect(completed.filter((e) => e === 'join')).toHaveLength(1);
        expect(completed.filter((e) => e === 'e')).toHaveLength(1);
      }
    },
  );

  it('wake an idle node at once when another node writes a job for it', { timeout: 60_000 }, async () => {
    const model = flow(
      'wake-up',
      `<bpmn:startEvent id="s"/><bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="remote"/></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e"/>`,
      [
        ['s', 't'],
        ['t', 'e'],
      ],
    );
    // The worker polls once a minute: only the announcement can make it run the job in time.
    const worker = await engine({
      handlers: { remote: () => ({ ran: true }) },
      pollMs: 60_000,
      executor: { pollMs: 60_000 },
    });
    const starter = await engine();
    await starter.deploy([{ name: 'wake.bpmn', content: model }]);
    worker.run();
    await sleep(500); // the worker's first poll has passed
    const { instanceId } = await starter.start('wake-up');
    let status = 'active';
    for (let i = 0; i < 100 && status === 'active'; i++) {
      await sleep(100);
      status = (await starter.instance(instanceId)).status;
    }
    expect(status).toBe('completed');
  });

  it(
    'let one node at a time fire timers, and another take over when it goes',
    { timeout: 60_000 },
    async () => {
      for (const earlier of engines.splice(0)) await earlier.close(); // they hold the duty otherwise
      const cluster = { heartbeatMs: 200 };
      const first = await engine({ nodeId: 'first', cluster });
      const second = await engine({ nodeId: 'second', cluster });
      first.run();
      await sleep(600);
      second.run();
      await sleep(800);
      const holders = async (): Promise<string[]> =>
        (await second.store.listNodes(Date.now()))
          .filter((n) => n.alive && n.singletons.includes('timers'))
          .map((n) => n.id);
      expect(await holders()).toEqual(['first']);
      await first.close();
      engines.splice(engines.indexOf(first), 1);
      let now: string[] = [];
      for (let i = 0; i < 50 && !now.includes('second'); i++) {
        await sleep(200);
        now = await holders();
      }
      expect(now).toContain('second');
    },
  );
});
