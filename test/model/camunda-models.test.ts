import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/index.js';
import type { Finding } from '../../src/model/findings.js';
import { importBpmn } from '../../src/model/index.js';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const miwg = join(import.meta.dirname, '../../../shared/data/bpmn/miwg');
const zeebeModels = join(
  import.meta.dirname,
  '../../../shared/data/bpmn/zeebe-model/zeebe/bpmn-model/src/test/resources/io/camunda/zeebe/model/bpmn',
);

describe('Camunda 7 models', () => {
  it('run the MIWG invoice model (C.1.0, camunda: bound to the Activiti namespace) unchanged', async () => {
    const archived: JobContext[] = [];
    const file = readFileSync(join(miwg, 'Reference/C.1.0.bpmn'));
    const { sluice, history } = await harness([], { archiveService: (job) => void archived.push(job) });
    const { deployed } = await sluice.deploy([{ name: 'C.1.0.bpmn', content: file }]);
    expect(deployed.map((d) => d.processId)).toEqual(['bpmn-miwg-test-case-c.1.0']);

    // Its start event is a message start event.
    const { instanceId } = await sluice.correlate('invoice-received-C.1.0');
    const next = async () => (await sluice.tasks({ instanceId })).items[0]!;
    const assign = await next();
    expect(assign).toMatchObject({ elementId: 'assignApprover', assignee: 'demo' });
    await sluice.completeTask(assign.id, { variables: { approver: 'mary' } });
    const approve = await next();
    // camunda:assignee="${approver}" is evaluated as FEEL when the task is created.
    expect(approve).toMatchObject({
      elementId: 'approveInvoice',
      assignee: 'mary',
      formKey: 'app:approveInvoice.jsf',
    });
    await sluice.completeTask(approve.id, { variables: { approved: false } });
    const review = await next();
    expect(review.elementId).toBe('reviewInvoice');
    await sluice.completeTask(review.id, { variables: { clarified: 'yes' } });
    await sluice.completeTask((await next()).id, { variables: { approved: true } });
    const transfer = await next();
    expect(transfer).toMatchObject({ elementId: 'prepareBankTransfer', candidateGroups: ['accounting'] });
    await sluice.completeTask(transfer.id);
    await sluice.idle();

    expect(await history(instanceId)).toContain('invoiceProcessed');
    expect(archived).toHaveLength(1);
    expect(archived[0]!.headers).toMatchObject({ text0: 'Hello World', text3: 'Hello World' });
    await sluice.close();
  });

  it('turn Java delegates into job types named as written', async () => {
    const model = bpmn(
      'delegates',
      `<bpmn:startEvent id="s"/>
       <bpmn:serviceTask id="byClass" camunda:class="com.acme.ChargeCard"/>
       <bpmn:serviceTask id="byBean" camunda:delegateExpression="\${shipOrder}">
         <bpmn:extensionElements><camunda:field name="carrier" stringValue="DHL"/></bpmn:extensionElements>
       </bpmn:serviceTask>
       <bpmn:sendTask id="byExpression" camunda:expression="\${mailer.send(execution)}"/>
       <bpmn:serviceTask id="byTopic" camunda:type="external" camunda:topic="archive"/>
       <bpmn:endEvent id="e"/>
       ${flows('s>byClass', 'byClass>byBean', 'byBean>byExpression', 'byExpression>byTopic', 'byTopic>e')}`,
    );
    const ran: string[] = [];
    const record = (job: JobContext) =>
      void ran.push(`${job.type}${job.headers.carrier ? `/${job.headers.carrier}` : ''}`);
    const { sluice, status } = await harness([model], {
      'com.acme.ChargeCard': record,
      shipOrder: record,
      'mailer.send(execution)': record,
      archive: record,
    });
    const { instanceId } = await sluice.start('delegates');
    await sluice.idle();
    expect(ran).toEqual(['com.acme.ChargeCard', 'shipOrder/DHL', 'mailer.send(execution)', 'archive']);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });

  it('translate JUEL conditions, assignments and mappings to FEEL', async () => {
    const model = bpmn(
      'juel',
      `<bpmn:startEvent id="s"/>
       <bpmn:exclusiveGateway id="route" default="f_route_normal"/>
       <bpmn:userTask id="rush" camunda:assignee="\${order.owner}" camunda:candidateGroups="dispatch, \${region}">
         <bpmn:extensionElements><camunda:inputOutput>
           <camunda:inputParameter name="label">Order \${order.id} for \${order.customer}</camunda:inputParameter>
           <camunda:inputParameter name="steps"><camunda:list><camunda:value>pack</camunda:value><camunda:value>\${order.id}</camunda:value></camunda:list></camunda:inputParameter>
           <camunda:inputParameter name="meta"><camunda:map><camunda:entry key="urgent">\${order.total &gt; 1000}</camunda:entry></camunda:map></camunda:inputParameter>
         </camunda:inputOutput></bpmn:extensionElements>
       </bpmn:userTask>
       <bpmn:endEvent id="normal"/><bpmn:endEvent id="done"/>
       <bpmn:sequenceFlow id="f_s_route" sourceRef="s" targetRef="route"/>
       <bpmn:sequenceFlow id="f_route_rush" sourceRef="route" targetRef="rush">
         <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${not empty order.items &amp;&amp; order.total gt 100 || order.vip}</bpmn:conditionExpression>
       </bpmn:sequenceFlow>
       <bpmn:sequenceFlow id="f_route_normal" sourceRef="route" targetRef="normal"/>
       ${flows('rush>done')}`,
    );
    const { sluice, history } = await harness([model]);
    const order = { id: 7, owner: 'kim', customer: 'ACME', items: ['a'], total: 5000, vip: false };
    const rushed = await sluice.start('juel', { variables: { order, region: 'north' } });
    const [task] = (await sluice.tasks()).items;
    expect(task).toMatchObject({ assignee: 'kim', candidateGroups: ['dispatch', 'north'] });
    expect(task!.variables).toMatchObject({
      label: 'Order 7 for ACME',
      steps: ['pack', 7],
      meta: { urgent: true },
    });
    await sluice.completeTask(task!.id);
    expect((await history(rushed.instanceId)).at(-1)).toBe('done');
    const normal = await sluice.start('juel', { variables: { order: { ...order, items: [], vip: false } } });
    expect((await history(normal.instanceId)).at(-1)).toBe('normal');
    await sluice.close();
  });

  it('refuse JUEL outside the translatable subset, naming the element and the reason', async () => {
    const model = bpmn(
      'java',
      `<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="f_g_b"/>
       <bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
       <bpmn:sequenceFlow id="s_g" sourceRef="s" targetRef="g"/>
       <bpmn:sequenceFlow id="toA" sourceRef="g" targetRef="a">
         <bpmn:conditionExpression>\${riskService.isRisky(order)}</bpmn:conditionExpression>
       </bpmn:sequenceFlow>
       <bpmn:sequenceFlow id="f_g_b" sourceRef="g" targetRef="b"/>`,
    );
    const { findings } = await importBpmn(model);
    const refused = findings.filter((f) => f.severity === 'error');
    expect(refused.map((f) => f.elementId)).toEqual(['toA']);
    expect(refused[0]!.message).toMatch(/JUEL that Sluice cannot translate.*calls the method 'isRisky\(\)'/);
  });

  it('call processes with camunda:in and camunda:out', async () => {
    const parent = bpmn(
      'parent',
      `<bpmn:startEvent id="s"/>
       <bpmn:callActivity id="call" calledElement="child">
         <bpmn:extensionElements>
           <camunda:in source="amount" target="total"/>
           <camunda:in sourceExpression="\${amount * 2}" target="doubled"/>
           <camunda:out source="result" target="answer"/>
         </bpmn:extensionElements>
       </bpmn:callActivity>
       <bpmn:endEvent id="e"/>${flows('s>call', 'call>e')}`,
    );
    const child = bpmn(
      'child',
      `<bpmn:startEvent id="cs"/>
       <bpmn:scriptTask id="sum" scriptFormat="feel" camunda:resultVariable="result"><bpmn:script>total + doubled + (if secret = null then 0 else 1000)</bpmn:script></bpmn:scriptTask>
       <bpmn:endEvent id="ce"/>${flows('cs>sum', 'sum>ce')}`,
    );
    const { sluice } = await harness([parent, child]);
    const { instanceId } = await sluice.start('parent', { variables: { amount: 5, secret: 'x' } });
    await sluice.idle();
    const details = await sluice.instance(instanceId);
    expect(details.status).toBe('completed');
    expect(details.variables).toMatchObject({ answer: 15 });
    expect(details.variables).not.toHaveProperty('result');
    await sluice.close();
  });
});

