import { describe, expect, it } from 'vitest';
import type { SluiceError } from '../../src/index.js';
import type { Finding } from '../../src/model/index.js';
import { harness } from '../support/engine.js';
import { executableProcess, findingsOf } from './bpmn-text.js';
import { anyNumber, containing } from './matchers.js';

const condition = (text: string): string =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${text}</bpmn:condition></bpmn:conditionalEventDefinition>`;

/** Every place a FEEL condition of the advanced constructs can sit, each holding `text`. */
const model = (text: string): string =>
  executableProcess(
    'advanced',
    `<bpmn:startEvent id="s"/>
     <bpmn:intermediateCatchEvent id="waitUntil">${condition(text)}</bpmn:intermediateCatchEvent>
     <bpmn:parallelGateway id="fork"/>
     <bpmn:userTask id="a"/><bpmn:userTask id="b"/>
     <bpmn:boundaryEvent id="watch" attachedToRef="a" cancelActivity="false">${condition(text)}</bpmn:boundaryEvent>
     <bpmn:endEvent id="watched"/>
     <bpmn:complexGateway id="join"><bpmn:activationCondition xsi:type="bpmn:tFormalExpression">${text}</bpmn:activationCondition></bpmn:complexGateway>
     <bpmn:adHocSubProcess id="research" ordering="Sequential">
       <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${text}</bpmn:completionCondition>
       <bpmn:userTask id="read"/>
     </bpmn:adHocSubProcess>
     <bpmn:endEvent id="e"/>
     <bpmn:subProcess id="onChange" triggeredByEvent="true">
       <bpmn:startEvent id="changed" isInterrupting="false">${condition(text)}</bpmn:startEvent>
       <bpmn:endEvent id="noted"/>
       <bpmn:sequenceFlow id="f9" sourceRef="changed" targetRef="noted"/>
     </bpmn:subProcess>
     <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="waitUntil"/>
     <bpmn:sequenceFlow id="f2" sourceRef="waitUntil" targetRef="fork"/>
     <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="a"/>
     <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="b"/>
     <bpmn:sequenceFlow id="f5" sourceRef="a" targetRef="join"/>
     <bpmn:sequenceFlow id="f6" sourceRef="b" targetRef="join"/>
     <bpmn:sequenceFlow id="f7" sourceRef="join" targetRef="research"/>
     <bpmn:sequenceFlow id="f8" sourceRef="research" targetRef="e"/>
     <bpmn:sequenceFlow id="f10" sourceRef="watch" targetRef="watched"/>`,
  );

const errors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');

describe('the FEEL of conditional events, complex gateways and ad-hoc subprocesses at deploy', () => {
  it('passes when every condition parses', async () => {
    expect(errors(await findingsOf(model('= amount &gt; 1000')))).toEqual([]);
  });

  it('reports a syntax error in each as a finding on its element, with its line', async () => {
    const found = errors(await findingsOf(model('= amount &gt;')));

    expect(found.map((f) => [f.elementId, f.message])).toEqual([
      ['waitUntil', containing("the condition of 'waitUntil' is not valid FEEL")],
      ['watch', containing("the condition of 'watch' is not valid FEEL")],
      ['join', containing("the activation condition of 'join' is not valid FEEL")],
      ['research', containing("the ad-hoc completion condition of 'research' is not valid FEEL")],
      ['changed', containing("the condition of 'changed' is not valid FEEL")],
    ]);
    for (const finding of found) expect(finding.line).toEqual(anyNumber());
  });

  it('reports a JUEL condition Sluice cannot translate rather than running it as false', async () => {
    const found = errors(await findingsOf(model('${order.items.size() &gt; 2}')));

    expect(found.map((f) => f.elementId)).toEqual(['waitUntil', 'watch', 'join', 'research', 'changed']);
    expect(found[0]?.message).toContain('JUEL that Sluice cannot translate');
  });

  it('refuses the deployment, naming the element, instead of evaluating false at run time', async () => {
    const { sluice } = await harness([]);
    try {
      const refused = await sluice.deploy([{ name: 'advanced.bpmn', content: model('= amount &gt;') }]).then(
        () => undefined,
        (error: unknown) => error as SluiceError,
      );
      expect(refused?.code).toBe('model-invalid');
      expect(refused?.findings?.map((f) => f.elementId)).toEqual([
        'waitUntil',
        'watch',
        'join',
        'research',
        'changed',
      ]);
      expect(await sluice.definitions()).toHaveLength(0);
    } finally {
      await sluice.close();
    }
  });
});
