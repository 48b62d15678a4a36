import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type DiagramLayout,
  type ProcessGraph,
  autoLayout,
  exportBpmn,
  importBpmn,
  process,
  validateProcess,
} from '../../src/model/index.js';
import { layoutProblems } from './layout-checks.js';
import { randomProcess } from './random-processes.js';

/** Imports exported XML: the one process it holds, and the findings. */
async function reimport(xml: string) {
  const imported = await importBpmn(xml);
  expect(imported.parsed).toBe(true);
  expect(imported.processes).toHaveLength(1);
  return { process: imported.processes[0]!, findings: imported.findings };
}

/** What a finding says, without where it was found: positions differ between files. */
const gist = (f: { severity: string; message: string; elementId?: string }) => [
  f.severity,
  f.elementId,
  f.message,
];

/** Exports, imports again and expects the same graph, with no finding the graph did not have. */
async function expectRoundTrip(graph: ProcessGraph, layout?: DiagramLayout): Promise<DiagramLayout> {
  const xml = exportBpmn(graph, layout ? { layout } : {});
  const { process: imported, findings } = await reimport(xml);
  expect(imported.graph).toStrictEqual(graph);
  expect(findings.map(gist)).toEqual(validateProcess(graph).map(gist));
  return imported.layout!;
}

const order = () =>
  process('order', { name: 'Order' })
    .startEvent('start', { name: 'Order placed' })
    .serviceTask('charge', {
      type: 'charge-card',
      retries: 5,
      inputs: [{ source: '=amount', target: 'sum' }],
      outputs: [{ source: 'receipt.id', target: 'receiptId' }],
      headers: { currency: 'EUR', 'retry-after': 'PT1M' },
    })
    .exclusiveGateway('paid', { name: 'Paid?' })
    .flow('paid', 'fulfil', { condition: '= paid = true', name: 'yes' })
    .inclusiveGateway('fulfil')
    .from('fulfil', { condition: 'physical' })
    .scriptTask('pack', { script: '=items * 2', resultVariable: 'boxes' })
    .inclusiveGateway('join')
    .from('fulfil', { condition: 'billable' })
    .userTask('invoice', {
      assignee: '=clerk',
      candidateUsers: ['ann', 'bob'],
      candidateGroups: 'billing',
      dueDate: 'P2D',
      followUpDate: '=followUp',
      priority: 70,
      formKey: 'invoice-form',
    })
    .to('join')
    .from('fulfil', { default: true })
    .to('join')
    .receiveTask('confirm', { message: { name: 'confirmation', correlationKey: '=orderId' } })
    .subProcess('ship', { name: 'Ship', outputs: [{ source: 'trackingId', target: 'tracking' }] }, (inside) =>
      inside.startEvent('shipStart').manualTask('handOver').endEvent('shipEnd'),
    )
    .callActivity('archive', {
      calledElement: 'archive-order',
      propagateAllParentVariables: false,
      propagateAllChildVariables: false,
      inputs: [{ source: 'orderId', target: 'id' }],
    })
    .endEvent('done')
    .from('paid', { default: true, name: 'no' })
    .endEvent('cancelled', { error: { code: 'NOT_PAID', message: 'the order was not paid' } })
    .boundaryEvent('slow', { attachedTo: 'invoice', timer: { duration: 'PT1H' }, cancelActivity: false })
    .sendTask('remind', { type: '="remind-" + channel' })
    .endEvent('reminded')
    .boundaryEvent('declined', { attachedTo: 'charge', error: 'CARD_DECLINED' })
    .endEvent('declinedEnd', { terminate: true })
    .boundaryEvent('anyError', { attachedTo: 'ship', error: {} })
    .endEvent('failed')
    .build();

