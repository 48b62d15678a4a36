/**
 * The 40 workflow data patterns (Russell, ter Hofstede, Edmond, van der Aalst 2005): visibility,
 * internal and external interaction, transfer and data-based routing. Each runs a BPMN model
 * through the engine; where Sluice has no construct, the test shows what Sluice does instead.
 * docs/patterns.md rates each.
 */
import { describe, expect, it } from 'vitest';
import { flows, job, model, scenario, userTask } from '../control/pattern-scenario.js';

const io = (inner: string) =>
  `<bpmn:extensionElements><zeebe:ioMapping>${inner}</zeebe:ioMapping></bpmn:extensionElements>`;
const input = (source: string, target: string) => `<zeebe:input source="${source}" target="${target}"/>`;
const output = (source: string, target: string) => `<zeebe:output source="${source}" target="${target}"/>`;
const seq = (id: string, ...tasks: string[]) => {
  const ids = tasks.map((t) => /id="([^"]+)"/.exec(t)![1]!);
  const chain = ['s', ...ids, 'e'];
  return model(
    id,
    `<bpmn:startEvent id="s"/>${tasks.join('')}<bpmn:endEvent id="e"/>${flows(...chain.slice(1).map((to, i) => `${chain[i]}>${to}`))}`,
  );
};
const subProcess = (id: string, inner: string, attrs = '', extra = '') =>
  `<bpmn:subProcess id="${id}" ${attrs}>${extra}<bpmn:startEvent id="${id}_s"/>${inner}<bpmn:endEvent id="${id}_e"/></bpmn:subProcess>`;
const inSub = (id: string, first: string, last: string) => flows(`${id}_s>${first}`, `${last}>${id}_e`);

describe('data patterns: visibility', () => {
  it('WDP-1 task data: an input mapping gives a task a variable no other task sees', async () => {
    const s = await scenario([seq('taskData', job('a', io(input('=&quot;local&quot;', 'note'))), job('b'))]);
    const { instanceId } = await s.sluice.start('taskData');
    await s.sluice.idle();
    expect(s.ran[0]!.variables.note).toBe('local');
    expect(s.ran[1]!.variables.note).toBeUndefined();
    expect(await s.variables(instanceId)).not.toHaveProperty('note');
    await s.sluice.close();
  });

  it('WDP-2 block data and WDP-3 scope data: a subprocess scope holds variables its tasks share and the rest do not see', async () => {
    const s = await scenario([
      model(
        'block',
        `<bpmn:startEvent id="s"/>${subProcess('blk', `${job('inner1')}${job('inner2')}${flows('inner1>inner2')}${inSub('blk', 'inner1', 'inner2')}`, '', io(input('=7', 'shared')))}${job('outer')}<bpmn:endEvent id="e"/>${flows('s>blk', 'blk>outer', 'outer>e')}`,
      ),
    ]);
    await s.sluice.start('block');
    await s.sluice.idle();
    expect(s.ran.map((r) => [r.type, r.variables.shared])).toEqual([
      ['inner1', 7],
      ['inner2', 7],
      ['outer', undefined],
    ]);
    await s.sluice.close();
  });

  it('WDP-4 multiple instance data: each instance holds its own item and counter', async () => {
    const s = await scenario([
      seq(
        'miData',
        job(
          'each',
          `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`,
        ),
      ),
    ]);
    await s.sluice.start('miData', { variables: { items: ['x', 'y'] } });
    await s.sluice.idle();
    expect(s.ran.map((r) => [r.variables.item, r.variables.loopCounter])).toEqual([
      ['x', 1],
      ['y', 2],
    ]);
    await s.sluice.close();
  });

  it('WDP-5 case data: a variable written by one task is seen by every later task of the case', async () => {
    const s = await scenario([seq('caseData', job('a'), job('b'))], { a: { total: 42 } });
    await s.sluice.start('caseData');
    await s.sluice.idle();
    expect(s.ran[1]!.variables.total).toBe(42);
    await s.sluice.close();
  });

  it('WDP-6 folder data and WDP-7 workflow data: Sluice has no data shared between cases; a case never sees another case’s variables', async () => {
    const s = await scenario([seq('isolated', job('a'))], {
      a: (j) => ({ seen: j.variables.secret ?? null }),
    });
    await s.sluice.start('isolated', { variables: { secret: 'first case' } });
    const second = await s.sluice.start('isolated');
    await s.sluice.idle();
    expect((await s.variables(second.instanceId)).seen).toBeNull();
    await s.sluice.close();
  });

  it('WDP-8 environment data: Sluice models cannot read outside data; only a job handler can, and hands it back as variables', async () => {
    const outside = { rate: 1.2 };
    const s = await scenario([seq('env', job('lookup'), job('use'))], {
      lookup: () => ({ rate: outside.rate }),
    });
    await s.sluice.start('env');
    await s.sluice.idle();
    expect(s.ran[1]!.variables.rate).toBe(1.2);
    await s.sluice.close();
  });
});

