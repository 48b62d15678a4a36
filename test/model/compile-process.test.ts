import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';
import { executableProcess, findingsOf, graphOf } from './bpmn-text.js';
import { containing, like } from './matchers.js';

/** start → body → end, so that the body's elements are valid in flow. */
const between = (body: string, first: string, last = first): string =>
  executableProcess(
    'p',
    [
      '<bpmn:startEvent id="start"/>',
      body,
      '<bpmn:endEvent id="end"/>',
      `<bpmn:sequenceFlow id="in" sourceRef="start" targetRef="${first}"/>`,
      `<bpmn:sequenceFlow id="out" sourceRef="${last}" targetRef="end"/>`,
    ].join('\n'),
  );

describe('compiling service, send and business-rule tasks', () => {
  it('takes the job type, retries and headers from zeebe:taskDefinition', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:serviceTask id="charge" name="Charge card"><bpmn:extensionElements>
           <zeebe:taskDefinition type="charge-card" retries="5"/>
           <zeebe:taskHeaders><zeebe:header key="currency" value="EUR"/></zeebe:taskHeaders>
         </bpmn:extensionElements></bpmn:serviceTask>`,
        'charge',
      ),
    );

    expect(graph.elements.charge).toEqual({
      id: 'charge',
      name: 'Charge card',
      kind: 'serviceTask',
      scope: 'p',
      incoming: ['in'],
      outgoing: ['out'],
      taskType: { literal: 'charge-card' },
      retries: 5,
      headers: { currency: 'EUR' },
    });
  });

  it('takes the type from a Camunda 7 external task topic, with 3 retries by default', async () => {
    const graph = await graphOf(
      between('<bpmn:sendTask id="notify" camunda:type="external" camunda:topic="mail"/>', 'notify'),
    );

    expect(graph.elements.notify).toMatchObject({
      kind: 'sendTask',
      taskType: { literal: 'mail' },
      retries: 3,
    });
  });

  it('prefers sluice:type and sluice:retries, and reads a `=` type as FEEL', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:businessRuleTask id="rate" sluice:type="rate-risk" sluice:retries="0">
           <bpmn:extensionElements><zeebe:taskDefinition type="other" retries="9"/></bpmn:extensionElements>
         </bpmn:businessRuleTask>
         <bpmn:serviceTask id="dyn"><bpmn:extensionElements><zeebe:taskDefinition type="= &quot;work-&quot; + kind"/></bpmn:extensionElements></bpmn:serviceTask>
         <bpmn:sequenceFlow id="mid" sourceRef="rate" targetRef="dyn"/>`,
        'rate',
        'dyn',
      ),
    );

    expect(graph.elements.rate).toMatchObject({ taskType: { literal: 'rate-risk' }, retries: 0 });
    expect(graph.elements.dyn).toMatchObject({ taskType: { expression: '"work-" + kind' } });
  });

  it('reports a task without a type, and retries that are not a whole number', async () => {
    const findings = await findingsOf(
      between(
        `<bpmn:serviceTask id="untyped"/>
         <bpmn:serviceTask id="odd" sluice:type="x" sluice:retries="many"/>
         <bpmn:sequenceFlow id="mid" sourceRef="untyped" targetRef="odd"/>`,
        'untyped',
        'odd',
      ),
    );

    expect(findings).toContainEqual(
      like({ severity: 'error', elementId: 'untyped', processId: 'p', message: containing('no task type') }),
    );
    expect(findings).toContainEqual(
      like({ severity: 'error', elementId: 'odd', message: containing('retries') }),
    );
  });
});

describe('compiling input and output mappings', () => {
  it('strips the `=` of FEEL sources and turns plain text into string constants', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:serviceTask id="t" sluice:type="x"><bpmn:extensionElements><zeebe:ioMapping>
           <zeebe:input source="= order.total" target="amount"/>
           <zeebe:input source="EUR" target="currency"/>
           <zeebe:output source="=receipt.id" target="receiptId"/>
         </zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>`,
        't',
      ),
    );

    expect(graph.elements.t?.inputs).toEqual([
      { source: 'order.total', target: 'amount' },
      { source: '"EUR"', target: 'currency' },
    ]);
    expect(graph.elements.t?.outputs).toEqual([{ source: 'receipt.id', target: 'receiptId' }]);
  });

  it('reads camunda:inputOutput text and FEEL scripts', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput>
           <camunda:inputParameter name="greeting">hello</camunda:inputParameter>
           <camunda:inputParameter name="total"><camunda:script scriptFormat="feel">= price * 2</camunda:script></camunda:inputParameter>
           <camunda:outputParameter name="result">=answer</camunda:outputParameter>
         </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`,
        't',
      ),
    );

    expect(graph.elements.t?.inputs).toEqual([
      { source: '"hello"', target: 'greeting' },
      { source: 'price * 2', target: 'total' },
    ]);
    expect(graph.elements.t?.outputs).toEqual([{ source: 'answer', target: 'result' }]);
  });

  it('translates JUEL to FEEL wherever it is written, and reports what it cannot translate', async () => {
    const findings = await findingsOf(
      between(
        `<bpmn:userTask id="t" camunda:assignee="\${initiator}"><bpmn:extensionElements><camunda:inputOutput>
           <camunda:inputParameter name="total">\${price * 2}</camunda:inputParameter>
           <camunda:inputParameter name="tax">\${taxes.rateFor(country)}</camunda:inputParameter>
         </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>`,
        't',
      ),
    );

    const juel = findings.filter((f) => f.message.includes('JUEL that Sluice cannot translate'));
    expect(juel.map((f) => [f.severity, f.elementId])).toEqual([['error', 't']]);
    expect(juel[0]!.message).toMatch(/input mapping 'tax'.*calls the method 'rateFor\(\)'/);
  });
});

