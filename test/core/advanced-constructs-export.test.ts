import { describe, expect, it } from 'vitest';
import { exportBpmn, importBpmn } from '../../src/model/index.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';

const condition = (feel: string): string =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= ${feel}</bpmn:condition></bpmn:conditionalEventDefinition>`;

const models: Record<string, string> = {
  'event subprocesses of every trigger, interrupting or not': bpmn(
    'events',
    `<bpmn:startEvent id="s"/><bpmn:userTask id="work"/><bpmn:endEvent id="e"/>
     <bpmn:boundaryEvent id="hot" attachedToRef="work" cancelActivity="false">${condition('t > 1')}</bpmn:boundaryEvent>
     <bpmn:endEvent id="he"/>
     <bpmn:subProcess id="onMessage" triggeredByEvent="true">
       <bpmn:startEvent id="ms" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m"/></bpmn:startEvent>
       <bpmn:endEvent id="me"/>${flows('ms>me')}
     </bpmn:subProcess>
     <bpmn:subProcess id="onError" triggeredByEvent="true">
       <bpmn:startEvent id="es"><bpmn:errorEventDefinition errorRef="err"/></bpmn:startEvent>
       <bpmn:intermediateCatchEvent id="wait">${condition('ok')}</bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="ee"/>${flows('es>wait', 'wait>ee')}
     </bpmn:subProcess>
     ${flows('s>work', 'work>e', 'hot>he')}`,
    '<bpmn:message id="m" name="ping"/><bpmn:error id="err" errorCode="E"/>',
  ),
  'compensation, a transaction with cancel, a complex gateway': bpmn(
    'comp',
    `<bpmn:startEvent id="s"/>
     <bpmn:transaction id="tx"><bpmn:startEvent id="ts"/>${serviceTask('book', 'book')}
       <bpmn:boundaryEvent id="bookComp" attachedToRef="book"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
       <bpmn:serviceTask id="unbook" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="unbook"/></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:association id="a1" sourceRef="bookComp" targetRef="unbook"/>
       <bpmn:endEvent id="abort"><bpmn:cancelEventDefinition/></bpmn:endEvent>${flows('ts>book', 'book>abort')}
     </bpmn:transaction>
     <bpmn:boundaryEvent id="cancelled" attachedToRef="tx"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent>
     <bpmn:parallelGateway id="fork"/><bpmn:task id="a"/><bpmn:task id="b"/>
     <bpmn:complexGateway id="cx"><bpmn:activationCondition xsi:type="bpmn:tFormalExpression">= activationCount >= 1</bpmn:activationCondition></bpmn:complexGateway>
     <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition activityRef="tx"/></bpmn:intermediateThrowEvent>
     <bpmn:endEvent id="e"/>
     ${flows('s>tx', 'tx>fork', 'cancelled>fork', 'fork>a', 'fork>b', 'a>cx', 'b>cx', 'cx>undo', 'undo>e')}`,
  ),
  'an ad-hoc subprocess and a mutex': bpmn(
    'adhoc',
    `<bpmn:startEvent id="s"/>
     <bpmn:adHocSubProcess id="ah" ordering="Sequential" cancelRemainingInstances="false">
       <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= done</bpmn:completionCondition>
       <bpmn:task id="t1"/><bpmn:task id="t2"/>
     </bpmn:adHocSubProcess>
     <bpmn:subProcess id="crit" sluice:mutex="ledger"><bpmn:startEvent id="cs"/><bpmn:endEvent id="ce"/>${flows('cs>ce')}</bpmn:subProcess>
     <bpmn:endEvent id="e"/>${flows('s>ah', 'ah>crit', 'crit>e')}`,
  ).replace('xmlns:xsi=', 'xmlns:sluice="https://sluice.dev/schema/bpmn/1.0" xmlns:xsi='),
};

describe('exporting the constructs of issue 3', () => {
  it.each(Object.entries(models))('gives back the same graph for %s', async (_what, xml) => {
    const first = await importBpmn(xml);
    expect(first.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const graph = first.processes[0]!.graph!;
    const again = await importBpmn(exportBpmn(graph));
    expect(again.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(again.processes[0]!.graph).toStrictEqual(graph);
  });
});
