import { describe, expect, it } from 'vitest';
import type { JobHandler } from '../../src/index.js';
import {
  autoLayout,
  exportBpmn,
  importBpmn,
  type ProcessGraph,
  process,
  type ScopeBuilder,
} from '../../src/model/index.js';
import { harness } from '../support/engine.js';
import { layoutProblems } from './layout-checks.js';

/** Deploys a built graph on a fresh engine whose job handlers record the job types, in order. */
async function run(graph: ProcessGraph, results: Record<string, Record<string, unknown>> = {}) {
  const ran: string[] = [];
  const types = Object.values(graph.elements).flatMap((e) =>
    'taskType' in e && 'literal' in e.taskType ? [e.taskType.literal] : [],
  );
  const handlers: Record<string, JobHandler> = {};
  for (const type of types) {
    handlers[type] = () => {
      ran.push(type);
      return results[type];
    };
  }
  const h = await harness([], handlers);
  await h.sluice.deployGraph(graph);
  const open = async (instanceId: string): Promise<string[]> =>
    (await h.sluice.tasks({ instanceId })).items
      .filter((t) => t.state !== 'completed' && t.state !== 'cancelled')
      .map((t) => t.elementId)
      .sort();
  const complete = async (instanceId: string, elementId: string, variables = {}): Promise<void> => {
    const task = (await h.sluice.tasks({ instanceId })).items.find(
      (t) => t.elementId === elementId && t.state !== 'completed' && t.state !== 'cancelled',
    );
    await h.sluice.completeTask(task!.id, { variables });
    await h.sluice.idle();
  };
  return { ...h, ran, open, complete };
}

/** The export imports back to the same graph, and its automatic layout is drawable. */
async function exportsCleanly(graph: ProcessGraph): Promise<void> {
  expect(layoutProblems(graph, autoLayout(graph))).toEqual([]);
  const imported = await importBpmn(exportBpmn(graph));
  expect(imported.findings.filter((f) => f.severity === 'error')).toEqual([]);
  expect(imported.processes[0]?.graph?.elements).toEqual(graph.elements);
}

