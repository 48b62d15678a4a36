import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSluice } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-nodes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = readFileSync(new URL('../durability/kill-model.bpmn', import.meta.url));

describe('two engines on one database file', () => {
  it('share the work without losing or repeating a step', { timeout: 60_000 }, async () => {
    const db = join(dir, 'shared.db');
    const ran: string[] = [];
    const handlers = (node: string) => ({
      prepare: (job: { instanceId: string }) => void ran.push(`${node} ${job.instanceId} prepare`),
      finish: (job: { instanceId: string }) => void ran.push(`${node} ${job.instanceId} finish`),
    });
    const a = await createSluice({ db, handlers: handlers('a'), pollMs: 50, executor: { pollMs: 50 } });
    const b = await createSluice({ db, handlers: handlers('b'), pollMs: 50, executor: { pollMs: 50 } });
    await a.deploy([{ name: 'm.bpmn', content: model }]);
    a.run();
    b.run();
    const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).start('durable')));

    // Node b completes every review while node a may be moving the same instances on.
    for (let round = 0; round < 200; round++) {
      const open = await b.tasks({ limit: 500 });
      await Promise.all(open.items.map((t) => b.completeTask(t.id).catch(() => undefined)));
      const active = await a.instances({ status: 'active', limit: 1 });
      if (active.items.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const { instanceId } of ids) {
      const details = await a.instance(instanceId);
      expect(details.status).toBe('completed');
      const completed = details.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId);
      expect(completed.sort()).toEqual([
        'end',
        'finish',
        'join',
        'prepare',
        'review',
        'split',
        'start',
        'wait',
      ]);
    }
    expect(ran.filter((r) => r.endsWith('prepare'))).toHaveLength(100);
    expect(new Set(ran.map((r) => r.split(' ')[0]))).toEqual(new Set(['a', 'b']));
    await a.close();
    await b.close();
  });

  it(
    'judge a command afresh when another process moved the instance on since this node cached it',
    { timeout: 30_000 },
    async () => {
      const db = join(dir, 'stale.db');
      const model = `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="a"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:userTask id="u"/><bpmn:serviceTask id="b"><bpmn:extensionElements><zeebe:taskDefinition type="b"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a"/><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="u"/>
    <bpmn:sequenceFlow id="f3" sourceRef="u" targetRef="b"/><bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`;
      // The worker node caches the instance after running `a`; a CLI-like node with no handlers
      // completes the user task, creating job `b`, which the worker then acquires by polling.
      const worker = await createSluice({
        db,
        handlers: { a: () => undefined, b: () => ({ done: true }) },
        pollMs: 20,
        executor: { pollMs: 20 },
      });
      const cli = await createSluice({ db });
      await worker.deploy([{ name: 'p.bpmn', content: model }]);
      worker.run();
      const { instanceId } = await worker.start('p');
      await worker.idle();
      const [task] = (await cli.tasks()).items;
      await cli.completeTask(task!.id);
      for (let i = 0; i < 100 && (await worker.instance(instanceId)).status === 'active'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await worker.instance(instanceId)).status).toBe('completed');
      expect((await worker.instance(instanceId)).variables).toEqual({ done: true });
      await worker.close();
      await cli.close();
    },
  );
});
