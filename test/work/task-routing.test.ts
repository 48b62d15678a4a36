import { afterEach, describe, expect, it } from 'vitest';
import { hour, oneTask, type WorkHarness, workHarness } from './work-harness.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a user task with sluice: attributes is routed when it is created', () => {
  it('goes to the desk member with the shortest queue and records why', async () => {
    h = await workHarness([
      oneTask('ticket', 'sluice:assignment="shortest-queue" sluice:responsible="group:desk"'),
    ]);
    const first = await h.start('ticket');
    const [task] = await h.openTasks(first);
    expect(task!.assignee).toBe('ana');
    const second = await h.start('ticket');
    expect((await h.openTasks(second))[0]!.assignee).toBe('ben');
    const [allocated] = await h.events(first, 'task.allocated');
    expect(allocated!.data).toMatchObject({ assignee: 'ana', strategy: 'shortest-queue' });
    expect(String(allocated!.data!.why)).not.toBe('');
  });

  it('never gives a task to someone at capacity, and refuses their claim', async () => {
    h = await workHarness([
      oneTask('ticket', 'sluice:assignment="round-robin" sluice:responsible="user:ana"'),
    ]);
    const instances = [];
    for (let i = 0; i < 4; i++) instances.push(await h.start('ticket'));
    const held = await Promise.all(instances.map(async (id) => (await h!.openTasks(id))[0]!.assignee));
    expect(held).toEqual(['ana', 'ana', 'ana', undefined]);
    const [unassigned] = await h.events(instances[3]!, 'task.offered');
    expect(unassigned!.data).toMatchObject({ unassigned: true });
    const fourth = (await h.openTasks(instances[3]!))[0]!;
    await expect(h.sluice.claimTask(fourth.id, 'ana')).rejects.toMatchObject({ code: 'at-capacity' });
  });

  it('re-drives a routing lost in a crash from the durable inbox, exactly once', async () => {
    h = await workHarness([
      oneTask('ticket', 'sluice:assignment="shortest-queue" sluice:responsible="group:desk"'),
    ]);
    await h.sluice.stop(); // no background work: the routing request waits in the inbox
    const { instanceId } = await h.sluice.start('ticket');
    expect((await h.openTasks(instanceId))[0]!.assignee).toBeUndefined();
    expect((await h.sluice.store.countOpen()).inbox).toBe(1);
    h.sluice.run(); // a restarted node polls the inbox
    await h.advance(60_000);
    await h.advance(60_000);
    expect((await h.openTasks(instanceId))[0]!.assignee).toBe('ana');
    expect(await h.events(instanceId, 'task.allocated')).toHaveLength(1);
    expect((await h.sluice.store.countOpen()).inbox).toBe(0);
  });

  it('offers separated work to the group but leaves out who did the earlier task', async () => {
    h = await workHarness([
      oneTask(
        'change',
        'sluice:responsible="group:desk"',
        'sluice:separate-from="first" sluice:responsible="group:desk"',
      ),
    ]);
    const id = await h.start('change');
    const [first] = await h.openTasks(id);
    await h.sluice.claimTask(first!.id, 'ana');
    await h.sluice.completeTask(first!.id, { actor: 'ana' });
    await h.advance(0);
    const [second] = await h.openTasks(id);
    expect((await h.sluice.work.taskWork(second!.id))?.excluded).toEqual(['ana']);
    await expect(h.sluice.claimTask(second!.id, 'ana')).rejects.toMatchObject({ code: 'task-excluded' });
    await h.sluice.claimTask(second!.id, 'ben');
  });

  it('shows the RACI of the task and notifies the informed on completion', async () => {
    h = await workHarness([
      oneTask(
        'ticket',
        'sluice:responsible="group:desk" sluice:accountable="user:sue" sluice:consulted="group:approvers" sluice:informed="user:kim"',
      ),
    ]);
    const id = await h.start('ticket');
    const [task] = await h.openTasks(id);
    expect((await h.sluice.work.taskWork(task!.id))?.raci).toEqual({
      responsible: { users: [], groups: ['desk'] },
      accountable: 'sue',
      consulted: ['kim'],
      informed: ['kim'],
    });
    await h.sluice.completeTask(task!.id, { actor: 'ben' });
    await h.advance(0);
    const feed = await h.sluice.work.notifications('kim');
    expect(feed.map((n) => [n.type, n.data.by])).toEqual([['task.completed', 'ben']]);
  });
});

