import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const simple = bpmn(
  'simple',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="u"/><bpmn:endEvent id="e"/>${flows('s>u', 'u>e')}`,
);

async function snapshot(h: Awaited<ReturnType<typeof harness>>) {
  return {
    definitions: await h.sluice.definitions(),
    instances: (await h.sluice.instances()).items,
    tasks: (await h.sluice.tasks({ state: 'open' })).items,
    completed: (await h.sluice.tasks({ state: 'completed' })).items,
  };
}

describe('bad input gets a clear error and changes nothing', () => {
  it('malformed XML names the line and deploys nothing', async () => {
    const h = await harness([simple]);
    const before = await snapshot(h);
    const broken = simple.replace('<bpmn:userTask id="u"/>', '<bpmn:userTask id="u">');
    const error = await h.sluice.deploy([{ name: 'broken.bpmn', content: broken }]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-invalid' });
    const findings = (error as { findings: { line?: number; message: string; severity: string }[] }).findings;
    expect(findings.some((f) => f.line !== undefined && f.severity === 'error')).toBe(true);
    expect(await snapshot(h)).toEqual(before);
  });

  it('a model with several errors lists every one of them', async () => {
    const h = await harness([simple]);
    const bad = bpmn(
      'bad',
      `<bpmn:startEvent id="s"/><bpmn:serviceTask id="t"/><bpmn:exclusiveGateway id="g"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
      ${flows('s>t', 't>g', 'g>e1?x >', 'g>e2?y = 1')}`,
    );
    const error = (await h.sluice.deploy([{ name: 'bad.bpmn', content: bad }]).catch((e: unknown) => e)) as {
      findings: { elementId?: string; severity: string }[];
    };
    const errors = error.findings.filter((f) => f.severity === 'error').map((f) => f.elementId);
    expect(errors).toEqual(expect.arrayContaining(['t', 'f_g_e1']));
  });

  it('an unknown process id says which and how to find the right one', async () => {
    const h = await harness([simple]);
    const before = await snapshot(h);
    await expect(h.sluice.start('nope')).rejects.toThrow("no process with id 'nope' is deployed");
    expect(await snapshot(h)).toEqual(before);
  });

  it('completing a completed task says it is completed and changes nothing', async () => {
    const h = await harness([simple]);
    await h.sluice.start('simple');
    const [task] = (await h.sluice.tasks()).items;
    await h.sluice.completeTask(task!.id, { actor: 'kim' });
    const before = await snapshot(h);
    await expect(h.sluice.completeTask(task!.id)).rejects.toThrow(`task '${task!.id}' is completed already`);
    await expect(h.sluice.completeTask('no-such-task')).rejects.toThrow("no task has id 'no-such-task'");
    expect(await snapshot(h)).toEqual(before);
  });

  it('deploying identical content again returns the existing version', async () => {
    const h = await harness([]);
    const first = await h.sluice.deploy([{ name: 'a.bpmn', content: simple }]);
    const again = await h.sluice.deploy([{ name: 'a.bpmn', content: simple }]);
    expect(first.deployed).toEqual([{ processId: 'simple', version: 1, created: true }]);
    expect(again.deployed).toEqual([{ processId: 'simple', version: 1, created: false }]);
    const changed = await h.sluice.deploy([
      { name: 'a.bpmn', content: simple.replace('id="u"', 'id="u" name="Review"') },
    ]);
    expect(changed.deployed).toEqual([{ processId: 'simple', version: 2, created: true }]);
  });

  it('a running instance stays on the version it started on', async () => {
    const h = await harness([simple]);
    const { instanceId } = await h.sluice.start('simple');
    await h.sluice.deploy([
      { name: 'b.bpmn', content: simple.replace('<bpmn:userTask id="u"/>', '<bpmn:manualTask id="u"/>') },
    ]);
    expect((await h.sluice.instance(instanceId)).version).toBe(1);
    const second = await h.sluice.start('simple');
    expect(second.state.status).toBe('completed');
    expect((await h.sluice.instance(instanceId)).status).toBe('active');
  });
});
