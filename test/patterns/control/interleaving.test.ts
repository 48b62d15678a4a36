/**
 * Control-flow patterns WCP-17 and WCP-40 (interleaving: each activity once, in an order chosen
 * at run time, never two at once) and WCP-15 (instances added while a multi-instance activity
 * runs). BPMN has no construct that lets the order be chosen at run time; Sluice's is an ad-hoc
 * subprocess with `sluice:activation="chosen"` and the activate-ad-hoc command.
 */
import { describe, expect, it } from 'vitest';
import { flows, model, scenario, type Scenario, userTask } from './pattern-scenario.js';

const adHoc = (attrs: string, inner: string) =>
  model(
    'interleaved',
    `<bpmn:startEvent id="s"/>
     <bpmn:adHocSubProcess id="checks" ${attrs}>${inner}</bpmn:adHocSubProcess>
     ${userTask('after')}<bpmn:endEvent id="e"/>${flows('s>checks', 'checks>after', 'after>e')}`,
  );

/** Chooses `id` and completes it, returning what was open while it ran. */
async function chooseAndDo(s: Scenario, instanceId: string, id: string): Promise<string[]> {
  await s.sluice.activateAdHoc(instanceId, 'checks', [id], { actor: 'ann' });
  await s.sluice.idle();
  const open = await s.openTasks(instanceId);
  await s.complete(instanceId, id);
  return open;
}

