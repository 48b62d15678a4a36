import { describe, expect, it } from 'vitest';
import { createSluice, VirtualClock } from '../../src/index.js';
import type { EventDefinition, FlowElement, ProcessGraph } from '../../src/model/graph.js';
import { importBpmn } from '../../src/model/index.js';
import { bpmn, flows } from '../support/bpmn.js';

/** The importer does not read signal events yet: draw message stand-ins and patch the graph. */
async function patched(xml: string, patch: Record<string, EventDefinition>): Promise<ProcessGraph> {
  const graph = (await importBpmn(xml)).processes[0]!.graph!;
  const elements = { ...graph.elements };
  for (const [id, event] of Object.entries(patch)) elements[id] = { ...elements[id]!, event } as FlowElement;
  return { ...graph, elements };
}

const stop: EventDefinition = { type: 'signal', signalName: { literal: 'stop-all' } };
const stand = '<bpmn:messageEventDefinition messageRef="m"/>';
const messages = '<bpmn:message id="m" name="stand-in"/>';

const waiting = bpmn(
  'waiter',
  `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="stopped">${stand}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>${flows('s>stopped', 'stopped>e')}`,
  messages,
);
const throwing = bpmn(
  'thrower',
  `<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="shout"/><bpmn:endEvent id="e"/>${flows('s>shout', 'shout>e')}`,
);
const starting = bpmn(
  'cleanup',
  `<bpmn:startEvent id="on-stop">${stand}</bpmn:startEvent><bpmn:endEvent id="e"/>${flows('on-stop>e')}`,
  messages,
);
const watching = bpmn(
  'watcher',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="work"/><bpmn:boundaryEvent id="heard" attachedToRef="work" cancelActivity="false">${stand}</bpmn:boundaryEvent>
   <bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>${flows('s>work', 'work>e', 'heard>e2')}`,
  messages,
);

async function setup() {
  const sluice = await createSluice({ db: ':memory:', clock: new VirtualClock(), pollMs: 60_000 });
  await sluice.deployGraph(await patched(waiting, { stopped: stop }));
  await sluice.deployGraph(await patched(throwing, { shout: stop }));
  await sluice.deployGraph(await patched(starting, { 'on-stop': stop }));
  await sluice.deployGraph(await patched(watching, { heard: stop }));
  sluice.run();
  return sluice;
}

describe('signal events', () => {
  it('reach every waiting instance and start every process listening, when thrown by a process', async () => {
    const sluice = await setup();
    const waiters = await Promise.all([1, 2, 3].map(() => sluice.start('waiter')));
    const watcher = await sluice.start('watcher');
    await sluice.start('thrower');
    await sluice.idle();
    for (const { instanceId } of waiters)
      expect((await sluice.instance(instanceId)).status).toBe('completed');
    expect((await sluice.instances({ processId: 'cleanup' })).items).toHaveLength(1);
    const watched = await sluice.instance(watcher.instanceId);
    expect(watched.status).toBe('active'); // non-interrupting: the task goes on
    expect(watched.history.filter((e) => e.type === 'signal.received').map((e) => e.elementId)).toEqual([
      'heard',
    ]);
    expect(await sluice.store.pendingSignals(10)).toEqual([]);
  });

  it('can be sent from outside, and a non-interrupting listener hears every one', async () => {
    const sluice = await setup();
    const watcher = await sluice.start('watcher');
    expect(await sluice.signal('stop-all')).toEqual({ delivered: 2 }); // the watcher and the cleanup start
    await sluice.signal('stop-all');
    const heard = (await sluice.instance(watcher.instanceId)).history.filter(
      (e) => e.type === 'signal.received',
    );
    expect(heard).toHaveLength(2);
    expect(await sluice.signal('nobody-listens')).toEqual({ delivered: 0 });
  });
});