describe('compiling user tasks', () => {
  it('reads Camunda 8 assignment, schedule, priority and form', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:userTask id="approve"><bpmn:extensionElements>
           <zeebe:assignmentDefinition assignee="=initiator" candidateGroups="finance, audit"/>
           <zeebe:taskSchedule dueDate="=now() + duration(&quot;P2D&quot;)" followUpDate="2030-01-01T00:00:00Z"/>
           <zeebe:priorityDefinition priority="80"/>
           <zeebe:formDefinition formKey="approval-form"/>
         </bpmn:extensionElements></bpmn:userTask>`,
        'approve',
      ),
    );

    expect(graph.elements.approve).toMatchObject({
      kind: 'userTask',
      assignee: { expression: 'initiator' },
      candidateGroups: { literal: 'finance, audit' },
      dueDate: { expression: 'now() + duration("P2D")' },
      followUpDate: { literal: '2030-01-01T00:00:00Z' },
      priority: { literal: '80' },
      formKey: 'approval-form',
    });
  });

  it('reads Camunda 7 attributes', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:userTask id="review" camunda:assignee="demo" camunda:candidateUsers="ann,bob" camunda:dueDate="P3D"
           camunda:followUpDate="P1D" camunda:priority="20" camunda:formKey="embedded:app:forms/review.html"/>`,
        'review',
      ),
    );

    expect(graph.elements.review).toEqual({
      id: 'review',
      kind: 'userTask',
      scope: 'p',
      incoming: ['in'],
      outgoing: ['out'],
      assignee: { literal: 'demo' },
      candidateUsers: { literal: 'ann,bob' },
      dueDate: { literal: 'P3D' },
      followUpDate: { literal: 'P1D' },
      priority: { literal: '20' },
      formKey: 'embedded:app:forms/review.html',
    });
  });
});

