import { describe, expect, it } from 'vitest';
import { ProcessValidationError, process } from '../../src/model/index.js';
import { definitions, graphOf } from './bpmn-text.js';
import { containing } from './matchers.js';

describe('a process built in TypeScript and the same process drawn in BPMN', () => {
  const built = () =>
    process('order', { name: 'Order' })
      .startEvent('start', { name: 'Order placed' })
      .serviceTask('charge', {
        type: 'charge-card',
        retries: 5,
        inputs: [{ source: '=amount', target: 'sum' }],
        headers: { currency: 'EUR' },
      })
      .exclusiveGateway('paid')
      .flow('paid', 'fulfil', { condition: '= paid = true' })
      .inclusiveGateway('fulfil')
      .from('fulfil', { condition: 'physical' })
      .scriptTask('pack', { script: '=items * 2', resultVariable: 'boxes' })
      .inclusiveGateway('join')
      .from('fulfil', { condition: 'billable' })
      .userTask('invoice', { assignee: '=clerk', candidateGroups: 'billing' })
      .to('join')
      .from('fulfil', { default: true })
      .to('join')
      .receiveTask('confirm', { message: { name: 'confirmation', correlationKey: '=orderId' } })
      .subProcess('ship', { name: 'Ship' }, (inside) =>
        inside.startEvent('shipStart').manualTask('handOver').endEvent('shipEnd'),
      )
      .callActivity('archive', { calledElement: 'archive-order' })
      .endEvent('done')
      .from('paid', { default: true })
      .endEvent('cancelled')
      .boundaryEvent('slow', { attachedTo: 'invoice', timer: { duration: 'PT1H' }, cancelActivity: false })
      .sendTask('remind', { type: 'remind' })
      .endEvent('reminded')
      .boundaryEvent('declined', { attachedTo: 'charge', error: 'CARD_DECLINED' })
      .endEvent('declinedEnd')
      .build();

  const flow = (source: string, target: string, condition?: string): string =>
    `<bpmn:sequenceFlow id="${source}-${target}" sourceRef="${source}" targetRef="${target}">` +
    (condition ? `<bpmn:conditionExpression>${condition}</bpmn:conditionExpression>` : '') +
    '</bpmn:sequenceFlow>';

  const drawn = definitions(`
    <bpmn:process id="order" name="Order" isExecutable="true">
      <bpmn:startEvent id="start" name="Order placed"/>
      <bpmn:serviceTask id="charge"><bpmn:extensionElements>
        <zeebe:taskDefinition type="charge-card" retries="5"/>
        <zeebe:ioMapping><zeebe:input source="=amount" target="sum"/></zeebe:ioMapping>
        <zeebe:taskHeaders><zeebe:header key="currency" value="EUR"/></zeebe:taskHeaders>
      </bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:exclusiveGateway id="paid" default="paid-cancelled"/>
      <bpmn:inclusiveGateway id="fulfil" default="fulfil-join"/>
      <bpmn:scriptTask id="pack"><bpmn:extensionElements><zeebe:script expression="=items * 2" resultVariable="boxes"/></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:inclusiveGateway id="join"/>
      <bpmn:userTask id="invoice"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=clerk" candidateGroups="billing"/></bpmn:extensionElements></bpmn:userTask>
      <bpmn:receiveTask id="confirm" messageRef="confirmation"/>
      <bpmn:subProcess id="ship" name="Ship">
        <bpmn:startEvent id="shipStart"/><bpmn:manualTask id="handOver"/><bpmn:endEvent id="shipEnd"/>
        ${flow('shipStart', 'handOver')}${flow('handOver', 'shipEnd')}
      </bpmn:subProcess>
      <bpmn:callActivity id="archive"><bpmn:extensionElements><zeebe:calledElement processId="archive-order"/></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="done"/>
      <bpmn:endEvent id="cancelled"/>
      <bpmn:boundaryEvent id="slow" attachedToRef="invoice" cancelActivity="false">
        <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent>
      <bpmn:sendTask id="remind" sluice:type="remind"/>
      <bpmn:endEvent id="reminded"/>
      <bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="cardDeclined"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="declinedEnd"/>
      ${flow('start', 'charge')}${flow('charge', 'paid')}${flow('paid', 'fulfil', '= paid = true')}
      ${flow('fulfil', 'pack', 'physical')}${flow('pack', 'join')}
      ${flow('fulfil', 'invoice', 'billable')}${flow('invoice', 'join')}${flow('fulfil', 'join')}
      ${flow('join', 'confirm')}${flow('confirm', 'ship')}${flow('ship', 'archive')}${flow('archive', 'done')}
      ${flow('paid', 'cancelled')}${flow('slow', 'remind')}${flow('remind', 'reminded')}${flow('declined', 'declinedEnd')}
    </bpmn:process>
    <bpmn:message id="confirmation" name="confirmation">
      <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements>
    </bpmn:message>
    <bpmn:error id="cardDeclined" errorCode="CARD_DECLINED"/>`);

  it('compile to deep-equal graphs', async () => {
    expect(built()).toStrictEqual(await graphOf(drawn));
  });

  it('agree on what the OR-join waits for', () => {
    expect(built().orJoinUpstream).toEqual({
      join: {
        'pack-join': ['charge', 'fulfil', 'pack', 'paid', 'start'],
        'invoice-join': ['charge', 'fulfil', 'invoice', 'paid', 'start'],
        'fulfil-join': ['charge', 'fulfil', 'paid', 'start'],
      },
    });
  });
});

