/**
 * Control-flow patterns WCP-1 to WCP-11 and WCP-16, 19, 20, 43 (Russell, ter Hofstede, van der
 * Aalst, Mulyar 2006): basic control flow, branching and merging, state-based choice and
 * cancellation. Each is a BPMN model run through the engine; docs/patterns.md rates them.
 */
import { describe, expect, it } from 'vitest';
import { flows, job, model, scenario, userTask } from './pattern-scenario.js';

describe('control-flow patterns: basic control flow', () => {
  it('WCP-1 sequence: an activity is enabled after the completion of the preceding one', async () => {
    const s = await scenario([
      model(
        'seq',
        `<bpmn:startEvent id="s"/>${job('a')}${job('b')}${job('c')}<bpmn:endEvent id="e"/>${flows('s>a', 'a>b', 'b>c', 'c>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('seq');
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['a', 'b', 'c']);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });

  it('WCP-2 parallel split and WCP-3 synchronization: both branches run, the join waits for both', async () => {
    const s = await scenario([
      model(
        'and',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('a')}${userTask('b')}
         <bpmn:parallelGateway id="join"/>${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>split', 'split>a', 'split>b', 'a>join', 'b>join', 'join>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('and');
    expect(await s.openTasks(instanceId)).toEqual(['a', 'b']);
    await s.complete(instanceId, 'a');
    expect(s.ranTypes()).toEqual([]);
    await s.complete(instanceId, 'b');
    expect(s.ranTypes()).toEqual(['after']);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });

  it('WCP-4 exclusive choice and WCP-5 simple merge: one branch by condition, merged without waiting', async () => {
    const s = await scenario([
      model(
        'xor',
        `<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="choose" default="f_choose_small"/>${job('big')}${job('small')}
         <bpmn:exclusiveGateway id="merge"/>${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>choose', 'choose>big?amount > 100', 'choose>small', 'big>merge', 'small>merge', 'merge>after', 'after>e')}`,
      ),
    ]);
    await s.sluice.start('xor', { variables: { amount: 500 } });
    await s.sluice.start('xor', { variables: { amount: 5 } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['big', 'after', 'small', 'after']);
    await s.sluice.close();
  });
});

describe('control-flow patterns: advanced branching and synchronization', () => {
  const inclusive = model(
    'or',
    `<bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="split"/>${userTask('ship')}${userTask('bill')}${userTask('gift')}
     <bpmn:inclusiveGateway id="join"/>${job('close')}<bpmn:endEvent id="e"/>
     ${flows('s>split', 'split>ship?ship', 'split>bill?bill', 'split>gift?gift', 'ship>join', 'bill>join', 'gift>join', 'join>close', 'close>e')}`,
  );

  it('WCP-6 multi-choice: every branch whose condition holds starts', async () => {
    const s = await scenario([inclusive]);
    const { instanceId } = await s.sluice.start('or', { variables: { ship: true, bill: true, gift: false } });
    expect(await s.openTasks(instanceId)).toEqual(['bill', 'ship']);
    await s.sluice.close();
  });

  it('WCP-7 structured synchronizing merge: the OR-join waits for exactly the branches that started', async () => {
    const s = await scenario([inclusive]);
    const { instanceId } = await s.sluice.start('or', { variables: { ship: true, bill: true, gift: false } });
    await s.complete(instanceId, 'ship');
    expect(s.ranTypes()).toEqual([]);
    await s.complete(instanceId, 'bill');
    expect(s.ranTypes()).toEqual(['close']);
    await s.sluice.close();
  });

  it('WCP-8 multi-merge: each branch reaching an XOR merge runs what follows once more', async () => {
    const s = await scenario([
      model(
        'mm',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${job('a')}${job('b')}
         <bpmn:exclusiveGateway id="merge"/>${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>split', 'split>a', 'split>b', 'a>merge', 'b>merge', 'merge>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('mm');
    await s.sluice.idle();
    expect(s.ranTypes().filter((t) => t === 'after')).toHaveLength(2);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });

  it('WCP-9 structured discriminator: the first branch to arrive continues, later ones are absorbed', async () => {
    const s = await scenario([
      model(
        'disc',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('a')}${userTask('b')}${userTask('c')}
         <bpmn:complexGateway id="first"><bpmn:activationCondition>= activationCount = 1</bpmn:activationCondition></bpmn:complexGateway>
         ${job('after')}<bpmn:endEvent id="e"/>
         ${flows('s>split', 'split>a', 'split>b', 'split>c', 'a>first', 'b>first', 'c>first', 'first>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('disc');
    await s.complete(instanceId, 'b');
    expect(s.ranTypes()).toEqual(['after']);
    await s.complete(instanceId, 'a');
    await s.complete(instanceId, 'c');
    expect(s.ranTypes()).toEqual(['after']);
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });
});

describe('control-flow patterns: structural', () => {
  it('WCP-10 arbitrary cycles: a flow back to an earlier point repeats the work', async () => {
    const s = await scenario(
      [
        model(
          'cycle',
          `<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="back"/>${job('work')}
           <bpmn:exclusiveGateway id="again" default="f_again_e"/><bpmn:endEvent id="e"/>
           ${flows('s>back', 'back>work', 'work>again', 'again>back?count < 3')}
           <bpmn:sequenceFlow id="f_again_e" sourceRef="again" targetRef="e"/>`.replace(
            'count < 3',
            'count &lt; 3',
          ),
        ),
      ],
      { work: (job) => ({ count: (job.variables.count as number) + 1 }) },
    );
    await s.sluice.start('cycle', { variables: { count: 0 } });
    await s.sluice.idle();
    expect(s.ranTypes()).toEqual(['work', 'work', 'work']);
    await s.sluice.close();
  });

  it('WCP-11 implicit termination: the instance ends when nothing is left to do, without a final join', async () => {
    const s = await scenario([
      model(
        'implicit',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('long')}${job('short')}
         <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
         ${flows('s>split', 'split>long', 'split>short', 'long>e1', 'short>e2')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('implicit');
    await s.sluice.idle();
    expect(await s.status(instanceId)).toBe('active');
    await s.complete(instanceId, 'long');
    expect(await s.status(instanceId)).toBe('completed');
    await s.sluice.close();
  });
});

describe('control-flow patterns: state-based and cancellation', () => {
  const deferred = model(
    'deferred',
    `<bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="wait"/>
     <bpmn:intermediateCatchEvent id="answer"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
     <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
     ${job('process')}${job('remind')}<bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
     ${flows('s>wait', 'wait>answer', 'wait>late', 'answer>process', 'late>remind', 'process>e1', 'remind>e2')}`,
    `<bpmn:message id="m" name="answer"><bpmn:extensionElements><zeebe:subscription correlationKey="=key"/></bpmn:extensionElements></bpmn:message>`,
  );

  it('WCP-16 deferred choice: whichever event happens first decides the branch, the other is withdrawn', async () => {
    const s = await scenario([deferred]);
    const answered = await s.sluice.start('deferred', { variables: { key: 'a' } });
    const silent = await s.sluice.start('deferred', { variables: { key: 'b' } });
    await s.sluice.correlate('answer', { correlationKey: 'a' });
    await s.advance(2 * 24 * 3600 * 1000);
    expect(await s.history(answered.instanceId)).toContain('process');
    expect(await s.history(answered.instanceId)).not.toContain('remind');
    expect(await s.history(silent.instanceId)).toContain('remind');
    await s.sluice.close();
  });

  it('WCP-19 cancel task: an interrupting boundary event withdraws the task before it completes', async () => {
    const s = await scenario([
      model(
        'cancelTask',
        `<bpmn:startEvent id="s"/>${userTask('review')}
         <bpmn:boundaryEvent id="withdrawn" attachedToRef="review"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:boundaryEvent>
         <bpmn:endEvent id="done"/><bpmn:endEvent id="cancelled"/>
         ${flows('s>review', 'review>done', 'withdrawn>cancelled')}`,
        '<bpmn:signal id="sig" name="withdraw"/>',
      ),
    ]);
    const { instanceId } = await s.sluice.start('cancelTask');
    await s.sluice.signal('withdraw');
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual([]);
    expect(await s.history(instanceId)).toEqual(['s', 'withdrawn', 'cancelled']);
    await s.sluice.close();
  });

  it('WCP-20 cancel case: a terminate end event removes every remaining part of the instance', async () => {
    const s = await scenario([
      model(
        'cancelCase',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('work')}
         <bpmn:intermediateCatchEvent id="abort"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
         <bpmn:endEvent id="e"/><bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
         ${flows('s>split', 'split>work', 'split>abort', 'work>e', 'abort>kill')}`,
        '<bpmn:message id="m" name="abort-case"/>',
      ),
    ]);
    const { instanceId } = await s.sluice.start('cancelCase');
    await s.sluice.correlate('abort-case');
    await s.sluice.idle();
    expect(await s.status(instanceId)).toBe('terminated');
    expect(await s.openTasks(instanceId)).toEqual([]);
    await s.sluice.close();
  });

  it('WCP-43 explicit termination: reaching the designated end stops the instance at once, work left or not', async () => {
    const s = await scenario([
      model(
        'explicit',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="split"/>${userTask('slow')}${job('fast')}
         <bpmn:endEvent id="e"/><bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent>
         ${flows('s>split', 'split>slow', 'split>fast', 'slow>e', 'fast>stop')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('explicit');
    await s.sluice.idle();
    expect(await s.status(instanceId)).toBe('terminated');
    expect(await s.history(instanceId)).not.toContain('slow');
    await s.sluice.close();
  });
});