describe('data patterns: internal data interaction', () => {
  it('WDP-9 task to task: data passes from one task to the next through the case', async () => {
    const s = await scenario([seq('t2t', job('produce'), job('consume'))], { produce: { order: { id: 9 } } });
    await s.sluice.start('t2t');
    await s.sluice.idle();
    expect(s.ran[1]!.variables.order).toEqual({ id: 9 });
    await s.sluice.close();
  });

  it('WDP-10 block task to subprocess decomposition and WDP-11 back: input and output mappings cross the subprocess border', async () => {
    const s = await scenario(
      [
        model(
          'decomp',
          `<bpmn:startEvent id="s"/>${subProcess('sub', `${job('inner')}${inSub('sub', 'inner', 'inner')}`, '', io(input('=amount * 2', 'doubled') + output('=result', 'fromSub')))}<bpmn:endEvent id="e"/>${flows('s>sub', 'sub>e')}`,
        ),
      ],
      { inner: (j) => ({ result: (j.variables.doubled as number) + 1 }) },
    );
    const { instanceId } = await s.sluice.start('decomp', { variables: { amount: 5 } });
    await s.sluice.idle();
    expect(s.ran[0]!.variables.doubled).toBe(10);
    expect(await s.variables(instanceId)).toMatchObject({ fromSub: 11 });
    await s.sluice.close();
  });

  const miOut = model(
    'miOut',
    `<bpmn:startEvent id="s"/>${job(
      'square',
      `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=numbers" inputElement="n" outputCollection="squares" outputElement="=sq"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`,
    )}<bpmn:endEvent id="e"/>${flows('s>square', 'square>e')}`,
  );

  it('WDP-12 to multiple instance task: each instance receives its item of the collection', async () => {
    const s = await scenario([miOut], { square: (j) => ({ sq: (j.variables.n as number) ** 2 }) });
    await s.sluice.start('miOut', { variables: { numbers: [2, 3] } });
    await s.sluice.idle();
    expect(s.ran.map((r) => r.variables.n)).toEqual([2, 3]);
    await s.sluice.close();
  });

  it('WDP-13 from multiple instance task: the instances’ results are gathered, in item order', async () => {
    const s = await scenario([miOut], { square: (j) => ({ sq: (j.variables.n as number) ** 2 }) });
    const { instanceId } = await s.sluice.start('miOut', { variables: { numbers: [2, 3, 4] } });
    await s.sluice.idle();
    expect((await s.variables(instanceId)).squares).toEqual([4, 9, 16]);
    await s.sluice.close();
  });

  it('WDP-14 case to case: a call activity passes data to another case and takes its result back', async () => {
    const parent = model(
      'parentCase',
      `<bpmn:startEvent id="s"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="childCase" propagateAllChildVariables="false"/>${'<zeebe:ioMapping>' + input('=orderId', 'orderId') + output('=label', 'label') + '</zeebe:ioMapping>'}</bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e"/>${flows('s>call', 'call>e')}`,
    );
    const child = seq('childCase', job('makeLabel'));
    const s = await scenario([parent, child], {
      makeLabel: (j) => ({ label: `L-${String(j.variables.orderId)}` }),
    });
    const { instanceId } = await s.sluice.start('parentCase', { variables: { orderId: 5 } });
    await s.sluice.idle();
    expect(await s.variables(instanceId)).toMatchObject({ label: 'L-5' });
    await s.sluice.close();
  });
});