/** Builder-made processes, each exercising a different part of the graph. */
const built: Record<string, () => ProcessGraph> = {
  'an order with every kind of task, gateway and boundary event': order,
  'message and timer starts, catches and throws': () =>
    process('events')
      .startEvent('byMessage', { message: { name: 'order', correlationKey: 'customerId' } })
      .intermediateCatchEvent('wait', { timer: { date: '2030-01-31T09:00:00Z' } })
      .intermediateCatchEvent('named', { message: { name: '="order-" + region', correlationKey: 'orderId' } })
      .intermediateThrowEvent('notify', { message: 'order-noticed' })
      .intermediateCatchEvent('reply', { message: { name: 'reply', correlationKey: 'orderId' } })
      .intermediateCatchEvent('pause', { timer: { duration: '=delay' } })
      .endEvent('sent', { message: 'order-done' })
      .startEvent('nightly', { timer: { cycle: '0 0 2 * * ?' } })
      .intermediateCatchEvent('later', { timer: { cycle: 'R3/PT10M' } })
      .to('notify')
      .build(),
  'an event-based gateway': () =>
    process('race')
      .startEvent('s')
      .eventBasedGateway('first')
      .intermediateCatchEvent('paid', { message: { name: 'paid', correlationKey: 'id' } })
      .endEvent('ok')
      .from('first')
      .intermediateCatchEvent('timeout', { timer: { duration: 'P7D' } })
      .endEvent('late')
      .from('first')
      .receiveTask('cancelled', { message: { name: 'cancel', correlationKey: 'id' } })
      .endEvent('stopped')
      .build(),
  'loops, a self-loop and a rework path': () =>
    process('rework')
      .startEvent('s')
      .userTask('edit')
      .userTask('review', { name: 'Review\n"draft" & <notes>' })
      .exclusiveGateway('ok')
      .flow('ok', 'edit', { condition: 'not(approved)' })
      .from('ok', { default: true })
      .serviceTask('publish', { type: 'publish' })
      .flow('publish', 'publish', { condition: 'retry', id: 'again' })
      .from('publish')
      .endEvent('e')
      .boundaryEvent('stale', { attachedTo: 'review', timer: { duration: 'P1D' } })
      .to('edit')
      .build(),
  'subprocesses nested two deep with boundary events inside and out': () =>
    process('nested')
      .startEvent('s')
      .subProcess('outer', { inputs: [{ source: 'items', target: 'todo' }] }, (outer) =>
        outer
          .startEvent('os')
          .subProcess('inner', (inner) =>
            inner.startEvent('is').serviceTask('work', { type: 'work' }).endEvent('ie'),
          )
          .endEvent('oe')
          .boundaryEvent('innerLate', {
            attachedTo: 'inner',
            timer: { duration: 'PT5M' },
            cancelActivity: false,
          })
          .endEvent('noted'),
      )
      .endEvent('e')
      .boundaryEvent('outerFailed', { attachedTo: 'outer', error: 'FAILED' })
      .task('cleanUp')
      .endEvent('cleaned')
      .build(),
  'a task that catches three kinds of boundary event': () =>
    process('guarded')
      .startEvent('s')
      .userTask('approve')
      .endEvent('e')
      .boundaryEvent('t', { attachedTo: 'approve', timer: { duration: 'PT4H' }, cancelActivity: false })
      .task('nudge')
      .endEvent('nudged')
      .boundaryEvent('m', { attachedTo: 'approve', message: { name: 'withdrawn', correlationKey: 'id' } })
      .endEvent('withdrawn')
      .boundaryEvent('x', { attachedTo: 'approve', error: 'REJECTED' })
      .endEvent('rejected')
      .build(),
};

