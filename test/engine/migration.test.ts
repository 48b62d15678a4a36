import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { day, harness } from '../support/engine.js';

const timer = (id: string, on: string, duration: string) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}" cancelActivity="false">
     <bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
   </bpmn:boundaryEvent>`;

/** Version 1: a review with a 10-day reminder. */
const v1 = bpmn(
  'claim',
  `<bpmn:startEvent id="start"/>
   <bpmn:userTask id="review" name="Review the claim"/>
   ${timer('remind', 'review', 'P10D')}
   <bpmn:userTask id="chase" name="Chase"/>
   <bpmn:endEvent id="end"/>
   <bpmn:endEvent id="chased"/>
   ${flows('start>review', 'review>end', 'remind>chase', 'chase>chased')}`,
);

/** Version 2 renames the review and its reminder and adds an approval after it. */
const v2 = bpmn(
  'claim',
  `<bpmn:startEvent id="start"/>
   <bpmn:userTask id="assess" name="Assess the claim"/>
   ${timer('nudge', 'assess', 'P10D')}
   <bpmn:userTask id="approve" name="Approve the payout"/>
   <bpmn:userTask id="chase" name="Chase"/>
   <bpmn:endEvent id="end"/>
   <bpmn:endEvent id="chased"/>
   ${flows('start>assess', 'assess>approve', 'approve>end', 'nudge>chase', 'chase>chased')}`,
);

const mapping = { review: 'assess', remind: 'nudge' };

describe('migrating running instances to a new version', () => {
  it('moves 10,000 parked instances across a rename and an added task, and their boundary timers fire at the original times', async () => {
    const { sluice, clock, advance } = await harness([v1]);
    const t0 = clock.now();
    const started: string[] = [];
    for (let i = 0; i < 10_000; i += 1000) {
      const chunk = await Promise.all(Array.from({ length: 1000 }, () => sluice.start('claim')));
      started.push(...chunk.map((s) => s.instanceId));
    }
    await advance(3 * day); // the reminders are now 7 days away
    await sluice.deploy([{ name: 'claim-v2.bpmn', content: v2 }]);

    const report = await sluice.migrate({
      processId: 'claim',
      from: 1,
      to: 2,
      mapping,
      actor: 'ops',
      batchSize: 1000,
    });
    expect(report.migrated).toBe(10_000);
    expect(report.failed).toEqual([]);
    expect((await sluice.versions('claim')).map((v) => [v.version, v.activeInstances])).toEqual([
      [1, 0],
      [2, 10_000],
    ]);

    await advance(7 * day - 1);
    expect((await sluice.tasks({ limit: 20_000 })).items.every((t) => t.elementId === 'assess')).toBe(true);
    await advance(1); // day 10 from the start, not from the migration
    const chases = await sluice.tasks({ limit: 20_000 });
    expect(chases.items.filter((t) => t.elementId === 'chase')).toHaveLength(10_000);

    const one = await sluice.instance(started[42]!);
    const fired = one.history.find((e) => e.type === 'timer.fired')!;
    expect([fired.elementId, fired.version, fired.at - t0]).toEqual(['nudge', 2, 10 * day]);
    await sluice.close();
  }, 240_000);

  it('keeps the user task: its id, assignee and history, under the new element and name', async () => {
    const { sluice } = await harness([v1]);
    const { instanceId } = await sluice.start('claim');
    const task = (await sluice.tasks()).items[0]!;
    await sluice.claimTask(task.id, 'ann');
    await sluice.deploy([{ name: 'claim-v2.bpmn', content: v2 }]);

    await sluice.migrate({
      processId: 'claim',
      from: 1,
      to: 2,
      mapping,
      actor: 'ops',
      reason: 'new review rules',
    });

    const moved = (await sluice.tasks()).items[0]!;
    expect([moved.id, moved.assignee, moved.elementId, moved.name, moved.version]).toEqual([
      task.id,
      'ann',
      'assess',
      'Assess the claim',
      2,
    ]);
    await sluice.completeTask(moved.id, { actor: 'ann' });
    expect((await sluice.tasks()).items.map((t) => t.elementId)).toEqual(['approve']);
    const details = await sluice.instance(instanceId);
    const audit = details.history.find((e) => e.type === 'instance.migrated')!;
    expect(audit).toMatchObject({
      actor: 'ops',
      data: { fromVersion: 1, toVersion: 2, mapping, reason: 'new review rules' },
    });
    expect(details.history.filter((e) => e.type === 'task.claimed')).toHaveLength(1);
    expect(details.version).toBe(2);
    await sluice.close();
  });

  it('refuses a mapping that leaves an active element unmapped, naming it, and migrates nothing', async () => {
    const { sluice } = await harness([v1]);
    await sluice.start('claim');
    await sluice.deploy([{ name: 'claim-v2.bpmn', content: v2 }]);
    await expect(sluice.migrate({ processId: 'claim', from: 1, to: 2, mapping: {} })).rejects.toThrow(
      /at 'review', which the mapping does not map/,
    );
    await expect(
      sluice.migrate({ processId: 'claim', from: 1, to: 2, mapping: { review: 'end' } }),
    ).rejects.toThrow(/'review' \(userTask\) cannot become 'end' \(none endEvent\)/);
    expect((await sluice.versions('claim'))[0]!.activeInstances).toBe(1);
    await sluice.close();
  });

  it('reports in a dry run what would happen to each instance, and changes nothing', async () => {
    const { sluice } = await harness([v1]);
    const { instanceId } = await sluice.start('claim');
    await sluice.deploy([{ name: 'claim-v2.bpmn', content: v2 }]);

    const dry = await sluice.migrate({
      processId: 'claim',
      from: 1,
      to: 2,
      mapping: { review: 'assess' },
      dryRun: true,
    });

    expect(dry.instances).toEqual([
      {
        instanceId,
        tokens: [expect.objectContaining({ from: 'review', to: 'assess' })],
        carried: { tasks: 1, jobs: 0, timers: 0, subscriptions: 0 },
        created: { timers: 1, subscriptions: 0 }, // the unmapped reminder is replaced by a new nudge
        closed: { timers: 1, subscriptions: 0 },
      },
    ]);
    expect(dry.migrated).toBe(0);
    expect((await sluice.instance(instanceId)).version).toBe(1);
    await sluice.close();
  });
});