describe('Camunda 8 models', () => {
  it('run with zeebe task types, headers, mappings, FEEL conditions, assignments and forms', async () => {
    const model = bpmn(
      'c8',
      `<bpmn:startEvent id="s"/>
       <bpmn:serviceTask id="score">
         <bpmn:extensionElements>
           <zeebe:taskDefinition type="credit-score" retries="2"/>
           <zeebe:taskHeaders><zeebe:header key="bureau" value="experian"/></zeebe:taskHeaders>
           <zeebe:ioMapping><zeebe:input source="=applicant.id" target="id"/><zeebe:output source="=value" target="score"/></zeebe:ioMapping>
         </bpmn:extensionElements>
       </bpmn:serviceTask>
       <bpmn:exclusiveGateway id="ok" default="f_ok_auto"/>
       <bpmn:userTask id="review">
         <bpmn:extensionElements>
           <zeebe:assignmentDefinition assignee="=applicant.banker" candidateUsers="=[&quot;ann&quot;, &quot;bob&quot;]"/>
           <zeebe:formDefinition formId="review-form"/>
         </bpmn:extensionElements>
       </bpmn:userTask>
       <bpmn:endEvent id="auto"/><bpmn:endEvent id="reviewed"/>
       ${flows('s>score', 'score>ok', 'ok>review?600 > score', 'review>reviewed')}
       <bpmn:sequenceFlow id="f_ok_auto" sourceRef="ok" targetRef="auto"/>`,
    );
    const seen: JobContext[] = [];
    const { sluice } = await harness([model], {
      'credit-score': (job) => {
        seen.push(job);
        return { value: job.variables.id === 'low' ? 500 : 700 };
      },
    });
    await sluice.start('c8', { variables: { applicant: { id: 'low', banker: 'zoe' } } });
    await sluice.idle();
    expect(seen[0]).toMatchObject({ retries: 2, headers: { bureau: 'experian' }, variables: { id: 'low' } });
    const [task] = (await sluice.tasks()).items;
    expect(task).toMatchObject({
      elementId: 'review',
      assignee: 'zoe',
      candidateUsers: ['ann', 'bob'],
      formKey: 'review-form',
    });
    await sluice.close();
  });
});

