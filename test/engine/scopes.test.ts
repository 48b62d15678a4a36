import { describe, expect, it } from 'vitest';
import { BpmnError } from '../../src/index.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

describe('subprocesses, errors and call activities', () => {
  const claim = bpmn(
    'claim',
    `<bpmn:startEvent id="start"/>
     <bpmn:subProcess id="assess">
       <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="= amount * 2" target="limit"/></zeebe:ioMapping></bpmn:extensionElements>
       <bpmn:startEvent id="s2"/>
       <bpmn:scriptTask id="score" scriptFormat="feel"><bpmn:script>if limit > 1000 then "high" else "low"</bpmn:script>
         <bpmn:extensionElements><zeebe:script expression="= if limit > 1000 then &quot;high&quot; else &quot;low&quot;" resultVariable="risk"/></bpmn:extensionElements>
       </bpmn:scriptTask>
       <bpmn:exclusiveGateway id="risky" default="f_risky_e2"/>
       <bpmn:endEvent id="fraud"><bpmn:errorEventDefinition errorRef="err"/></bpmn:endEvent>
       <bpmn:endEvent id="e2"/>
       ${flows('s2>score', 'score>risky', 'risky>fraud?risk = "high"', 'risky>e2')}
     </bpmn:subProcess>
     <bpmn:boundaryEvent id="caught" attachedToRef="assess"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
     <bpmn:endEvent id="paid"/><bpmn:endEvent id="investigated"/>
     ${flows('start>assess', 'assess>paid', 'caught>investigated')}`,
    `<bpmn:error id="err" errorCode="FRAUD"/>`,
  );

  it('keep input-mapped variables local to the subprocess and propagate the rest', async () => {
    const { sluice, history } = await harness([claim]);
    const { instanceId } = await sluice.start('claim', { variables: { amount: 100 } });
    expect((await history(instanceId)).at(-1)).toBe('paid');
    const { variables } = await sluice.instance(instanceId);
    expect(variables).toEqual({ amount: 100, risk: 'low' }); // `limit` stayed in the subprocess
  });

  it('catch an error end event by the boundary event of the enclosing subprocess', async () => {
    const { sluice, history, status } = await harness([claim]);
    const { instanceId } = await sluice.start('claim', { variables: { amount: 900 } });
    expect(await status(instanceId)).toBe('completed');
    expect((await history(instanceId)).at(-1)).toBe('investigated');
    expect(await history(instanceId)).not.toContain('assess');
  });

  it('catch a BPMN error thrown by a handler on the task boundary, never retrying it', async () => {
    const model = bpmn(
      'pay',
      `<bpmn:startEvent id="start"/>${serviceTask('charge', 'charge')}
       <bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
       <bpmn:endEvent id="ok"/><bpmn:endEvent id="ko"/>${flows('start>charge', 'charge>ok', 'declined>ko')}`,
      `<bpmn:error id="e" errorCode="DECLINED"/>`,
    );
    let calls = 0;
    const { sluice, history } = await harness([model], {
      charge: () => {
        calls++;
        throw new BpmnError('DECLINED', 'card declined', { reason: 'insufficient funds' });
      },
    });
    const { instanceId } = await sluice.start('pay');
    await sluice.idle();
    expect((await history(instanceId)).at(-1)).toBe('ko');
    expect(calls).toBe(1);
    expect((await sluice.instance(instanceId)).variables).toEqual({ reason: 'insufficient funds' });
  });

  it('end the instance as terminated at a terminate end event, cancelling other branches', async () => {
    const model = bpmn(
      'abort',
      `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="slow"/>
       <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
       ${flows('start>fork', 'fork>slow', 'fork>stop')}`,
    );
    const { sluice, status } = await harness([model]);
    const { instanceId } = await sluice.start('abort');
    expect(await status(instanceId)).toBe('terminated');
    expect((await sluice.tasks()).items).toEqual([]);
    const cancelled = (await sluice.instance(instanceId)).history.filter(
      (e) => e.type === 'element.cancelled',
    );
    expect(cancelled.map((e) => e.elementId)).toEqual(['slow']);
  });

  it('pass variables into a called process and its results back', async () => {
    const parent = bpmn(
      'parent',
      `<bpmn:startEvent id="start"/>
       <bpmn:callActivity id="quote">
         <bpmn:extensionElements>
           <zeebe:calledElement processId="pricing" propagateAllChildVariables="false"/>
           <zeebe:ioMapping><zeebe:input source="= qty" target="count"/><zeebe:output source="= price" target="total"/></zeebe:ioMapping>
         </bpmn:extensionElements>
       </bpmn:callActivity>
       <bpmn:endEvent id="end"/>${flows('start>quote', 'quote>end')}`,
    );
    const child = bpmn(
      'pricing',
      `<bpmn:startEvent id="s"/>
       <bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="= count * 7" resultVariable="price"/></bpmn:extensionElements></bpmn:scriptTask>
       <bpmn:endEvent id="e"/>${flows('s>calc', 'calc>e')}`,
    );
    const { sluice, status } = await harness([parent, child]);
    const { instanceId } = await sluice.start('parent', { variables: { qty: 3 } });
    await sluice.idle();
    expect(await status(instanceId)).toBe('completed');
    expect((await sluice.instance(instanceId)).variables).toEqual({ qty: 3, total: 21 });
    const children = await sluice.instances({ processId: 'pricing' });
    expect(children.items).toMatchObject([{ status: 'completed', parentId: instanceId }]);
  });

  it('cancel the called instance when an interrupting boundary event leaves the call activity', async () => {
    const parent = bpmn(
      'caller',
      `<bpmn:startEvent id="start"/>
       <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="waiter"/></bpmn:extensionElements></bpmn:callActivity>
       <bpmn:boundaryEvent id="timeout" attachedToRef="call"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
       <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flows('start>call', 'call>e1', 'timeout>e2')}`,
    );
    const child = bpmn(
      'waiter',
      `<bpmn:startEvent id="s"/><bpmn:userTask id="u"/><bpmn:endEvent id="e"/>${flows('s>u', 'u>e')}`,
    );
    const { sluice, advance, status } = await harness([parent, child]);
    const { instanceId } = await sluice.start('caller');
    await sluice.idle();
    const [called] = (await sluice.instances({ processId: 'waiter' })).items;
    expect(called?.status).toBe('active');
    await advance(3600_000);
    expect(await status(instanceId)).toBe('completed');
    expect(await status(called!.id)).toBe('terminated');
    expect((await sluice.tasks()).items).toEqual([]);
  });
});
