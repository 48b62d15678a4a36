/**
 * Multi-instance and standard loops, escalation, signal and link events: the XML importer and
 * the builder give deep-equal graphs, and validation names what is missing.
 */
import { describe, expect, it } from 'vitest';
import { exportBpmn, importBpmn, process, validateProcess } from '../../src/model/index.js';
import { executableProcess, findingsOf, graphOf } from './bpmn-text.js';
import { containing, like } from './matchers.js';

const flows = (...pairs: string[]): string =>
  pairs
    .map((pair) => {
      const [source, target] = pair.split('>');
      return `<bpmn:sequenceFlow id="${source}-${target}" sourceRef="${source}" targetRef="${target}"/>`;
    })
    .join('\n');

const summary = (findings: readonly { severity: string; elementId?: string; message: string }[]) =>
  findings.map((f) => [f.severity, f.elementId, f.message]);

describe('multi-instance activities', () => {
  it('read Camunda 8 loop characteristics as the builder writes them, without the `=`', async () => {
    const xml = executableProcess(
      'p',
      `<bpmn:startEvent id="s"/>
       <bpmn:serviceTask id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="notify"/></bpmn:extensionElements>
         <bpmn:multiInstanceLoopCharacteristics isSequential="true">
           <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= customers" inputElement="customer" outputCollection="replies" outputElement="=reply"/></bpmn:extensionElements>
           <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=nrOfCompletedInstances &gt;= 2</bpmn:completionCondition>
         </bpmn:multiInstanceLoopCharacteristics>
       </bpmn:serviceTask>
       <bpmn:endEvent id="e"/>${flows('s>notify', 'notify>e')}`,
    );
    const built = process('p')
      .startEvent('s')
      .serviceTask('notify', {
        type: 'notify',
        multiInstance: {
          sequential: true,
          collection: '=customers',
          elementVariable: 'customer',
          outputCollection: 'replies',
          outputElement: 'reply',
          completionCondition: 'nrOfCompletedInstances >= 2',
        },
      })
      .endEvent('e')
      .build();

    const graph = await graphOf(xml);

    expect(graph).toStrictEqual(built);
    expect(graph.elements.notify).toMatchObject({
      multiInstance: {
        sequential: true,
        collection: 'customers',
        elementVariable: 'customer',
        outputCollection: 'replies',
        outputElement: 'reply',
        completionCondition: 'nrOfCompletedInstances >= 2',
      },
    });
  });

  it('read Camunda 7 collections and a loop cardinality', async () => {
    const graph = await graphOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="s"/>
         <bpmn:task id="each"><bpmn:multiInstanceLoopCharacteristics camunda:collection="orders" camunda:elementVariable="order"/></bpmn:task>
         <bpmn:task id="thrice"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>=3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:task>
         <bpmn:endEvent id="e"/>${flows('s>each', 'each>thrice', 'thrice>e')}`,
      ),
    );

    expect(graph.elements.each).toMatchObject({
      multiInstance: { sequential: false, collection: 'orders', elementVariable: 'order' },
    });
    expect(graph.elements.thrice).toMatchObject({ multiInstance: { sequential: false, cardinality: '3' } });
  });

  it('need a collection or a cardinality, and name the activity that has neither', async () => {
    const findings = await findingsOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="s"/><bpmn:task id="each"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>
         <bpmn:endEvent id="e"/>${flows('s>each', 'each>e')}`,
      ),
    );

    expect(findings).toEqual([
      like({
        severity: 'error',
        elementId: 'each',
        message: "multi-instance task 'each' has neither an input collection nor a loop cardinality",
      }),
    ]);
  });

  it('report FEEL that does not parse, and outputs that cannot be collected', () => {
    const { findings } = process('p')
      .startEvent('s')
      .task('a', { multiInstance: { collection: 'items +', outputElement: 'x' } })
      .endEvent('e')
      .check();

    expect(summary(findings)).toEqual([
      ['warning', 'a', containing('has no output collection')],
      ['error', 'a', containing('the multi-instance input collection of')],
    ]);
  });
});

