import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { day, harness } from '../support/engine.js';

const quick = bpmn(
  'quick',
  `<bpmn:startEvent id="start"/><bpmn:userTask id="do"/><bpmn:endEvent id="end"/>${flows('start>do', 'do>end')}`,
);

describe('history time-to-live', () => {
  it('deletes ended instances and their history once older than the TTL, in bounded batches, and keeps the rest', async () => {
    const { sluice, advance } = await harness([quick]);
    await sluice.setHistoryTtl('quick', 30);
    const ended: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { instanceId } = await sluice.start('quick');
      await sluice.completeTask((await sluice.tasks({ instanceId })).items[0]!.id);
      ended.push(instanceId);
    }
    const running = (await sluice.start('quick')).instanceId;
    await advance(31 * day);
    const recent = (await sluice.start('quick')).instanceId;
    await sluice.completeTask((await sluice.tasks({ instanceId: recent })).items[0]!.id);

    expect(await sluice.cleanupHistory({ batchSize: 2 })).toMatchObject({ instances: 5, batches: 3 });
    expect(await sluice.store.history(ended[0]!)).toEqual([]);
    await expect(sluice.instance(ended[0]!)).rejects.toThrow(/no instance has id/);
    expect((await sluice.instance(running)).status).toBe('active');
    expect((await sluice.instance(recent)).status).toBe('completed');
    expect((await sluice.versions('quick'))[0]!.historyTtlDays).toBe(30);
    await sluice.close();
  });
});
