import { describe, expect, it } from 'vitest';
import { createSluice, VirtualClock } from '../../src/index.js';
import type { EventDefinition, FlowElement, ProcessGraph } from '../../src/model/graph.js';
import { importBpmn } from '../../src/model/index.js';
import { bpmn, flows } from '../support/bpmn.js';

/**
 * The model importer does not read escalation and link events or standard loops yet, so these
 * scenarios draw the process with stand-in events and patch the compiled graph.
 */
async function patched(
  xml: string,
  patch: Record<string, Partial<FlowElement> & { event?: EventDefinition }>,
): Promise<ProcessGraph> {
  const graph = (await importBpmn(xml)).processes[0]!.graph!;
  const elements = { ...graph.elements };
  for (const [id, change] of Object.entries(patch))
    elements[id] = { ...elements[id]!, ...change } as FlowElement;
  return { ...graph, elements };
}

async function run(graph: ProcessGraph, variables = {}) {
  const sluice = await createSluice({ db: ':memory:', clock: new VirtualClock(), pollMs: 60_000 });
  await sluice.deployGraph(graph);
  sluice.run();
  const { instanceId } = await sluice.start(graph.id, { variables });
  const details = await sluice.instance(instanceId);
  const completed = details.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId);
  return { sluice, instanceId, details, completed };
}

const message = '<bpmn:messageEventDefinition messageRef="m"/>';
const messages = '<bpmn:message id="m" name="stand-in"/>';

describe('escalation events', () => {
  const model = bpmn(
    'escalating',
    `<bpmn:startEvent id="s"/>
     <bpmn:subProcess id="work"><bpmn:startEvent id="s2"/><bpmn:intermediateThrowEvent id="too-big"/><bpmn:userTask id="carry-on"/><bpmn:endEvent id="e2"/>
       ${flows('s2>too-big', 'too-big>carry-on', 'carry-on>e2')}</bpmn:subProcess>
     <bpmn:boundaryEvent id="notify" attachedToRef="work" cancelActivity="false">${message}</bpmn:boundaryEvent>
     <bpmn:userTask id="tell-manager"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e3"/>
     ${flows('s>work', 'work>e1', 'notify>tell-manager', 'tell-manager>e3')}`,
    messages,
  );

  it('are caught by a non-interrupting boundary event while the escalating path goes on', async () => {
    const graph = await patched(model, {
      'too-big': { event: { type: 'escalation', escalationCode: 'BIG' } },
      notify: { event: { type: 'escalation', escalationCode: 'BIG' } },
    });
    const { sluice } = await run(graph);
    expect((await sluice.tasks()).items.map((t) => t.elementId).sort()).toEqual(['carry-on', 'tell-manager']);
  });

  it('change nothing when nobody catches them', async () => {
    const graph = await patched(model, {
      'too-big': { event: { type: 'escalation', escalationCode: 'OTHER' } },
      notify: { event: { type: 'escalation', escalationCode: 'BIG' } },
    });
    const { sluice } = await run(graph);
    expect((await sluice.tasks()).items.map((t) => t.elementId)).toEqual(['carry-on']);
  });

  it('end the subprocess when the catching boundary event interrupts', async () => {
    const graph = await patched(model, {
      'too-big': { event: { type: 'escalation', escalationCode: 'BIG' } },
      notify: { event: { type: 'escalation', escalationCode: 'BIG' }, cancelActivity: true } as never,
    });
    const { sluice, details } = await run(graph);
    expect((await sluice.tasks()).items.map((t) => t.elementId)).toEqual(['tell-manager']);
    expect(details.history.filter((e) => e.type === 'element.cancelled').map((e) => e.elementId)).toEqual([
      'work',
    ]);
  });
});

describe('link events', () => {
  it('continue at the catch event of the same name', async () => {
    const model = bpmn(
      'linked',
      `<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="go"/>
       <bpmn:intermediateCatchEvent id="arrive">${message}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
       ${flows('s>go', 'arrive>e')}`,
      messages,
    );
    const graph = await patched(model, {
      go: { event: { type: 'link', linkName: 'page-2' } },
      arrive: { event: { type: 'link', linkName: 'page-2' } },
    });
    const { details, completed } = await run(graph);
    expect(details.status).toBe('completed');
    expect(completed).toEqual(['s', 'go', 'arrive', 'e']);
  });
});

describe('standard loops', () => {
  const model = bpmn(
    'retrying',
    `<bpmn:startEvent id="s"/><bpmn:scriptTask id="attempt"><bpmn:extensionElements><zeebe:script expression="= tries + 1" resultVariable="tries"/></bpmn:extensionElements></bpmn:scriptTask><bpmn:endEvent id="e"/>
     ${flows('s>attempt', 'attempt>e')}`,
  );

  it('run the activity again while the condition holds, up to the maximum', async () => {
    const graph = await patched(model, {
      attempt: { loop: { condition: 'tries < 3', testBefore: false } },
    });
    expect((await run(graph, { tries: 0 })).details.variables.tries).toBe(3);
    const capped = await patched(model, {
      attempt: { loop: { condition: 'true', testBefore: false, maximum: 5 } },
    });
    expect((await run(capped, { tries: 0 })).details.variables.tries).toBe(5);
  });

  it('skip the activity when a test-before condition fails at once, and run it once when a test-after one does', async () => {
    const before = await patched(model, {
      attempt: { loop: { condition: 'tries < 0', testBefore: true } },
    });
    expect((await run(before, { tries: 0 })).details.variables.tries).toBe(0);
    const after = await patched(model, {
      attempt: { loop: { condition: 'tries < 0', testBefore: false } },
    });
    expect((await run(after, { tries: 0 })).details.variables.tries).toBe(1);
  });
});
