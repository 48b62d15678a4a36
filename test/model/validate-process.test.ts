import { describe, expect, it } from 'vitest';
import { type Finding, importBpmn, process, validateProcess } from '../../src/model/index.js';
import { executableProcess } from './bpmn-text.js';
import { anyNumber, anyString, containing, including, like } from './matchers.js';

const summary = (findings: readonly Finding[]) => findings.map((f) => [f.severity, f.elementId, f.message]);

describe('validating a model with several problems', () => {
  const xml = executableProcess(
    'order',
    `<bpmn:startEvent id="start"/>
     <bpmn:exclusiveGateway id="route" default="elsewhere"/>
     <bpmn:serviceTask id="charge"/>
     <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
     <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition/></bpmn:intermediateCatchEvent>
     <bpmn:boundaryEvent id="loose"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
     <bpmn:task id="island"/>
     <bpmn:endEvent id="end"/>
     <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="route"/>
     <bpmn:sequenceFlow id="big" sourceRef="route" targetRef="charge"><bpmn:conditionExpression>amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
     <bpmn:sequenceFlow id="small" sourceRef="route" targetRef="wait"/>
     <bpmn:sequenceFlow id="f1" sourceRef="charge" targetRef="paid"/>
     <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="paid"/>
     <bpmn:sequenceFlow id="f3" sourceRef="paid" targetRef="end"/>
     <bpmn:sequenceFlow id="lost" sourceRef="end" targetRef="nowhere"/>`,
  );

  it('lists every problem, each with its element, its process and its line', async () => {
    const imported = await importBpmn(xml);
    const errors = imported.findings.filter((f) => f.severity === 'error');

    expect(summary(errors)).toEqual(
      including([
        ['error', 'route', containing("default flow 'elsewhere'")],
        ['error', 'small', containing('no condition')],
        ['error', 'big', containing('not valid FEEL')],
        ['error', 'charge', containing('no task type')],
        ['error', 'wait', containing('no timeDate, timeDuration or timeCycle')],
        ['error', 'paid', containing('no message name')],
        ['error', 'loose', containing('not attached')],
        ['error', 'end', containing('cannot have outgoing')],
        ['error', 'lost', containing("'nowhere'")],
      ]),
    );
    expect(errors).toHaveLength(9);
    expect(imported.findings).toContainEqual(
      like({ severity: 'warning', elementId: 'island', message: containing('cannot be reached') }),
    );
    for (const finding of imported.findings) {
      expect(finding).toMatchObject({ processId: 'order', elementId: anyString(), line: anyNumber() });
    }
    expect(imported.processes[0]?.graph).toBeUndefined();
  });

  it('reports a process without a start event on the process itself', async () => {
    const imported = await importBpmn(executableProcess('empty', '<bpmn:task id="t"/>'));

    expect(summary(imported.findings.filter((f) => f.severity === 'error'))).toEqual([
      ['error', 'empty', "process 'empty' has no start event"],
    ]);
  });
});

describe('the checks the builder shares with BPMN import', () => {
  const findings = (graph: ReturnType<ReturnType<typeof process>['check']>) =>
    summary(graph.findings.filter((f) => f.severity === 'error'));

  it('require an inclusive gateway’s flows to carry conditions, except its default', () => {
    const checked = process('p')
      .startEvent('s')
      .inclusiveGateway('split')
      .flow('split', 'a', { condition: 'x > 1' })
      .endEvent('a')
      .from('split')
      .endEvent('b')
      .from('split', { default: true })
      .endEvent('c')
      .check();

    expect(findings(checked)).toEqual([['error', 'split-b', containing('no condition')]]);
  });

  it('allow a message or timer trigger on a catch event, but not nothing', () => {
    const checked = process('p').startEvent('s').intermediateCatchEvent('wait', {}).endEvent('e').check();

    expect(findings(checked)).toEqual([['error', 'wait', containing('cannot be a plain event')]]);
  });

  it('check literal timer values', () => {
    const checked = process('p')
      .startEvent('s')
      .intermediateCatchEvent('wait', { timer: { duration: 'soon' } })
      .endEvent('e')
      .check();

    expect(findings(checked)).toEqual([['error', 'wait', containing("'soon'")]]);
  });

  it('require error boundary events to interrupt, and an error end event to have a code', () => {
    const checked = process('p')
      .startEvent('s')
      .userTask('work')
      .endEvent('done')
      .boundaryEvent('oops', { attachedTo: 'work', error: 'E1', cancelActivity: false })
      .endEvent('fail', { error: {} })
      .check();

    expect(findings(checked)).toEqual([
      ['error', 'oops', containing('must interrupt')],
      ['error', 'fail', containing('without an error code')],
    ]);
  });

  it('allow an event-based gateway to lead only to catch events and receive tasks', () => {
    const checked = process('p')
      .startEvent('s')
      .eventBasedGateway('race')
      .intermediateCatchEvent('paid', { message: 'paid' })
      .endEvent('e1')
      .from('race')
      .userTask('call')
      .endEvent('e2')
      .check();

    expect(findings(checked)).toEqual([['error', 'race-call', containing('may only lead to')]]);
  });

  it('require exactly one plain start event in a subprocess, and no flows across its boundary', () => {
    const checked = process('p')
      .startEvent('s')
      .subProcess('sub', (inside) => inside.task('lonely'))
      .endEvent('e')
      .flow('lonely', 'e')
      .check();

    expect(findings(checked)).toEqual(
      including([
        ['error', 'sub', containing('exactly one start event, it has 0')],
        ['error', 'lonely-e', containing('crosses a subprocess boundary')],
      ]),
    );
  });

  it('find untranslatable JUEL and bad FEEL in mappings, conditions and values', () => {
    const checked = process('p')
      .startEvent('s')
      .serviceTask('t', { type: '=kind +', inputs: [{ source: '${x.size()}', target: 'y' }] })
      .endEvent('e')
      .check();

    expect(findings(checked)).toEqual([
      ['error', 't', containing("input mapping 'y' of 't' is JUEL that Sluice cannot translate")],
      ['error', 't', containing("the task type of 't' is not valid FEEL")],
    ]);
  });

  it('require literal messages and timers on a process’s start events, which listen from deployment', () => {
    const findings = validateProcess(
      process('p')
        .startEvent('byMessage', { message: '="order-" + region' })
        .endEvent('e1')
        .startEvent('byTimer', { timer: { cycle: '=schedule' } })
        .endEvent('e2')
        .startEvent('s')
        .subProcess('sub', (inner) => inner.startEvent('inner').endEvent('ie'))
        .intermediateCatchEvent('later', { message: '="reply-" + id' })
        .endEvent('e3')
        .check().graph,
    );

    expect(summary(findings)).toEqual([
      ['error', 'byMessage', containing('the message name of start event')],
      ['error', 'byTimer', containing('the timer of start event')],
    ]);
  });

  it('warn that a message throw event sends nothing', () => {
    const findings = validateProcess(
      process('p')
        .startEvent('s')
        .intermediateThrowEvent('tell', { message: 'told' })
        .endEvent('e', { message: 'done' })
        .check().graph,
    );

    expect(summary(findings)).toEqual([
      ['warning', 'tell', containing('does not send its message')],
      ['warning', 'e', containing('does not send its message')],
    ]);
  });

  it('pass a sound graph without findings', () => {
    const graph = process('p').startEvent('s').serviceTask('t', { type: 'work' }).endEvent('e').build();

    expect(validateProcess(graph)).toEqual([]);
  });
});