describe('standard loops', () => {
  it('read the loop condition, testBefore and loopMaximum as the builder writes them', async () => {
    const xml = executableProcess(
      'p',
      `<bpmn:startEvent id="s"/>
       <bpmn:task id="retry"><bpmn:standardLoopCharacteristics testBefore="true" loopMaximum="5">
         <bpmn:loopCondition xsi:type="bpmn:tFormalExpression">=loopCounter &lt; 3</bpmn:loopCondition>
       </bpmn:standardLoopCharacteristics></bpmn:task>
       <bpmn:endEvent id="e"/>${flows('s>retry', 'retry>e')}`,
    );
    const built = process('p')
      .startEvent('s')
      .task('retry', { loop: { condition: '=loopCounter < 3', testBefore: true, maximum: 5 } })
      .endEvent('e')
      .build();

    const graph = await graphOf(xml);

    expect(graph).toStrictEqual(built);
    expect(graph.elements.retry).toMatchObject({
      loop: { condition: 'loopCounter < 3', testBefore: true, maximum: 5 },
    });
  });

  it('need a loop condition', async () => {
    const findings = await findingsOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="s"/><bpmn:task id="retry"><bpmn:standardLoopCharacteristics/></bpmn:task>
         <bpmn:endEvent id="e"/>${flows('s>retry', 'retry>e')}`,
      ),
    );

    expect(summary(findings)).toEqual([['error', 'retry', "loop task 'retry' has no loop condition"]]);
  });
});

describe('escalation events', () => {
  const xml = executableProcess(
    'p',
    `<bpmn:startEvent id="s"/>
     <bpmn:subProcess id="work">
       <bpmn:startEvent id="s2"/>
       <bpmn:intermediateThrowEvent id="too-big"><bpmn:escalationEventDefinition escalationRef="big"/></bpmn:intermediateThrowEvent>
       <bpmn:endEvent id="give-up"><bpmn:escalationEventDefinition escalationRef="big"/></bpmn:endEvent>
       ${flows('s2>too-big', 'too-big>give-up')}
     </bpmn:subProcess>
     <bpmn:boundaryEvent id="notify" attachedToRef="work" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="big"/></bpmn:boundaryEvent>
     <bpmn:boundaryEvent id="any" attachedToRef="work"><bpmn:escalationEventDefinition/></bpmn:boundaryEvent>
     <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/>
     ${flows('s>work', 'work>e1', 'notify>e2', 'any>e3')}
   </bpmn:process>
   <bpmn:escalation id="big" name="Too big" escalationCode="BIG"/>
   <bpmn:process id="unused" isExecutable="false">`,
  );

  it('read the code on throw, end and (non-interrupting) boundary events as the builder writes it', async () => {
    const built = process('p')
      .startEvent('s')
      .subProcess('work', (inner) =>
        inner
          .startEvent('s2')
          .intermediateThrowEvent('too-big', { escalation: 'BIG' })
          .endEvent('give-up', {
            escalation: { code: 'BIG' },
          }),
      )
      .endEvent('e1')
      .boundaryEvent('notify', { attachedTo: 'work', escalation: 'BIG', cancelActivity: false })
      .endEvent('e2')
      .boundaryEvent('any', { attachedTo: 'work', escalation: {} })
      .endEvent('e3')
      .build();

    const imported = await importBpmn(xml);
    const graph = imported.processes[0]!.graph!;

    expect(imported.findings).toEqual([]);
    expect(graph).toStrictEqual(built);
    expect(graph.elements['too-big']).toMatchObject({ event: { type: 'escalation', escalationCode: 'BIG' } });
    expect(graph.elements.notify).toMatchObject({ cancelActivity: false });
    expect(graph.elements.any).toMatchObject({ event: { type: 'escalation' }, cancelActivity: true });
  });

  it('need a code to throw, and warn when the boundary host cannot throw one', () => {
    const { findings } = process('p')
      .startEvent('s')
      .intermediateThrowEvent('raise', { escalation: {} })
      .serviceTask('t', { type: 'work' })
      .endEvent('e1')
      .boundaryEvent('b', { attachedTo: 't', escalation: 'X' })
      .endEvent('e2')
      .check();

    expect(summary(findings)).toEqual([
      ['error', 'raise', containing('throws an escalation without an escalation code')],
      ['warning', 'b', containing("service task 't' cannot throw one")],
    ]);
  });
});

describe('signal events', () => {
  it('read the signal name on start, catch, throw, end and boundary events as the builder writes it', async () => {
    const xml = executableProcess(
      'p',
      `<bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="restock"/></bpmn:startEvent>
       <bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="go"/></bpmn:intermediateCatchEvent>
       <bpmn:intermediateThrowEvent id="tell"><bpmn:signalEventDefinition signalRef="dynamic"/></bpmn:intermediateThrowEvent>
       <bpmn:userTask id="t"/>
       <bpmn:boundaryEvent id="stop" attachedToRef="t" cancelActivity="false"><bpmn:signalEventDefinition signalRef="go"/></bpmn:boundaryEvent>
       <bpmn:endEvent id="e"><bpmn:signalEventDefinition signalRef="restock"/></bpmn:endEvent><bpmn:endEvent id="e2"/>
       ${flows('s>wait', 'wait>tell', 'tell>t', 't>e', 'stop>e2')}
     </bpmn:process>
     <bpmn:signal id="restock" name="restocked"/><bpmn:signal id="go" name="go"/><bpmn:signal id="dynamic" name="=&quot;order-&quot; + id"/>
     <bpmn:process id="unused" isExecutable="false">`,
    );
    const built = process('p')
      .startEvent('s', { signal: 'restocked' })
      .intermediateCatchEvent('wait', { signal: 'go' })
      .intermediateThrowEvent('tell', { signal: '="order-" + id' })
      .userTask('t')
      .endEvent('e', { signal: { literal: 'restocked' } })
      .boundaryEvent('stop', { attachedTo: 't', signal: 'go', cancelActivity: false })
      .endEvent('e2')
      .build();

    const imported = await importBpmn(xml);

    expect(imported.findings).toEqual([]);
    expect(imported.processes[0]!.graph).toStrictEqual(built);
    expect(built.elements.tell).toMatchObject({
      event: { type: 'signal', signalName: { expression: '"order-" + id' } },
    });
  });

  it('need a name, a literal one on a process start event', async () => {
    const findings = await findingsOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="dynamic"/></bpmn:startEvent>
         <bpmn:intermediateThrowEvent id="tell"><bpmn:signalEventDefinition/></bpmn:intermediateThrowEvent>
         <bpmn:endEvent id="e"/>${flows('s>tell', 'tell>e')}
       </bpmn:process><bpmn:signal id="dynamic" name="=region"/><bpmn:process id="unused" isExecutable="false">`,
      ),
    );

    expect(summary(findings)).toEqual([
      ['error', 's', containing('the signal name of start event')],
      ['error', 'tell', "intermediate throw event 'tell' has no signal name"],
    ]);
  });
});

