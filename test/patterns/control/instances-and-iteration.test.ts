/**
 * Control-flow patterns WCP-12 to 15, 18, 21 to 39, 41, 42 (Russell, ter Hofstede, van der Aalst,
 * Mulyar 2006): multiple instances, iteration, triggers, cancellation and completion, partial
 * joins, termination and concurrency. Where Sluice has no direct construct, the test shows what
 * Sluice does today; docs/patterns.md rates each.
 */
import { describe, expect, it } from 'vitest';
import { flows, job, model, scenario, userTask } from './pattern-scenario.js';

const mi = (attrs: string, inner: string) =>
  `<bpmn:multiInstanceLoopCharacteristics ${attrs}>${inner}</bpmn:multiInstanceLoopCharacteristics>`;
const collection = (items: string, element = 'item', extra = '') =>
  `<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=${items}" inputElement="${element}" ${extra}/></bpmn:extensionElements>`;
const lt = (text: string) => text.replaceAll('<=', '&lt;=').replaceAll(' < ', ' &lt; ');

describe('control-flow patterns: multiple instances', () => {
  it('WCP-12 multiple instances without synchronization: instances run on while the case goes on', async () => {
    const s = await scenario([
      model(
        'noSync',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>
         ${userTask('notify', mi('', collection('people')))}${job('main')}
         <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
         ${flows('s>split', 'split>notify', 'split>main', 'notify>e1', 'main>e2')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('noSync', { variables: { people: ['ann', 'bob'] } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['main']);
    expect(await s.openTasks(instanceId)).toEqual(['notify', 'notify']);
    await s.sluice.close();
  });

  it('WCP-13 multiple instances with a priori design-time knowledge: a fixed number of instances, then continue', async () => {
    const s = await scenario([
      model(
        'designTime',
        `<bpmn:startEvent id="s"/>${job('sign', mi('', '<bpmn:loopCardinality>3</bpmn:loopCardinality>'))}${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>sign', 'sign>after', 'after>e')}`,
      ),
    ]);
    await s.sluice.start('designTime');
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['sign', 'sign', 'sign', 'after']);
    await s.sluice.close();
  });

  it('WCP-14 multiple instances with a priori run-time knowledge: one instance per item known at run time', async () => {
    const s = await scenario([
      model(
        'runTime',
        `<bpmn:startEvent id="s"/>${job('check', mi('', collection('parts', 'part')))}${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>check', 'check>after', 'after>e')}`,
      ),
    ]);
    await s.sluice.start('runTime', { variables: { parts: ['x', 'y', 'z', 'w'] } });
    await s.sluice.idle();
    expect(s.ran.filter((r) => r.type === 'check').map((r) => r.variables.part)).toEqual([
      'x',
      'y',
      'z',
      'w',
    ]);
    expect(s.ranTypes().at(-1)).toBe('after');
    await s.sluice.close();
  });

  it('WCP-15 multiple instances without a priori run-time knowledge: a non-interrupting event adds instances while the others run', async () => {
    // Sluice has no "add an instance to a running multi-instance activity"; the model starts
    // each further instance from a non-interrupting message boundary event, within one subprocess
    // that completes when all of them are done.
    const s = await scenario([
      model(
        'noKnowledge',
        `<bpmn:startEvent id="s"/>
         <bpmn:subProcess id="batch">
           <bpmn:startEvent id="bs"/>${userTask('handle', mi('', collection('initial')))}<bpmn:endEvent id="be"/>
           <bpmn:boundaryEvent id="more" attachedToRef="handle" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m"/></bpmn:boundaryEvent>
           ${userTask('handleExtra')}<bpmn:endEvent id="be2"/>
           ${flows('bs>handle', 'handle>be', 'more>handleExtra', 'handleExtra>be2')}
         </bpmn:subProcess>${job('after')}<bpmn:endEvent id="e"/>${flows('s>batch', 'batch>after', 'after>e')}`,
        '<bpmn:message id="m" name="one-more"/>',
      ),
    ]);
    const { instanceId } = await s.sluice.start('noKnowledge', { variables: { initial: [1] } });
    await s.sluice.correlate('one-more');
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual(['handle', 'handleExtra']);
    await s.complete(instanceId, 'handle');
    expect(s.ranTypes()).toEqual([]);
    await s.complete(instanceId, 'handleExtra');
    expect(s.ranTypes()).toEqual(['after']);
    await s.sluice.close();
  });

  it('WCP-26 cancel multiple-instance activity: an interrupting boundary event cancels every instance', async () => {
    const s = await scenario([
      model(
        'cancelMi',
        `<bpmn:startEvent id="s"/>${userTask('review', mi('', collection('docs')))}
         <bpmn:boundaryEvent id="stop" attachedToRef="review"><bpmn:messageEventDefinition messageRef="m"/></bpmn:boundaryEvent>
         <bpmn:endEvent id="e"/><bpmn:endEvent id="stopped"/>${flows('s>review', 'review>e', 'stop>stopped')}`,
        '<bpmn:message id="m" name="stop-review"/>',
      ),
    ]);
    const { instanceId } = await s.sluice.start('cancelMi', { variables: { docs: [1, 2, 3] } });
    expect(await s.openTasks(instanceId)).toHaveLength(3);
    await s.sluice.correlate('stop-review');
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual([]);
    expect(await s.history(instanceId)).toContain('stopped');
    await s.sluice.close();
  });

  const partial = () =>
    model(
      'partialMi',
      `<bpmn:startEvent id="s"/>${userTask(
        'vote',
        mi(
          '',
          `${collection('voters')}<bpmn:completionCondition>= nrOfCompletedInstances >= 2</bpmn:completionCondition>`,
        ),
      )}${job('count')}<bpmn:endEvent id="e"/>${flows('s>vote', 'vote>count', 'count>e')}`,
    );

  it('WCP-27 complete multiple-instance activity and WCP-35 cancelling partial join for multiple instances: after 2 of 3, the rest are withdrawn', async () => {
    const s = await scenario([partial()]);
    const { instanceId } = await s.sluice.start('partialMi', { variables: { voters: ['a', 'b', 'c'] } });
    const [first, second] = (await s.sluice.tasks({ instanceId })).items;
    await s.sluice.completeTask(first!.id);
    await s.sluice.completeTask(second!.id);
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['count']);
    expect(await s.openTasks(instanceId)).toEqual([]);
    await s.sluice.close();
  });

  it('WCP-34 static partial join for multiple instances: Sluice continues after 2 of 3 but withdraws the third rather than letting it finish', async () => {
    const s = await scenario([partial()]);
    const { instanceId } = await s.sluice.start('partialMi', { variables: { voters: ['a', 'b', 'c'] } });
    const [first, second] = (await s.sluice.tasks({ instanceId })).items;
    await s.sluice.completeTask(first!.id);
    await s.sluice.completeTask(second!.id);
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['count']);
    // The pattern wants the third instance to run to completion; Sluice cancels it.
    const { history } = await s.sluice.instance(instanceId);
    expect(history.filter((e) => e.type === 'element.cancelled' && e.elementId === 'vote')).toHaveLength(1);
    await s.sluice.close();
  });

  it('WCP-36 dynamic partial join for multiple instances: Sluice fixes the instances at the start; a later item does not add one', async () => {
    const s = await scenario([
      model(
        'dynamicMi',
        `<bpmn:startEvent id="s"/>${userTask('pick', mi('', collection('items')))}${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>pick', 'pick>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('dynamicMi', { variables: { items: [1, 2] } });
    const [first] = (await s.sluice.tasks({ instanceId })).items;
    await s.sluice.completeTask(first!.id, { variables: { items: [1, 2, 3] } });
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual(['pick']);
    await s.sluice.close();
  });

  it('WCP-42 thread split and WCP-41 thread merge: one branch becomes n threads, then one again', async () => {
    const s = await scenario([
      model(
        'threads',
        `<bpmn:startEvent id="s"/>${job('pack', mi('', '<bpmn:loopCardinality>= boxes</bpmn:loopCardinality>'))}${job('ship')}<bpmn:endEvent id="e"/>
         ${flows('s>pack', 'pack>ship', 'ship>e')}`,
      ),
    ]);
    await s.sluice.start('threads', { variables: { boxes: 4 } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['pack', 'pack', 'pack', 'pack', 'ship']);
    await s.sluice.close();
  });
});

describe('control-flow patterns: iteration and termination', () => {
  it('WCP-21 structured loop: a standard loop repeats the activity while its condition holds', async () => {
    const s = await scenario(
      [
        model(
          'loop',
          `<bpmn:startEvent id="s"/>${job(
            'attempt',
            lt(
              '<bpmn:standardLoopCharacteristics testBefore="false"><bpmn:loopCondition>= tries < 3</bpmn:loopCondition></bpmn:standardLoopCharacteristics>',
            ),
          )}<bpmn:endEvent id="e"/>${flows('s>attempt', 'attempt>e')}`,
        ),
      ],
      { attempt: (j) => ({ tries: ((j.variables.tries as number) ?? 0) + 1 }) },
    );
    await s.sluice.start('loop', { variables: { tries: 0 } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['attempt', 'attempt', 'attempt']);
    await s.sluice.close();
  });

  it('WCP-22 recursion: a process calls itself through a call activity until its base case', async () => {
    const s = await scenario(
      [
        model(
          'countdown',
          `<bpmn:startEvent id="s"/>${job('tick')}<bpmn:exclusiveGateway id="more" default="f_more_e"/>
           <bpmn:callActivity id="recurse" calledElement="countdown">
             <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=n - 1" target="n"/></zeebe:ioMapping></bpmn:extensionElements>
           </bpmn:callActivity><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
           ${flows('s>tick', 'tick>more', 'more>recurse?n > 1', 'recurse>e2')}<bpmn:sequenceFlow id="f_more_e" sourceRef="more" targetRef="e"/>`,
        ),
      ],
      {},
    );
    const { instanceId } = await s.sluice.start('countdown', { variables: { n: 3 } });
    await s.sluice.idle();
    expect(s.ran.map((r) => r.variables.n)).toEqual([3, 2, 1]);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });
});

describe('control-flow patterns: triggers', () => {
  const waiting = model(
    'trigger',
    `<bpmn:startEvent id="s"/>${userTask('first')}
     <bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent>
     <bpmn:endEvent id="e"/>${flows('s>first', 'first>go', 'go>e')}`,
    '<bpmn:signal id="sig" name="go"/>',
  );

  it('WCP-23 transient trigger: a signal nobody is waiting for yet is lost', async () => {
    const s = await scenario([waiting]);
    const { instanceId } = await s.sluice.start('trigger');
    expect((await s.sluice.signal('go')).delivered).toBe(0);
    await s.complete(instanceId, 'first');
    expect(await s.status(instanceId)).toBe('active');
    await s.sluice.signal('go');
    await s.sluice.idle();
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });

  it('WCP-24 persistent trigger: Sluice does not keep a message that arrives before its catch event is reached; it refuses it', async () => {
    const s = await scenario([
      model(
        'persistent',
        `<bpmn:startEvent id="s"/>${userTask('first')}
         <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
         <bpmn:endEvent id="e"/>${flows('s>first', 'first>paid', 'paid>e')}`,
        '<bpmn:message id="m" name="paid"/>',
      ),
    ]);
    const { instanceId } = await s.sluice.start('persistent');
    await expect(s.sluice.correlate('paid')).rejects.toMatchObject({ code: 'message-not-correlated' });
    await s.complete(instanceId, 'first');
    expect(await s.status(instanceId)).toBe('active');
    await s.sluice.close();
  });
});

describe('control-flow patterns: cancellation and partial joins', () => {
  it('WCP-25 cancel region: an interrupting event on a subprocess withdraws everything inside it', async () => {
    const s = await scenario([
      model(
        'cancelRegion',
        `<bpmn:startEvent id="s"/>
         <bpmn:subProcess id="region"><bpmn:startEvent id="rs"/><bpmn:parallelGateway id="rsplit"/>${userTask('a')}${userTask('b')}
           <bpmn:endEvent id="ra"/><bpmn:endEvent id="rb"/>${flows('rs>rsplit', 'rsplit>a', 'rsplit>b', 'a>ra', 'b>rb')}</bpmn:subProcess>
         <bpmn:boundaryEvent id="abort" attachedToRef="region"><bpmn:messageEventDefinition messageRef="m"/></bpmn:boundaryEvent>
         ${userTask('outside')}<bpmn:parallelGateway id="split"/>
         <bpmn:endEvent id="e"/><bpmn:endEvent id="aborted"/><bpmn:endEvent id="e3"/>
         ${flows('s>split', 'split>region', 'split>outside', 'region>e', 'abort>aborted', 'outside>e3')}`,
        '<bpmn:message id="m" name="abort-region"/>',
      ),
    ]);
    const { instanceId } = await s.sluice.start('cancelRegion');
    await s.sluice.correlate('abort-region');
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual(['outside']);
    await s.sluice.close();
  });

  it('WCP-29 cancelling discriminator: the first branch to finish ends the region and cancels the others', async () => {
    const s = await scenario([
      model(
        'cancelDisc',
        `<bpmn:startEvent id="s"/>
         <bpmn:subProcess id="race"><bpmn:startEvent id="rs"/><bpmn:parallelGateway id="rsplit"/>${userTask('a')}${userTask('b')}
           <bpmn:endEvent id="ta"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="tb"><bpmn:terminateEventDefinition/></bpmn:endEvent>
           ${flows('rs>rsplit', 'rsplit>a', 'rsplit>b', 'a>ta', 'b>tb')}</bpmn:subProcess>
         ${job('after')}<bpmn:endEvent id="e"/>${flows('s>race', 'race>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('cancelDisc');
    await s.complete(instanceId, 'b');
    expect(await s.openTasks(instanceId)).toEqual([]);
    expect(s.ranTypes()).toEqual(['after']);
    await s.sluice.close();
  });

  const complexJoin = (condition: string, id: string) =>
    model(
      id,
      `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('a')}${userTask('b')}${userTask('c')}
       <bpmn:complexGateway id="join"><bpmn:activationCondition>= ${condition}</bpmn:activationCondition></bpmn:complexGateway>
       ${job('after')}<bpmn:endEvent id="e"/>
       ${flows('s>split', 'split>a', 'split>b', 'split>c', 'a>join', 'b>join', 'c>join', 'join>after', 'after>e')}`,
    );

  it('WCP-30 structured partial join: after 2 of 3 branches the join fires once; the third is absorbed', async () => {
    const s = await scenario([complexJoin('activationCount = 2', 'partial')]);
    const { instanceId } = await s.sluice.start('partial');
    await s.complete(instanceId, 'a');
    expect(s.ranTypes()).toEqual([]);
    await s.complete(instanceId, 'c');
    expect(s.ranTypes()).toEqual(['after']);
    await s.complete(instanceId, 'b');
    expect(s.ranTypes()).toEqual(['after']);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });

  it('WCP-28 blocking discriminator and WCP-31 blocking partial join: a second wave is not let through before the first is complete', async () => {
    const s = await scenario([complexJoin('activationCount = 1', 'blocking')]);
    const { instanceId } = await s.sluice.start('blocking');
    await s.complete(instanceId, 'a');
    await s.complete(instanceId, 'b');
    await s.complete(instanceId, 'c');
    expect(s.ranTypes()).toEqual(['after']);
    await s.sluice.close();
  });

  it('WCP-32 cancelling partial join: after 2 of 3 branches the join fires and the third is withdrawn', async () => {
    // A subprocess whose branches count themselves; the complex gateway inside fires at 2 and
    // a terminate end event ends the subprocess, withdrawing the branch still running.
    const s = await scenario([
      model(
        'cancelPartial',
        `<bpmn:startEvent id="s"/>
         <bpmn:subProcess id="region"><bpmn:startEvent id="rs"/><bpmn:parallelGateway id="rsplit"/>${userTask('a')}${userTask('b')}${userTask('c')}
           <bpmn:complexGateway id="join"><bpmn:activationCondition>= activationCount = 2</bpmn:activationCondition></bpmn:complexGateway>
           <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
           ${flows('rs>rsplit', 'rsplit>a', 'rsplit>b', 'rsplit>c', 'a>join', 'b>join', 'c>join', 'join>stop')}</bpmn:subProcess>
         ${job('after')}<bpmn:endEvent id="e"/>${flows('s>region', 'region>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('cancelPartial');
    await s.complete(instanceId, 'a');
    await s.complete(instanceId, 'b');
    expect(await s.openTasks(instanceId)).toEqual([]);
    expect(s.ranTypes()).toEqual(['after']);
    await s.sluice.close();
  });

  it('WCP-33 generalised AND-join: tokens arriving twice on one flow wait for the next round', async () => {
    const s = await scenario([
      model(
        'generalAnd',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${job('a')}${job('a2')}${userTask('b')}
         <bpmn:exclusiveGateway id="merge"/><bpmn:parallelGateway id="join"/>${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>split', 'split>a', 'split>a2', 'split>b', 'a>merge', 'a2>merge', 'merge>join', 'b>join', 'join>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('generalAnd');
    await s.sluice.idle();
    expect(s.ranTypes().filter((t) => t === 'after')).toEqual([]);
    await s.complete(instanceId, 'b');
    expect(s.ranTypes().filter((t) => t === 'after')).toEqual(['after']);
    expect(await s.status(instanceId)).toBe('active');
    await s.sluice.close();
  });

  it('WCP-37 acyclic synchronizing merge: an OR-join in an unstructured model waits only for branches that can still arrive', async () => {
    const s = await scenario([
      model(
        'acyclic',
        `<bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="split"/>${userTask('a')}${userTask('b')}${job('c')}
         <bpmn:exclusiveGateway id="skip" default="f_skip_join"/><bpmn:inclusiveGateway id="join"/>${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>split', 'split>a?true', 'split>b?useB', 'a>skip', 'skip>c?detour', 'c>join', 'b>join', 'join>after', 'after>e')}
         <bpmn:sequenceFlow id="f_skip_join" sourceRef="skip" targetRef="join"/>`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('acyclic', { variables: { useB: true, detour: true } });
    await s.complete(instanceId, 'a');
    expect(s.ranTypes()).toEqual(['c']);
    await s.complete(instanceId, 'b');
    expect(s.ranTypes()).toEqual(['c', 'after']);
    await s.sluice.close();
  });

  it('WCP-38 general synchronizing merge: an OR-join waits while a token in a loop upstream can still reach it', async () => {
    const s = await scenario(
      [
        model(
          'general',
          lt(`<bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="split"/>${userTask('a')}<bpmn:exclusiveGateway id="loopIn"/>${job('b')}
           <bpmn:exclusiveGateway id="loopOut" default="f_loopOut_join"/><bpmn:inclusiveGateway id="join"/>${job('after')}<bpmn:endEvent id="e"/>
           ${flows('s>split', 'split>a?true', 'split>loopIn?true', 'loopIn>b', 'b>loopOut', 'loopOut>loopIn?rounds < 2', 'a>join', 'join>after', 'after>e')}
           <bpmn:sequenceFlow id="f_loopOut_join" sourceRef="loopOut" targetRef="join"/>`),
        ),
      ],
      { b: (j) => ({ rounds: ((j.variables.rounds as number) ?? 0) + 1 }) },
    );
    const { instanceId } = await s.sluice.start('general', { variables: { rounds: 0 } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['b', 'b']);
    await s.complete(instanceId, 'a');
    expect(s.ranTypes()).toEqual(['b', 'b', 'after']);
    await s.sluice.close();
  });
});

describe('control-flow patterns: concurrency and state', () => {
  const guarded = (id: string) =>
    `<bpmn:subProcess id="${id}" sluice:mutex="ledger"><bpmn:startEvent id="${id}_s"/>${userTask(`${id}_work`)}<bpmn:endEvent id="${id}_e"/>${flows(`${id}_s>${id}_work`, `${id}_work>${id}_e`)}</bpmn:subProcess>`;
  const mutexModel = model(
    'mutex',
    `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${guarded('first')}${guarded('second')}
     <bpmn:parallelGateway id="join"/><bpmn:endEvent id="e"/>
     ${flows('s>split', 'split>first', 'split>second', 'first>join', 'second>join', 'join>e')}`,
  );

  it('WCP-39 critical section: subprocesses sharing a sluice:mutex never run at the same time', async () => {
    const s = await scenario([mutexModel]);
    const { instanceId } = await s.sluice.start('mutex');
    const open = await s.openTasks(instanceId);
    expect(open).toHaveLength(1);
    await s.complete(instanceId, open[0]!);
    const next = await s.openTasks(instanceId);
    expect(next).toHaveLength(1);
    expect(next[0]).not.toBe(open[0]);
    await s.complete(instanceId, next[0]!);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });

  it('WCP-18 milestone: an activity is enabled only while the case is in a given state', async () => {
    // A conditional catch event waits until the milestone variable holds.
    const s = await scenario([
      model(
        'milestone',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('deliver')}
         <bpmn:intermediateCatchEvent id="reached"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= shipped = true</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
         ${userTask('invoice')}<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
         ${flows('s>split', 'split>deliver', 'split>reached', 'reached>invoice', 'deliver>e1', 'invoice>e2')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('milestone', { variables: { shipped: false } });
    expect(await s.openTasks(instanceId)).toEqual(['deliver']);
    await s.complete(instanceId, 'deliver', { shipped: true });
    expect(await s.openTasks(instanceId)).toEqual(['invoice']);
    await s.sluice.close();
  });
});
