/**
 * A model's camunda:historyTimeToLive (as Camunda Modeler writes it) becomes the time-to-live
 * of the version it deploys; a value that is not days refuses the deployment.
 */
import { describe, expect, it } from 'vitest';
import type { SluiceError } from '../../src/engine/errors.js';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const body = `<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flows('s>e')}`;
const withTtl = (processId: string, attribute: string): string =>
  bpmn(processId, body).replace(
    `<bpmn:process id="${processId}"`,
    `<bpmn:process ${attribute} id="${processId}"`,
  );

describe('historyTimeToLive on a process', () => {
  it('sets the time-to-live of the deployed version, in days or as P<n>D', async () => {
    const { sluice } = await harness([
      withTtl('kept', 'camunda:historyTimeToLive="30"'),
      withTtl('camunda-kept', 'camunda:historyTimeToLive="P180D"'),
      bpmn('forever', body),
    ]);
    expect((await sluice.versions('kept'))[0]!.historyTtlDays).toBe(30);
    expect((await sluice.versions('camunda-kept'))[0]!.historyTtlDays).toBe(180);
    expect((await sluice.versions('forever'))[0]!.historyTtlDays).toBeUndefined();
    await sluice.close();
  });

  it('refuses a deployment whose value is not a number of days, naming the value, and deploys nothing', async () => {
    const { sluice } = await harness([bpmn('other', body)]);
    const refused = await sluice
      .deploy([
        { name: 'ok.bpmn', content: bpmn('fine', body) },
        { name: 'bad.bpmn', content: withTtl('bad', 'camunda:historyTimeToLive="a month"') },
      ])
      .then(
        () => undefined,
        (error: SluiceError) => error,
      );
    expect(refused?.code).toBe('model-invalid');
    expect(refused?.findings?.map((f) => f.message)).toEqual([
      expect.stringContaining("historyTimeToLive 'a month' on process 'bad' is not a number of days"),
    ]);
    await expect(sluice.versions('fine')).rejects.toThrow();
    await sluice.close();
  });
});