describe('building a process', () => {
  it('connects each node to the one before it, so a chain is one line', () => {
    const graph = process('p').startEvent('s').task('a').task('b').endEvent('e').build();

    expect(Object.keys(graph.flows)).toEqual(['s-a', 'a-b', 'b-e']);
    expect(graph.elements.a).toMatchObject({ incoming: ['s-a'], outgoing: ['a-b'] });
    expect(graph.startEvents).toEqual(['s']);
  });

  it('continues at the target of an explicit flow without connecting a node to itself', () => {
    const graph = process('p')
      .startEvent('s')
      .flow('s', 'x', { id: 'go', name: 'Go' })
      .task('x')
      .endEvent('e')
      .build();

    expect(graph.flows).toEqual({
      go: { id: 'go', name: 'Go', source: 's', target: 'x' },
      'x-e': { id: 'x-e', source: 'x', target: 'e' },
    });
  });

  it('connects nothing from an end event, nor to a start or boundary event', () => {
    const checked = process('p')
      .startEvent('s')
      .userTask('u')
      .endEvent('e')
      .task('orphan')
      .boundaryEvent('b', { attachedTo: 'u', timer: { duration: 'PT1M' } })
      .startEvent('s2')
      .check();

    expect(Object.keys(checked.graph.flows)).toEqual(['s-u', 'u-e']);
  });

  it('gives a flow a fresh id when the same two nodes are connected again', () => {
    const graph = process('p')
      .startEvent('s')
      .exclusiveGateway('g')
      .flow('g', 'g', { condition: 'again' })
      .flow('g', 'g', { condition: 'more' })
      .from('g', { default: true })
      .endEvent('e')
      .build();

    expect(Object.keys(graph.flows)).toEqual(['s-g', 'g-g', 'g-g-2', 'g-e']);
    expect(graph.elements.g).toMatchObject({ default: 'g-e' });
  });

  it('throws one error that lists every problem', () => {
    const build = () =>
      process('broken')
        .startEvent('s')
        .serviceTask('pay', { type: '' })
        .exclusiveGateway('g')
        .endEvent('a')
        .from('g')
        .endEvent('b')
        .from('g')
        .task('a')
        .build();

    expect(build).toThrow(ProcessValidationError);
    try {
      build();
    } catch (error) {
      const failure = error as ProcessValidationError;
      expect(failure.processId).toBe('broken');
      expect(failure.findings.filter((f) => f.severity === 'error').map((f) => f.elementId)).toEqual([
        'a',
        'pay',
        'g-a',
        'g-b',
      ]);
      expect(failure.message).toMatch(/4 errors/);
      expect(failure.message).toMatch(/duplicate id 'a'/);
      expect(failure.message).toMatch(/pay: .*no task type/);
    }
  });

  it('reports misuse of the builder with the other findings', () => {
    const { findings } = process('p')
      .startEvent('s', { message: 'go', timer: { duration: 'PT1M' } })
      .task('t')
      .flow('t', 'e', { default: true })
      .endEvent('e')
      .check();

    expect(findings.map((f) => [f.elementId, f.message])).toEqual([
      ['s', containing('several triggers (message, timer)')],
      ['t-e', containing("'t' is not a gateway")],
    ]);
  });

  it('warns about ids that BPMN XML cannot hold, as its export would not import', () => {
    const { findings } = process('my process').startEvent('s').task('paid?').endEvent('e').check();

    expect(findings.map((f) => [f.severity, f.elementId])).toEqual([
      ['warning', 'my process'],
      ['warning', 'paid?'],
      ['warning', 's-paid?'],
      ['warning', 'paid?-e'],
    ]);
    expect(findings[1]!.message).toContain('its BPMN export will not import');
  });

  it('makes user-task lists and numbers into literals, and `=` text into FEEL', () => {
    const graph = process('p')
      .startEvent('s')
      .userTask('u', { candidateUsers: ['ann', 'bob'], priority: 70, dueDate: '=now()', formKey: 'form-1' })
      .endEvent('e')
      .build();

    expect(graph.elements.u).toMatchObject({
      candidateUsers: { literal: 'ann,bob' },
      priority: { literal: '70' },
      dueDate: { expression: 'now()' },
      formKey: 'form-1',
    });
  });
});