describe('consulted must approve', () => {
  it('refuses completion until every consulted person approved, each approval on record', async () => {
    h = await workHarness([
      oneTask(
        'change',
        'sluice:responsible="user:ana" sluice:consulted="user:kim,user:sue" sluice:consulted-must-approve="true"',
      ),
    ]);
    const id = await h.start('change');
    const [task] = await h.openTasks(id);
    const refusal = h.sluice.completeTask(task!.id, { actor: 'ana' });
    await expect(refusal).rejects.toMatchObject({ code: 'approval-missing' });
    await expect(refusal).rejects.toThrow(/before kim, sue approve it/);
    await expect(h.sluice.taskAction(task!.id, { op: 'approve' }, { actor: 'ben' })).rejects.toMatchObject({
      code: 'not-consulted',
    });
    await h.sluice.taskAction(task!.id, { op: 'approve' }, { actor: 'kim' });
    await expect(h.sluice.completeTask(task!.id, { actor: 'ana' })).rejects.toThrow(/before sue approves it/);
    await h.sluice.taskAction(task!.id, { op: 'approve' }, { actor: 'sue', reason: 'fine by me' });
    expect((await h.sluice.work.taskWork(task!.id))?.approvedBy).toEqual(['kim', 'sue']);
    await h.sluice.completeTask(task!.id, { actor: 'ana' });
    expect((await h.sluice.instance(id)).status).toBe('completed');
    const approvals = await h.events(id, 'task.approved');
    expect(approvals.map((e) => [e.actor, e.data?.reason])).toEqual([
      ['kim', undefined],
      ['sue', 'fine by me'],
    ]);
  });

  it('lets a task complete without approvals when the model does not ask for them', async () => {
    h = await workHarness([oneTask('change', 'sluice:responsible="user:ana" sluice:consulted="user:kim"')]);
    const id = await h.start('change');
    await h.sluice.completeTask((await h.openTasks(id))[0]!.id, { actor: 'ana' });
    expect((await h.sluice.instance(id)).status).toBe('completed');
  });
});

describe('an SLA ladder on durable timers', () => {
  it('reminds at 75%, and at 100% records the breach, reassigns to the supervisor and raises the priority', async () => {
    h = await workHarness([
      oneTask(
        'ticket',
        'sluice:assignment="shortest-queue" sluice:responsible="group:desk" sluice:accountable="user:kim" sluice:sla="PT4H"',
      ),
    ]);
    const id = await h.start('ticket');
    const [task] = await h.openTasks(id);
    expect(task!.dueAt).toBe(h.clock.now() + 4 * hour);
    await h.advance(3 * hour);
    expect(await h.events(id, 'task.sla-reminded')).toHaveLength(1);
    expect((await h.sluice.work.notifications('ana')).map((n) => n.type)).toContain('sla.reminder');
    await h.advance(hour);
    const [breach] = await h.events(id, 'task.sla-breached');
    expect(breach!.data).toMatchObject({ percent: 100, assignee: 'ana', reassignedTo: 'sue', priority: 51 });
    const [after] = await h.openTasks(id);
    expect([after!.assignee, after!.priority]).toEqual(['sue', 51]);
    expect((await h.sluice.work.notifications('kim')).map((n) => n.type)).toEqual(['sla.breached']);
  });

  it('counts working time on the team calendar: four hours from Friday 15:00 end on Monday 11:00', async () => {
    const friday15 = Date.UTC(2030, 0, 11, 14, 0);
    h = await workHarness(
      [oneTask('ticket', 'sluice:responsible="group:desk" sluice:sla="PT4H" sluice:calendar="team"')],
      {},
      friday15,
    );
    const id = await h.start('ticket');
    const [task] = await h.openTasks(id);
    expect(new Date(task!.dueAt!).toISOString()).toBe('2030-01-14T10:00:00.000Z');
  });

  it('stops the clock while the task is suspended and moves the deadline by the pause', async () => {
    h = await workHarness([
      oneTask('ticket', 'sluice:responsible="group:desk" sluice:sla="PT4H" sluice:sla-clock="calendar"'),
    ]);
    const id = await h.start('ticket');
    const [task] = await h.openTasks(id);
    const due = task!.dueAt!;
    await h.advance(hour);
    await h.sluice.taskAction(
      task!.id,
      { op: 'suspend' },
      { actor: 'ana', reason: 'waiting for the customer' },
    );
    await h.advance(10 * hour);
    expect(await h.events(id, 'task.sla-breached')).toHaveLength(0);
    await h.sluice.taskAction(task!.id, { op: 'resume' }, { actor: 'ana' });
    await h.advance(0);
    expect((await h.openTasks(id))[0]!.dueAt).toBe(due + 10 * hour);
    await h.advance(3 * hour);
    expect(await h.events(id, 'task.sla-breached')).toHaveLength(1);
  });
});