describe('the builder builds the constructs of issue 3, and they run and export', () => {
  it('event subprocesses: a non-interrupting message one runs beside the work, a conditional one interrupts it', async () => {
    const graph = process('support')
      .startEvent('s')
      .userTask('first')
      .userTask('second')
      .endEvent('e')
      .eventSubProcess('onPing', (sub) =>
        sub
          .startEvent('ping', { message: { name: 'ping', correlationKey: '= ticket' }, interrupting: false })
          .serviceTask('log', { type: 'log' })
          .endEvent('logged'),
      )
      .eventSubProcess('onUrgent', (sub) =>
        sub.startEvent('urgent', { conditional: '= priority > 5' }).userTask('rush').endEvent('rushed'),
      )
      .build();
    expect(graph.elements.onPing).toMatchObject({ kind: 'subProcess', triggeredByEvent: true, incoming: [] });
    expect(graph.elements.ping).toMatchObject({ interrupting: false, event: { type: 'message' } });

    const r = await run(graph);
    const { instanceId } = await r.sluice.start('support', { variables: { ticket: 'T-1', priority: 1 } });
    await r.sluice.correlate('ping', { correlationKey: 'T-1' });
    await r.sluice.idle();
    expect(r.ran).toEqual(['log']);
    expect(await r.open(instanceId)).toEqual(['first']);
    await r.complete(instanceId, 'first', { priority: 9 });
    expect(await r.open(instanceId)).toEqual(['rush']);
    await r.complete(instanceId, 'rush');
    expect(await r.status(instanceId)).toBe('completed');
    await r.sluice.close();
    await exportsCleanly(graph);
  });

  it('compensation: a boundary event with its handler, and a throw event that compensates', async () => {
    const graph = process('trip')
      .startEvent('s')
      .serviceTask('book', { type: 'book' })
      .boundaryEvent('bookComp', { attachedTo: 'book', compensate: true })
      .serviceTask('unbook', { type: 'unbook', forCompensation: true })
      .from('book')
      .intermediateThrowEvent('undo', { compensate: true })
      .endEvent('e')
      .build();
    expect(graph.elements.book).toMatchObject({ compensation: 'unbook' });
    expect(graph.elements.unbook).toMatchObject({ forCompensation: true, incoming: [], outgoing: [] });

    const r = await run(graph);
    const { instanceId } = await r.sluice.start('trip');
    await r.sluice.idle();
    expect(r.ran).toEqual(['book', 'unbook']);
    expect(await r.status(instanceId)).toBe('completed');
    await r.sluice.close();
    await exportsCleanly(graph);
  });

  it('a transaction whose cancel end event compensates its work and leaves by the cancel boundary event', async () => {
    const graph = process('payment')
      .startEvent('s')
      .transaction('pay', (t) =>
        t
          .startEvent('ts')
          .serviceTask('charge', { type: 'charge' })
          .boundaryEvent('chargeComp', { attachedTo: 'charge', compensate: true })
          .serviceTask('refund', { type: 'refund', forCompensation: true })
          .from('charge')
          .endEvent('abort', { cancel: true }),
      )
      .endEvent('paid')
      .boundaryEvent('cancelled', { attachedTo: 'pay', cancel: true })
      .endEvent('voided')
      .build();

    const r = await run(graph);
    const { instanceId } = await r.sluice.start('payment');
    await r.sluice.idle();
    expect(r.ran).toEqual(['charge', 'refund']);
    expect(await r.history(instanceId)).toContain('voided');
    expect(await r.history(instanceId)).not.toContain('paid');
    await r.sluice.close();
    await exportsCleanly(graph);
  });

  it('a complex gateway fires when two of three reviews are in', async () => {
    const graph = process('review')
      .startEvent('s')
      .parallelGateway('fork')
      .userTask('r1')
      .complexGateway('twoOfThree', { activationCondition: '= activationCount >= 2' })
      .userTask('decide')
      .endEvent('e')
      .from('fork')
      .userTask('r2')
      .to('twoOfThree')
      .from('fork')
      .userTask('r3')
      .to('twoOfThree')
      .build();

    const r = await run(graph);
    const { instanceId } = await r.sluice.start('review');
    await r.complete(instanceId, 'r1');
    expect(await r.open(instanceId)).toEqual(['r2', 'r3']);
    await r.complete(instanceId, 'r3');
    expect(await r.open(instanceId)).toEqual(['decide', 'r2']);
    await r.sluice.close();
    await exportsCleanly(graph);
  });

  it('an ad-hoc subprocess: activities are offered, not chained, and a flow inside is a partial order', async () => {
    const graph = process('orders')
      .startEvent('s')
      .adHocSubProcess('checks', { ordering: 'sequential', activation: 'chosen' }, (a) =>
        a.userTask('pick').userTask('invoice').flow('pick', 'pack').userTask('pack'),
      )
      .endEvent('e')
      .build();
    expect(Object.values(graph.flows).filter((f) => graph.elements[f.source]!.scope === 'checks')).toEqual([
      { id: 'pick-pack', source: 'pick', target: 'pack' },
    ]);

    const r = await run(graph);
    const { instanceId } = await r.sluice.start('orders');
    expect(await r.open(instanceId)).toEqual([]);
    await r.sluice.activateAdHoc(instanceId, 'checks', ['invoice']);
    await r.complete(instanceId, 'invoice');
    await r.sluice.activateAdHoc(instanceId, 'checks', ['pick']);
    await r.complete(instanceId, 'pick');
    await r.complete(instanceId, 'pack');
    expect(await r.status(instanceId)).toBe('completed');
    await r.sluice.close();
    await exportsCleanly(graph);
  });

  it('a mutex: two subprocesses of one name never run at once', async () => {
    const guarded = (id: string) => (sub: ScopeBuilder) =>
      sub.startEvent(`${id}Start`).userTask(`${id}Work`).endEvent(`${id}End`);
    const graph = process('ledger')
      .startEvent('s')
      .parallelGateway('fork')
      .subProcess('debit', { mutex: 'ledger' }, guarded('debit'))
      .parallelGateway('join')
      .endEvent('e')
      .from('fork')
      .subProcess('credit', { mutex: 'ledger' }, guarded('credit'))
      .to('join')
      .build();

    const r = await run(graph);
    const { instanceId } = await r.sluice.start('ledger');
    const first = await r.open(instanceId);
    expect(first).toHaveLength(1);
    await r.complete(instanceId, first[0]!);
    const second = await r.open(instanceId);
    expect(second).toHaveLength(1);
    expect(second).not.toEqual(first);
    await r.complete(instanceId, second[0]!);
    expect(await r.status(instanceId)).toBe('completed');
    await r.sluice.close();
    await exportsCleanly(graph);
  });

  it('reports a node after a compensation boundary event that is not marked as a handler', () => {
    const { findings } = process('p')
      .startEvent('s')
      .serviceTask('book', { type: 'book' })
      .endEvent('e')
      .boundaryEvent('bookComp', { attachedTo: 'book', compensate: true })
      .serviceTask('unbook', { type: 'unbook' })
      .check();
    expect(findings.map((f) => [f.elementId, f.message])).toContainEqual([
      'unbook',
      "'unbook' follows compensation boundary event 'bookComp', so it is its handler: give it forCompensation: true",
    ]);
  });
});