describe('compiling script tasks', () => {
  it('reads zeebe:script and FEEL scripts, with their result variables', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:scriptTask id="sum"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>
         <bpmn:scriptTask id="greet" scriptFormat="feel" camunda:resultVariable="greeting"><bpmn:script>"Hello " + name</bpmn:script></bpmn:scriptTask>
         <bpmn:sequenceFlow id="mid" sourceRef="sum" targetRef="greet"/>`,
        'sum',
        'greet',
      ),
    );

    expect(graph.elements.sum).toMatchObject({
      kind: 'scriptTask',
      script: 'a + b',
      resultVariable: 'total',
    });
    expect(graph.elements.greet).toMatchObject({
      kind: 'scriptTask',
      script: '"Hello " + name',
      resultVariable: 'greeting',
    });
  });

  it('never runs scripts in other languages, and warns that it will not: models carry no code', async () => {
    const findings = await findingsOf(
      between(
        '<bpmn:scriptTask id="js" scriptFormat="javascript"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>',
        'js',
      ),
    );

    expect(findings).toEqual([
      like({
        severity: 'warning',
        elementId: 'js',
        message: containing('written in javascript and will not run'),
      }),
    ]);
  });
});

describe('compiling call activities', () => {
  it('reads zeebe:calledElement, which propagates all variables unless told otherwise', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:callActivity id="call"><bpmn:extensionElements>
           <zeebe:calledElement processId="=childId" propagateAllChildVariables="false"/>
         </bpmn:extensionElements></bpmn:callActivity>`,
        'call',
      ),
    );

    expect(graph.elements.call).toMatchObject({
      kind: 'callActivity',
      calledElement: { expression: 'childId' },
      propagateAllParentVariables: true,
      propagateAllChildVariables: false,
    });
  });

  it('reads calledElement with camunda:in and camunda:out', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:callActivity id="call" calledElement="child"><bpmn:extensionElements>
           <camunda:in variables="all"/>
           <camunda:out source="result" target="childResult"/>
         </bpmn:extensionElements></bpmn:callActivity>`,
        'call',
      ),
    );

    expect(graph.elements.call).toMatchObject({
      calledElement: { literal: 'child' },
      propagateAllParentVariables: true,
      propagateAllChildVariables: false,
      outputs: [{ source: 'result', target: 'childResult' }],
    });
  });
});

describe('compiling events', () => {
  it('reads message names and Camunda 8 correlation keys, for catch events and receive tasks', async () => {
    const graph = await graphOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="start"/>
         <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="payment"/></bpmn:intermediateCatchEvent>
         <bpmn:receiveTask id="signed" messageRef="contract"/>
         <bpmn:endEvent id="end"/>
         <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="paid"/>
         <bpmn:sequenceFlow id="f2" sourceRef="paid" targetRef="signed"/>
         <bpmn:sequenceFlow id="f3" sourceRef="signed" targetRef="end"/>
       </bpmn:process>
       <bpmn:message id="payment" name="payment-received"><bpmn:extensionElements>
         <zeebe:subscription correlationKey="=orderId"/>
       </bpmn:extensionElements></bpmn:message>
       <bpmn:message id="contract" name="=&quot;signed-&quot; + kind"/>
       <bpmn:process id="unused" isExecutable="false">`,
      ),
    );

    expect(graph.elements.paid).toMatchObject({
      event: { type: 'message', messageName: { literal: 'payment-received' }, correlationKey: 'orderId' },
    });
    expect(graph.elements.signed).toMatchObject({
      kind: 'receiveTask',
      messageName: { expression: '"signed-" + kind' },
    });
  });

  it('reads timers as dates, durations and cycles', async () => {
    const timer = (id: string, property: string, body: string): string =>
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:${property}>${body}</bpmn:${property}></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
    const graph = await graphOf(
      between(
        [
          timer('at', 'timeDate', '2030-01-01T09:00:00Z'),
          timer('after', 'timeDuration', ' PT15M '),
          timer('every', 'timeCycle', '=cycle'),
          '<bpmn:sequenceFlow id="a" sourceRef="at" targetRef="after"/><bpmn:sequenceFlow id="b" sourceRef="after" targetRef="every"/>',
        ].join('\n'),
        'at',
        'every',
      ),
    );

    expect(graph.elements.at).toMatchObject({
      event: { type: 'timer', timer: { kind: 'date', value: { literal: '2030-01-01T09:00:00Z' } } },
    });
    expect(graph.elements.after).toMatchObject({
      event: { type: 'timer', timer: { kind: 'duration', value: { literal: 'PT15M' } } },
    });
    expect(graph.elements.every).toMatchObject({
      event: { type: 'timer', timer: { kind: 'cycle', value: { expression: 'cycle' } } },
    });
  });

  it('lists boundary events on their activity; they interrupt unless cancelActivity is false', async () => {
    const graph = await graphOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="start"/>
         <bpmn:userTask id="review"/>
         <bpmn:boundaryEvent id="late" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         <bpmn:boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
         <bpmn:boundaryEvent id="failed" attachedToRef="review"><bpmn:errorEventDefinition errorRef="rejected"/></bpmn:boundaryEvent>
         <bpmn:endEvent id="end"/>
         <bpmn:endEvent id="tooLate"/>
         <bpmn:endEvent id="thrown"><bpmn:errorEventDefinition errorRef="rejected"/></bpmn:endEvent>
         <bpmn:sendTask id="nudge" sluice:type="nudge"/>
         <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
         <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
         <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="tooLate"/>
         <bpmn:sequenceFlow id="f4" sourceRef="remind" targetRef="nudge"/>
         <bpmn:sequenceFlow id="f5" sourceRef="failed" targetRef="thrown"/>
       </bpmn:process>
       <bpmn:error id="rejected" errorCode="REJECTED" camunda:errorMessage="Rejected by reviewer"/>
       <bpmn:process id="unused" isExecutable="false">`,
      ),
    );

    expect(graph.elements.review).toMatchObject({ boundaryEvents: ['late', 'remind', 'failed'] });
    expect(graph.elements.late).toMatchObject({
      kind: 'boundaryEvent',
      attachedTo: 'review',
      cancelActivity: true,
    });
    expect(graph.elements.remind).toMatchObject({
      cancelActivity: false,
      event: { timer: { kind: 'cycle' } },
    });
    expect(graph.elements.thrown).toMatchObject({
      event: { type: 'error', errorCode: 'REJECTED', errorMessage: 'Rejected by reviewer' },
    });
  });
});

describe('compiling flows and scopes', () => {
  it('strips the `=` of conditions and keeps the gateway default flow; outgoing keeps document order', async () => {
    const graph = await graphOf(
      executableProcess(
        'p',
        `<bpmn:startEvent id="start"/>
         <bpmn:exclusiveGateway id="big?" default="small"/>
         <bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
         <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="big?"/>
         <bpmn:sequenceFlow id="large" name="large" sourceRef="big?" targetRef="a">
           <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= amount &gt; 1000</bpmn:conditionExpression>
         </bpmn:sequenceFlow>
         <bpmn:sequenceFlow id="small" sourceRef="big?" targetRef="b"/>`,
      ).replaceAll('big?', 'big'),
    );

    expect(graph.elements.big).toMatchObject({
      kind: 'exclusiveGateway',
      default: 'small',
      outgoing: ['large', 'small'],
    });
    expect(graph.flows.large).toEqual({
      id: 'large',
      name: 'large',
      source: 'big',
      target: 'a',
      condition: 'amount > 1000',
    });
  });

  it('gives subprocess content the subprocess as scope, and lists its start event on it, not on the process', async () => {
    const graph = await graphOf(
      between(
        `<bpmn:subProcess id="sub">
           <bpmn:startEvent id="subStart"/><bpmn:task id="inner"/><bpmn:endEvent id="subEnd"/>
           <bpmn:sequenceFlow id="s1" sourceRef="subStart" targetRef="inner"/>
           <bpmn:sequenceFlow id="s2" sourceRef="inner" targetRef="subEnd"/>
         </bpmn:subProcess>`,
        'sub',
      ),
    );

    expect(graph.startEvents).toEqual(['start']);
    expect(graph.elements.sub).toMatchObject({ kind: 'subProcess', scope: 'p', startEvents: ['subStart'] });
    expect(['subStart', 'inner', 'subEnd'].map((id) => graph.elements[id]?.scope)).toEqual([
      'sub',
      'sub',
      'sub',
    ]);
    expect(graph.elements.inner).toMatchObject({ incoming: ['s1'], outgoing: ['s2'] });
  });
});

describe('elements core runs since issue 3, and what they need', () => {
  it.each([
    ['a complex gateway', '<bpmn:complexGateway id="x"/>', 'complexGateway'],
    ['a transaction', '<bpmn:transaction id="x"><bpmn:startEvent id="ts"/></bpmn:transaction>', 'subProcess'],
    [
      'an ad-hoc subprocess',
      '<bpmn:adHocSubProcess id="x"><bpmn:task id="t"/></bpmn:adHocSubProcess>',
      'subProcess',
    ],
    [
      'a compensation event',
      '<bpmn:intermediateThrowEvent id="x"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>',
      'intermediateThrowEvent',
    ],
    [
      'a conditional event',
      '<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition><bpmn:condition>= ok</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>',
      'intermediateCatchEvent',
    ],
  ])('compiles %s, which core now runs', async (_what, element, kind) => {
    const xml = executableProcess(
      'p',
      `<bpmn:startEvent id="start"/>${element}<bpmn:sequenceFlow id="f" sourceRef="start" targetRef="x"/>`,
    );

    const imported = await importBpmn(xml);

    expect(imported.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(imported.processes[0]?.graph?.elements.x?.kind).toBe(kind);
  });

  it('reports a cancel end event outside a transaction', async () => {
    const findings = await findingsOf(
      between('<bpmn:endEvent id="x"><bpmn:cancelEventDefinition/></bpmn:endEvent>', 'x'),
    );

    expect(findings).toContainEqual(
      like({ severity: 'error', elementId: 'x', message: containing('outside a transaction') }),
    );
  });

  it('reports a Camunda 8 message throw event that is really a job', async () => {
    const findings = await findingsOf(
      between(
        `<bpmn:intermediateThrowEvent id="notify"><bpmn:extensionElements><zeebe:taskDefinition type="notify"/></bpmn:extensionElements>
           <bpmn:messageEventDefinition/></bpmn:intermediateThrowEvent>`,
        'notify',
      ),
    );

    expect(findings).toEqual([
      like({ severity: 'error', elementId: 'notify', message: containing('model it as a send task') }),
    ]);
  });

  it('reports an event subprocess without a start event', async () => {
    const findings = await findingsOf(
      between('<bpmn:task id="t"/><bpmn:subProcess id="onCancel" triggeredByEvent="true"/>', 't'),
    );

    expect(findings).toContainEqual(
      like({
        severity: 'error',
        elementId: 'onCancel',
        message: containing('exactly one start event with a trigger'),
      }),
    );
  });
});
