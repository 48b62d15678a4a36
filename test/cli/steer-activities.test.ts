import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorJson, InstanceJson, StartJson } from '../../src/cli/json-views.js';
import { bpmn, flows } from '../support/bpmn.js';
import { sandbox } from './sluice-process.js';

const steered = bpmn(
  'steered',
  `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
   <bpmn:userTask id="handle"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= claims" inputElement="claim"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
   <bpmn:adHocSubProcess id="checks" ordering="Sequential" sluice:activation="chosen" xmlns:sluice="https://sluice.dev/schema/bpmn/1.0">
     <bpmn:userTask id="credit"/><bpmn:userTask id="fraud"/>
   </bpmn:adHocSubProcess>
   <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
   ${flows('s>fork', 'fork>handle', 'fork>checks', 'handle>e1', 'checks>e2')}`,
);

describe('steering a running instance from the command line', () => {
  const { sluice, dir, remove } = sandbox();
  afterAll(remove);

  it('adds multi-instance items and chooses the next ad-hoc activity, refusing what the model does not allow', async () => {
    const file = join(dir, 'steered.bpmn');
    writeFileSync(file, steered);
    expect((await sluice('deploy', file, '--json')).code).toBe(0);
    const { instanceId } = (
      await sluice<StartJson>('start', 'steered', '--vars', '{"claims":["c1"]}', '--json')
    ).json;

    const added = await sluice('add-instances', instanceId, 'handle', '--items', '["c2","c3"]', '--json');
    expect(added.json).toEqual({ ok: true, instanceId, elementId: 'handle', added: 2 });

    const chosen = await sluice('activate-ad-hoc', instanceId, 'checks', 'fraud', '--user', 'ann', '--json');
    expect(chosen.json).toEqual({ ok: true, instanceId, elementId: 'checks', activated: ['fraud'] });

    const busy = await sluice<ErrorJson>('activate-ad-hoc', instanceId, 'checks', 'credit', '--json');
    expect(busy.code).toBe(1);
    expect(busy.json.error.message).toContain('is running fraud');

    const badItems = await sluice<ErrorJson>(
      'add-instances',
      instanceId,
      'handle',
      '--items',
      '{"a":1}',
      '--json',
    );
    expect(badItems.code).toBe(2);
    expect(badItems.json.error.code).toBe('invalid-items');

    const shown = (await sluice<InstanceJson>('instance', instanceId, '--json')).json;
    // The multi-instance body and its three instances.
    expect(shown.activeElements.filter((id) => id === 'handle')).toHaveLength(4);
    expect(shown.activeElements).toContain('fraud');
    expect(shown.history).toContainEqual(
      expect.objectContaining({ type: 'ad-hoc.activated', elementId: 'checks', actor: 'ann' }),
    );
  });
});