describe('data patterns: external data interaction', () => {
  it('WDP-15 task to environment, push: a job hands its variables to the handler that acts outside', async () => {
    const sent: unknown[] = [];
    const s = await scenario([seq('push', job('notify', io(input('=customer.email', 'to'))))], {
      notify: (j) => void sent.push(j.variables.to),
    });
    await s.sluice.start('push', { variables: { customer: { email: 'a@b.c' } } });
    await s.sluice.idle();
    expect(sent).toEqual(['a@b.c']);
    await s.sluice.close();
  });

  it('WDP-16 environment to task, pull: a handler fetches outside data and returns it as the task’s result', async () => {
    const s = await scenario([seq('pull', job('fetch'))], { fetch: () => ({ stock: 12 }) });
    const { instanceId } = await s.sluice.start('pull');
    await s.sluice.idle();
    expect((await s.variables(instanceId)).stock).toBe(12);
    await s.sluice.close();
  });

  it('WDP-17 environment to task, push: completing a user task pushes its data into the case', async () => {
    const s = await scenario([seq('taskPush', userTask('enter'), job('after'))]);
    const { instanceId } = await s.sluice.start('taskPush');
    await s.complete(instanceId, 'enter', { approved: true });
    expect(s.ran[0]!.variables.approved).toBe(true);
    await s.sluice.close();
  });

  it('WDP-18 task to environment, pull: the environment reads an open task’s data through the API', async () => {
    const s = await scenario([seq('taskPull', userTask('review', io(input('=amount', 'toReview'))))]);
    const { instanceId } = await s.sluice.start('taskPull', { variables: { amount: 99 } });
    const [task] = (await s.sluice.tasks({ instanceId })).items;
    expect(task!.variables).toMatchObject({ toReview: 99 });
    await s.sluice.close();
  });

  it('WDP-19 case to environment, push and WDP-23 workflow to environment, push: only through a task; history events are there for listeners', async () => {
    const s = await scenario([seq('casePush', job('a'))], { a: { total: 3 } });
    const seen: string[] = [];
    s.sluice.onEvents((events) => seen.push(...events.map((e) => e.type)));
    await s.sluice.start('casePush');
    await s.sluice.idle();
    expect(seen).toContain('element.completed');
    await s.sluice.close();
  });

  it('WDP-20 environment to case, pull and WDP-24 environment to workflow, pull: a model cannot pull outside data; a service task must', async () => {
    const s = await scenario([seq('casePull', job('load'))], { load: () => ({ config: { limit: 5 } }) });
    const { instanceId } = await s.sluice.start('casePull');
    await s.sluice.idle();
    expect((await s.variables(instanceId)).config).toEqual({ limit: 5 });
    await s.sluice.close();
  });

  it('WDP-21 environment to case, push and WDP-25 environment to workflow, push: a correlated message writes its data into the waiting case', async () => {
    const s = await scenario([
      model(
        'casePushIn',
        `<bpmn:startEvent id="s"/><bpmn:receiveTask id="wait" messageRef="m"/>${job('after')}<bpmn:endEvent id="e"/>${flows('s>wait', 'wait>after', 'after>e')}`,
        '<bpmn:message id="m" name="update"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>',
      ),
    ]);
    await s.sluice.start('casePushIn', { variables: { orderId: 'o1' } });
    await s.sluice.correlate('update', { correlationKey: 'o1', variables: { status: 'paid' } });
    await s.sluice.idle();
    expect(s.ran[0]!.variables.status).toBe('paid');
    await s.sluice.close();
  });

  it('WDP-22 case to environment, pull and WDP-26 workflow to environment, pull: the environment reads case variables through the API', async () => {
    const s = await scenario([seq('caseRead', userTask('hold'))]);
    const { instanceId } = await s.sluice.start('caseRead', { variables: { owner: 'kim' } });
    expect((await s.sluice.instance(instanceId)).variables).toMatchObject({ owner: 'kim' });
    expect((await s.sluice.instances({ processId: 'caseRead' })).items.length).toBeGreaterThan(0);
    await s.sluice.close();
  });
});