describe('exporting a process built in TypeScript', () => {
  it.each(Object.keys(built))('%s: imports back as the same graph', async (name) => {
    await expectRoundTrip(built[name]!());
  });

  it.each(Array.from({ length: 20 }, (_, i) => i + 1))(
    'random process %i: imports back as the same graph, its drawing intact',
    async (seed) => {
      const graph = randomProcess(seed);
      const layout = await expectRoundTrip(graph);
      expect(layout).toEqual(autoLayout(graph));
    },
  );

  it('writes what the graph says the way Camunda Modeler writes Camunda 8 models', () => {
    const xml = exportBpmn(order());

    for (const text of [
      'modeler:executionPlatform="Camunda Cloud"',
      '<zeebe:taskDefinition type="charge-card" retries="5" />',
      '<zeebe:header key="currency" value="EUR" />',
      '<zeebe:input source="=amount" target="sum" />',
      '<zeebe:output source="=receipt.id" target="receiptId" />',
      '<zeebe:script expression="=items * 2" resultVariable="boxes" />',
      '<zeebe:assignmentDefinition assignee="=clerk" candidateGroups="billing" candidateUsers="ann,bob" />',
      '<zeebe:taskSchedule dueDate="P2D" followUpDate="=followUp" />',
      '<zeebe:priorityDefinition priority="70" />',
      '<zeebe:formDefinition formKey="invoice-form" />',
      '<zeebe:calledElement processId="archive-order" propagateAllChildVariables="false" propagateAllParentVariables="false" />',
      '<zeebe:subscription correlationKey="=orderId" />',
      '<bpmn:message id="Message_confirmation" name="confirmation">',
      '<bpmn:error id="Error_NOT_PAID" name="NOT_PAID" errorCode="NOT_PAID" camunda:errorMessage="the order was not paid" />',
      '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=paid = true</bpmn:conditionExpression>',
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration>',
      '<bpmn:boundaryEvent id="slow" cancelActivity="false" attachedToRef="invoice">',
      '<bpmn:exclusiveGateway id="paid" name="Paid?" default="paid-cancelled">',
      '<zeebe:taskDefinition type="=&#34;remind-&#34; + channel" retries="3" />',
    ]) {
      expect(xml).toContain(text);
    }
    // The catch-all error boundary event refers to no error.
    expect(xml).toMatch(
      /<bpmn:boundaryEvent id="anyError" attachedToRef="ship">\s*<bpmn:outgoing>[^<]*<\/bpmn:outgoing>\s*<bpmn:errorEventDefinition \/>/,
    );
  });

  it('draws every element and flow, subprocesses expanded and exclusive gateways with their marker', async () => {
    const graph = order();
    const xml = exportBpmn(graph);

    const { process: imported } = await reimport(xml);
    expect(imported.layout).toEqual(autoLayout(graph));
    expect(Object.keys(imported.layout!.shapes).sort()).toEqual(Object.keys(graph.elements).sort());
    expect(Object.keys(imported.layout!.edges).sort()).toEqual(Object.keys(graph.flows).sort());
    expect(xml.match(/<bpmndi:BPMNDiagram /g)).toHaveLength(1);
    expect(xml).toContain('<bpmndi:BPMNPlane id="BPMNPlane" bpmnElement="order">');
    expect(xml).toMatch(/<bpmndi:BPMNShape id="ship_di" bpmnElement="ship" isExpanded="true">/);
    expect(xml).toMatch(/<bpmndi:BPMNShape id="paid_di" bpmnElement="paid" isMarkerVisible="true">/);
  });

  it('writes the same text for the same graph', () => {
    expect(exportBpmn(order())).toBe(exportBpmn(order()));
  });

  it('gives messages, errors and diagram elements ids that no element or flow has', async () => {
    const graph = process('p')
      .startEvent('Message_go', { message: 'go' })
      .task('Error_E')
      .task('BPMNDiagram')
      .endEvent('Message_go_2', { error: 'E' })
      .build();

    const xml = exportBpmn(graph);

    expect(xml).toContain('<bpmn:message id="Message_go_3" name="go" />');
    expect(xml).toContain('<bpmn:error id="Error_E_2" name="E" errorCode="E" />');
    expect(xml).toContain('<bpmndi:BPMNDiagram id="BPMNDiagram_2">');
    await expectRoundTrip(graph);
  });

  it('writes multi-instance, standard loops, escalation, signal and link events as Camunda 8 does, and reads them back', async () => {
    const graph = process('p')
      .startEvent('s')
      .serviceTask('each', {
        type: 'notify',
        multiInstance: {
          collection: 'customers',
          elementVariable: 'customer',
          completionCondition: 'nrOfCompletedInstances >= 3',
          outputCollection: 'replies',
          outputElement: 'reply',
        },
      })
      .task('retry', { loop: { condition: 'loopCounter < 3', testBefore: true, maximum: 5 } })
      .intermediateThrowEvent('jump', { link: 'next' })
      .intermediateCatchEvent('landing', { link: 'next' })
      .intermediateThrowEvent('broadcast', { signal: 'stock-changed' })
      .endEvent('late', { escalation: 'LATE' })
      .build();

    const xml = exportBpmn(graph);

    for (const text of [
      '<bpmn:multiInstanceLoopCharacteristics>',
      '<zeebe:loopCharacteristics inputCollection="=customers" inputElement="customer" outputCollection="replies" outputElement="=reply" />',
      '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=nrOfCompletedInstances &gt;= 3</bpmn:completionCondition>',
      '<bpmn:standardLoopCharacteristics testBefore="true" loopMaximum="5">',
      '<bpmn:loopCondition xsi:type="bpmn:tFormalExpression">=loopCounter &lt; 3</bpmn:loopCondition>',
      '<bpmn:linkEventDefinition name="next" />',
      '<bpmn:escalationEventDefinition escalationRef="Escalation_LATE" />',
      '<bpmn:escalation id="Escalation_LATE" name="LATE" escalationCode="LATE" />',
      '<bpmn:signalEventDefinition signalRef="Signal_stock-changed" />',
      '<bpmn:signal id="Signal_stock-changed" name="stock-changed" />',
    ]) {
      expect(xml).toContain(text);
    }
    await expectRoundTrip(graph);
  });

  it('marks a process that is not executable as such', async () => {
    const graph = process('sketch', { executable: false }).startEvent('s').task('t').endEvent('e').build();

    const { process: imported } = await reimport(exportBpmn(graph));

    expect(imported).toMatchObject({ processId: 'sketch', executable: false });
    expect(imported.graph).toBeUndefined();
  });
});