describe('link events', () => {
  it('read the link name as the builder writes it; the catch is reached through its throw', async () => {
    const xml = executableProcess(
      'p',
      `<bpmn:startEvent id="s"/>
       <bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="page-2"/></bpmn:intermediateThrowEvent>
       <bpmn:intermediateCatchEvent id="arrive"><bpmn:linkEventDefinition name="page-2"/></bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="e"/>${flows('s>go', 'arrive>e')}`,
    );
    const built = process('p')
      .startEvent('s')
      .intermediateThrowEvent('go', { link: 'page-2' })
      .intermediateCatchEvent('arrive', { link: 'page-2' })
      .endEvent('e')
      .build();

    const imported = await importBpmn(xml);

    expect(imported.findings).toEqual([]);
    expect(imported.processes[0]!.graph).toStrictEqual(built);
    expect(built.elements.go).toMatchObject({ outgoing: [], event: { type: 'link', linkName: 'page-2' } });
    expect(built.elements.arrive).toMatchObject({ incoming: [] });
  });

  it('need a catch of the same name in the same scope, and a name', () => {
    const { findings } = process('p')
      .startEvent('s')
      .intermediateThrowEvent('go', { link: 'elsewhere' })
      .intermediateCatchEvent('arrive', { link: 'page-2' })
      .endEvent('e')
      .startEvent('s2', { message: 'm' })
      .subProcess('sub', (inner) =>
        inner
          .startEvent('is')
          .intermediateThrowEvent('inner-go', { link: 'page-2' })
          .intermediateThrowEvent('x', {
            link: '',
          }),
      )
      .endEvent('e2')
      .check();

    expect(summary(findings).filter(([severity]) => severity === 'error')).toEqual([
      ['error', 'x', "link intermediate throw event 'x' has no link name"],
      [
        'error',
        'go',
        containing("jumps to link 'elsewhere', but no link catch event of that name is in its scope"),
      ],
      ['error', 'inner-go', containing("jumps to link 'page-2', but no link catch event")],
    ]);
  });

  it('cannot have outgoing flows on a throw', () => {
    const { findings } = process('p')
      .startEvent('s')
      .intermediateThrowEvent('go', { link: 'l' })
      .from('go')
      .endEvent('e')
      .intermediateCatchEvent('arrive', { link: 'l' })
      .endEvent('e2')
      .check();

    expect(summary(findings)).toEqual([['error', 'go', containing('cannot have outgoing sequence flows')]]);
  });
});

describe('loops and the other events', () => {
  it('export and import back to the same graph', async () => {
    const graph = process('p')
      .startEvent('s', { signal: 'begin' })
      .subProcess(
        'each',
        { multiInstance: { cardinality: 3, completionCondition: 'nrOfCompletedInstances = 2' } },
        (inner) => inner.startEvent('is').endEvent('ie', { escalation: 'DONE' }),
      )
      .boundaryEvent('done', { attachedTo: 'each', escalation: 'DONE', cancelActivity: false })
      .endEvent('de')
      .from('each')
      .task('retry', { loop: { condition: 'loopCounter < 2', testBefore: false } })
      .intermediateThrowEvent('jump', { link: 'on' })
      .intermediateCatchEvent('land', { link: 'on' })
      .intermediateCatchEvent('wait', { signal: '=name' })
      .endEvent('e', { signal: 'finished' })
      .build();

    const imported = await importBpmn(exportBpmn(graph));

    expect(imported.findings).toEqual(validateProcess(graph));
    expect(imported.processes[0]!.graph).toStrictEqual(graph);
  });
});