describe('data patterns: data transfer', () => {
  it('WDP-27 by value, incoming and WDP-32 transformation on input: an input mapping copies a computed value in', async () => {
    const s = await scenario([seq('inValue', job('a', io(input('=upper case(name)', 'shout'))))]);
    await s.sluice.start('inValue', { variables: { name: 'ada' } });
    await s.sluice.idle();
    expect(s.ran[0]!.variables.shout).toBe('ADA');
    await s.sluice.close();
  });

  it('WDP-28 by value, outgoing and WDP-33 transformation on output: an output mapping copies a computed value out, and only it', async () => {
    const s = await scenario([seq('outValue', job('a', io(output('=raw * 100', 'percent'))))], {
      a: { raw: 0.5 },
    });
    const { instanceId } = await s.sluice.start('outValue');
    await s.sluice.idle();
    const variables = await s.variables(instanceId);
    expect(variables.percent).toBe(50);
    expect(variables).not.toHaveProperty('raw');
    await s.sluice.close();
  });

  it('WDP-29 copy in/copy out: a subprocess works on a copy; the case sees the change only when it is copied out', async () => {
    const s = await scenario([
      model(
        'copyInOut',
        `<bpmn:startEvent id="s"/>${subProcess('sub', `${userTask('edit')}${inSub('sub', 'edit', 'edit')}`, '', io(input('=doc', 'draft') + output('=draft', 'doc')))}<bpmn:endEvent id="e"/>${flows('s>sub', 'sub>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('copyInOut', { variables: { doc: 'v1' } });
    expect((await s.variables(instanceId)).doc).toBe('v1');
    await s.complete(instanceId, 'edit', { draft: 'v2' });
    expect((await s.variables(instanceId)).doc).toBe('v2');
    await s.sluice.close();
  });

  it('WDP-30 by reference, unlocked and WDP-31 by reference, with lock: Sluice passes only values; a called case changing its copy changes nothing', async () => {
    const parent = model(
      'byRef',
      `<bpmn:startEvent id="s"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="changer" propagateAllChildVariables="false"/></bpmn:extensionElements></bpmn:callActivity>${job('read')}<bpmn:endEvent id="e"/>${flows('s>call', 'call>read', 'read>e')}`,
    );
    const s = await scenario([parent, seq('changer', job('mutate'))], { mutate: { list: [1, 99] } });
    await s.sluice.start('byRef', { variables: { list: [1] } });
    await s.sluice.idle();
    expect(s.ran.map((r) => [r.type, r.variables.list])).toEqual([
      ['mutate', [1]],
      ['read', [1]],
    ]);
    await s.sluice.close();
  });
});

describe('data patterns: data-based routing', () => {
  it('WDP-34 task precondition, data existence: a conditional event holds the task back until the data is there', async () => {
    const s = await scenario([
      model(
        'exists',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('provide')}
         <bpmn:intermediateCatchEvent id="ready"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= address != null</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
         ${job('ship')}<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flows('s>split', 'split>provide', 'split>ready', 'ready>ship', 'provide>e1', 'ship>e2')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('exists');
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual([]);
    await s.complete(instanceId, 'provide', { address: 'Main St' });
    expect(s.ranTypes()).toEqual(['ship']);
    await s.sluice.close();
  });

  it('WDP-35 task precondition, data value and WDP-39 data-based task trigger: a conditional event starts the task when a value is reached', async () => {
    const s = await scenario([
      model(
        'value',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('count')}
         <bpmn:intermediateCatchEvent id="enough"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= stock &gt;= 10</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
         ${job('sell')}<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flows('s>split', 'split>count', 'split>enough', 'enough>sell', 'count>e1', 'sell>e2')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('value', { variables: { stock: 2 } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual([]);
    await s.complete(instanceId, 'count', { stock: 12 });
    expect(s.ranTypes()).toEqual(['sell']);
    await s.sluice.close();
  });

  it('WDP-36 task postcondition, data existence and WDP-37 data value: a loop repeats the task until its result is there and good', async () => {
    const answers = [null, 3, 8];
    const s = await scenario(
      [
        seq(
          'post',
          job(
            'ask',
            '<bpmn:standardLoopCharacteristics><bpmn:loopCondition>= score = null or score &lt; 5</bpmn:loopCondition></bpmn:standardLoopCharacteristics>',
          ),
        ),
      ],
      { ask: () => ({ score: answers.shift() }) },
    );
    const { instanceId } = await s.sluice.start('post');
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['ask', 'ask', 'ask']);
    expect((await s.variables(instanceId)).score).toBe(8);
    await s.sluice.close();
  });

  it('WDP-38 event-based task trigger: a message starts the task waiting for it', async () => {
    const s = await scenario([
      model(
        'eventTrigger',
        `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="go"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>${job('work')}<bpmn:endEvent id="e"/>${flows('s>go', 'go>work', 'work>e')}`,
        '<bpmn:message id="m" name="go"/>',
      ),
    ]);
    await s.sluice.start('eventTrigger');
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual([]);
    await s.sluice.correlate('go');
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['work']);
    await s.sluice.close();
  });

  it('WDP-40 data-based routing: gateway conditions over case data choose the path', async () => {
    const s = await scenario([
      model(
        'route',
        `<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="f_g_std"/>${job('express')}${job('std')}<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
         ${flows('s>g', 'g>express?order.priority = "high"', 'express>e1', 'std>e2')}<bpmn:sequenceFlow id="f_g_std" sourceRef="g" targetRef="std"/>`,
      ),
    ]);
    await s.sluice.start('route', { variables: { order: { priority: 'high' } } });
    await s.sluice.start('route', { variables: { order: { priority: 'low' } } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['express', 'std']);
    await s.sluice.close();
  });
});