describe('exporting with a drawing of its own', () => {
  it('keeps the drawing it is given when the drawing covers the graph', async () => {
    const graph = built['loops, a self-loop and a rework path']!();
    const drawn = autoLayout(graph);
    const moved: DiagramLayout = {
      shapes: Object.fromEntries(
        Object.entries(drawn.shapes).map(([id, s]) => [id, { ...s, x: s.x + 1000, y: s.y + 7.5 }]),
      ),
      edges: Object.fromEntries(
        Object.entries(drawn.edges).map(([id, r]) => [id, r.map((p) => ({ x: p.x + 1000, y: p.y + 7.5 }))]),
      ),
    };

    expect(await expectRoundTrip(graph, moved)).toEqual(moved);
  });

  it('lays the graph out afresh when the drawing misses an element or a flow', async () => {
    const graph = built['loops, a self-loop and a rework path']!();
    const { publish: _publish, ...shapes } = autoLayout(graph).shapes;

    expect(await expectRoundTrip(graph, { ...autoLayout(graph), shapes })).toEqual(autoLayout(graph));
  });

  it('draws the content of a collapsed subprocess on a plane of its own, as bpmn-js does', async () => {
    const graph = process('p')
      .startEvent('s')
      .subProcess('sub', (inner) => inner.startEvent('is').task('work').endEvent('ie'))
      .endEvent('e')
      .build();
    const flat = autoLayout(graph);
    const layout: DiagramLayout = {
      shapes: { ...flat.shapes, sub: { x: 250, y: 100, width: 100, height: 80, expanded: false } },
      edges: flat.edges,
    };

    const xml = exportBpmn(graph, { layout });

    expect(xml.match(/<bpmndi:BPMNDiagram /g)).toHaveLength(2);
    expect(xml).toMatch(/<bpmndi:BPMNPlane id="sub_plane" bpmnElement="sub">\s*<bpmndi:BPMNShape id="is_di"/);
    expect(xml).toContain('<bpmndi:BPMNShape id="sub_di" bpmnElement="sub" isExpanded="false">');
    expect(await expectRoundTrip(graph, layout)).toEqual(layout);
  });
});

const bpmnDir = join(import.meta.dirname, '../../../shared/data/bpmn');
const referenceDir = join(bpmnDir, 'miwg/Reference');
const zeebeDir = join(bpmnDir, 'zeebe-model');

/** Every process with a graph in the given files: what Sluice can execute. */
async function executable(files: readonly string[], root: string) {
  const found: { name: string; graph: ProcessGraph; layout?: DiagramLayout }[] = [];
  for (const file of files) {
    const imported = await importBpmn(readFileSync(join(root, file)), file);
    for (const p of imported.processes) {
      if (p.graph)
        found.push({ name: `${file} ${p.processId}`, graph: p.graph, ...(p.layout && { layout: p.layout }) });
    }
  }
  return found;
}

const referenceModels = await executable(
  readdirSync(referenceDir)
    .filter((n) => n.endsWith('.bpmn'))
    .sort(),
  referenceDir,
);
const zeebeModels = await executable(
  readdirSync(zeebeDir, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.bpmn'))
    .sort(),
  zeebeDir,
);

describe.each([
  ['the MIWG reference models that Sluice can execute', referenceModels, 2],
  ['the Camunda 8 (Zeebe) test models that Sluice can execute', zeebeModels, 5],
] as const)('%s', (_title, models, atLeast) => {
  it(`are at least ${atLeast}`, () => {
    expect(models.length).toBeGreaterThanOrEqual(atLeast);
  });

  it.each(models.map((m) => [m.name, m] as const))(
    '%s: exports with its own drawing and imports back the same, drawing included',
    async (_name, model) => {
      const layout = await expectRoundTrip(model.graph, model.layout);
      if (model.layout) expect(layout).toEqual(model.layout);
    },
  );

  it.each(models.map((m) => [m.name, m] as const))(
    '%s: laid out afresh, every element is drawn and no two shapes overlap',
    async (_name, model) => {
      const layout = autoLayout(model.graph);
      expect(layoutProblems(model.graph, layout)).toEqual([]);
      expect(await expectRoundTrip(model.graph, layout)).toEqual(layout);
    },
  );
});