describe('control-flow patterns: interleaving', () => {
  it('WCP-40 interleaved routing: each activity once, in the order chosen at run time, one at a time', async () => {
    const s = await scenario([
      adHoc(
        'ordering="Sequential" sluice:activation="chosen"',
        `${userTask('credit')}${userTask('identity')}${userTask('fraud')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('interleaved');
    expect(await s.openTasks(instanceId)).toEqual([]); // nothing starts until chosen

    expect(await chooseAndDo(s, instanceId, 'fraud')).toEqual(['fraud']);
    await s.sluice.activateAdHoc(instanceId, 'checks', ['credit']);
    await expect(s.sluice.activateAdHoc(instanceId, 'checks', ['identity'])).rejects.toThrow(
      /one activity at a time and is running credit/,
    );
    await s.complete(instanceId, 'credit');
    await expect(s.sluice.activateAdHoc(instanceId, 'checks', ['fraud'])).rejects.toThrow(
      /cannot start fraud: each activity runs once, and it offers identity/,
    );
    expect(await chooseAndDo(s, instanceId, 'identity')).toEqual(['identity']);

    expect(await s.openTasks(instanceId)).toEqual(['after']);
    const history = (await s.sluice.instance(instanceId)).history;
    const order = history.filter((e) => e.type === 'element.completed').map((e) => e.elementId);
    expect(order.filter((id) => ['credit', 'identity', 'fraud'].includes(id!))).toEqual([
      'fraud',
      'credit',
      'identity',
    ]);
    expect(history.filter((e) => e.type === 'ad-hoc.activated').map((e) => [e.actor, e.data])).toEqual([
      ['ann', { activities: ['fraud'] }],
      [undefined, { activities: ['credit'] }],
      ['ann', { activities: ['identity'] }],
    ]);
    await s.sluice.close();
  });

  it('WCP-17 interleaved parallel routing: the chosen order respects the partial order, and never two at once', async () => {
    // Partial order: `pack` must follow `pick`; `invoice` may come before, between or after.
    const s = await scenario([
      adHoc(
        'ordering="Sequential" sluice:activation="chosen"',
        `${userTask('pick')}${userTask('pack')}${userTask('invoice')}${flows('pick>pack')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('interleaved');
    await expect(s.sluice.activateAdHoc(instanceId, 'checks', ['pack'])).rejects.toThrow(
      /cannot start pack: .* it offers pick, invoice/,
    );

    expect(await chooseAndDo(s, instanceId, 'pick')).toEqual(['pick']);
    // pick → pack is one path: until pack is done, invoice may not start.
    expect(await s.openTasks(instanceId)).toEqual(['pack']);
    await expect(s.sluice.activateAdHoc(instanceId, 'checks', ['invoice'])).rejects.toThrow(
      /is running pack/,
    );
    await s.complete(instanceId, 'pack');
    expect(await chooseAndDo(s, instanceId, 'invoice')).toEqual(['invoice']);
    expect(await s.openTasks(instanceId)).toEqual(['after']);
    await s.sluice.close();
  });

  it('WCP-17 interleaved parallel routing: any other order the partial order allows runs too (invoice first)', async () => {
    const s = await scenario([
      adHoc(
        'ordering="Sequential" sluice:activation="chosen"',
        `${userTask('pick')}${userTask('pack')}${userTask('invoice')}${flows('pick>pack')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('interleaved');
    expect(await chooseAndDo(s, instanceId, 'invoice')).toEqual(['invoice']);
    expect(await chooseAndDo(s, instanceId, 'pick')).toEqual(['pick']);
    await s.complete(instanceId, 'pack');
    expect(await s.openTasks(instanceId)).toEqual(['after']);
    await s.sluice.close();
  });

  it('an automatic ad-hoc subprocess (the default) keeps document order and refuses to be steered', async () => {
    const s = await scenario([
      adHoc(
        'ordering="Sequential" sluice:activation="automatic"',
        `${userTask('first')}${userTask('second')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('interleaved');
    expect(await s.openTasks(instanceId)).toEqual(['first']);
    await expect(s.sluice.activateAdHoc(instanceId, 'checks', ['second'])).rejects.toThrow(
      /starts its activities itself; give it sluice:activation="chosen"/,
    );
    await s.complete(instanceId, 'first');
    expect(await s.openTasks(instanceId)).toEqual(['second']);
    await s.sluice.close();
  });

  it('a parallel chosen ad-hoc subprocess runs what is chosen side by side and ends at its completion condition', async () => {
    const s = await scenario([
      adHoc(
        'ordering="Parallel" sluice:activation="chosen"',
        `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= approvals &gt;= 2</bpmn:completionCondition>
         ${userTask('legal')}${userTask('finance')}${userTask('board')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('interleaved', { variables: { approvals: 0 } });
    await s.sluice.activateAdHoc(instanceId, 'checks', ['legal', 'board']);
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual(['board', 'legal']);
    await s.complete(instanceId, 'legal', { approvals: 1 });
    await s.sluice.activateAdHoc(instanceId, 'checks', ['finance']);
    await s.sluice.idle();
    await s.complete(instanceId, 'finance', { approvals: 2 });
    // The condition holds: board is cancelled and nothing more is offered.
    expect(await s.openTasks(instanceId)).toEqual(['after']);
    await s.sluice.close();
  });

  it('WCP-15 multiple instances without a priori run-time knowledge: addInstances adds items while the others run', async () => {
    const s = await scenario([
      model(
        'noKnowledge',
        `<bpmn:startEvent id="s"/>
         ${userTask('handle', '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=claims" inputElement="claim"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>')}
         ${userTask('after')}<bpmn:endEvent id="e"/>${flows('s>handle', 'handle>after', 'after>e')}`,
      ),
    ]);
    const { instanceId } = await s.sluice.start('noKnowledge', { variables: { claims: ['c1'] } });
    await s.sluice.addInstances(instanceId, 'handle', ['c2', 'c3']);
    await s.sluice.idle();
    const tasks = (await s.sluice.tasks({ instanceId })).items;
    expect(tasks.map((t) => t.variables.claim).sort()).toEqual(['c1', 'c2', 'c3']);
    for (const task of tasks) await s.sluice.completeTask(task.id);
    await s.sluice.idle();
    expect(await s.openTasks(instanceId)).toEqual(['after']);
    await expect(s.sluice.addInstances(instanceId, 'handle', ['late'])).rejects.toThrow(
      /no multi-instance activity 'handle' is running/,
    );
    await s.sluice.close();
  });
});