describe('code in models', () => {
  const withCode = bpmn(
    'coded',
    `<bpmn:startEvent id="s">
       <bpmn:extensionElements><camunda:executionListener event="end" class="com.acme.Audit"/></bpmn:extensionElements>
     </bpmn:startEvent>
     <bpmn:scriptTask id="groovy" scriptFormat="groovy" camunda:resultVariable="x"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
     <bpmn:userTask id="approve">
       <bpmn:extensionElements>
         <camunda:taskListener event="create" delegateExpression="\${notifier}"/>
         <camunda:inputOutput><camunda:inputParameter name="js"><camunda:script scriptFormat="javascript">1 + 1</camunda:script></camunda:inputParameter></camunda:inputOutput>
       </bpmn:extensionElements>
     </bpmn:userTask>
     <bpmn:endEvent id="e"/>${flows('s>groovy', 'groovy>approve', 'approve>e')}`,
  );

  it('is reported per element as a warning, and the model runs without it', async () => {
    const { sluice } = await harness([]);
    const { findings } = await sluice.deploy([{ name: 'coded.bpmn', content: withCode }]);
    const notRun = findings.filter((f) => f.code === 'not-executed');
    expect(notRun.map((f) => [f.severity, f.elementId])).toEqual([
      ['warning', 's'],
      ['warning', 'groovy'],
      ['warning', 'approve'],
      ['warning', 'approve'],
    ]);
    expect(notRun[1]!.message).toMatch(/written in groovy and will not run/);
    expect(notRun.every((f) => f.line !== undefined)).toBe(true);

    const { instanceId } = await sluice.start('coded');
    const [task] = (await sluice.tasks()).items;
    expect(task!.variables).toMatchObject({ js: null });
    expect((await sluice.instance(instanceId)).variables).not.toHaveProperty('x');
    await sluice.close();
  });

  it('is refused by a strict deploy, which deploys nothing', async () => {
    const { sluice } = await harness([]);
    const refused = sluice.deploy([{ name: 'coded.bpmn', content: withCode }], { strict: true });
    const error = (await refused.catch((e: unknown) => e)) as { code?: string; findings?: Finding[] };
    expect(error.code).toBe('model-invalid');
    expect(error.findings?.filter((f) => f.severity === 'error').map((f) => f.elementId)).toEqual([
      's',
      'groovy',
      'approve',
      'approve',
    ]);
    expect(await sluice.definitions()).toEqual([]);
    await sluice.close();
  });

  it('includes Camunda 8 execution listeners (the Zeebe model project test file)', async () => {
    const file = readFileSync(join(zeebeModels, 'instance/zeebe/ZeebeExecutionListenersTest.bpmn'));
    const imported = await importBpmn(file, 'ZeebeExecutionListenersTest.bpmn');
    const notRun = imported.findings.filter((f) => f.code === 'not-executed');
    expect(notRun.map((f) => [f.severity, f.elementId])).toContainEqual(['warning', 'service_task']);
    expect(notRun[0]!.message).toMatch(/Camunda 8 execution listeners/);
    expect(imported.processes[0]!.graph).toBeDefined();
  });
});
