import { afterAll, describe, expect, it } from 'vitest';
import type {
  DeployJson,
  ErrorJson,
  InstanceJson,
  OkJson,
  StartJson,
  TaskJson,
} from '../../src/cli/json-views.js';
import { fixture, sandbox, anyString, matching } from './sluice-process.js';

describe('given the expense-approval model, a user drives one instance from the command line', () => {
  const { sluice, remove } = sandbox();
  afterAll(remove);

  it('deploys, starts, lists the task, claims and completes it, and sees the instance completed', async () => {
    const deployed = await sluice<DeployJson>('deploy', fixture('expense-approval.bpmn'), '--json');
    expect(deployed.code).toBe(0);
    expect(deployed.json).toEqual({
      deployed: [{ processId: 'expense-approval', version: 1 }],
      findings: [],
    });

    const vars = ['--var', 'amount=120.5', '--var', 'purpose=train to Lyon', '--vars', '{"employee":"ann"}'];
    const started = await sluice<StartJson>(
      'start',
      'expense-approval',
      ...vars,
      '--business-key',
      'EXP-7',
      '--json',
    );
    expect(started.code).toBe(0);
    expect(started.json).toEqual({ instanceId: anyString(), state: 'active' });
    const { instanceId } = started.json;

    const tasks = await sluice<TaskJson[]>('tasks', '--group', 'finance', '--json');
    expect(tasks.json).toEqual([
      {
        id: anyString(),
        elementId: 'ApproveExpense',
        name: 'Approve expense',
        instanceId,
        assignee: null,
        candidateUsers: [],
        candidateGroups: ['finance'],
        due: null,
      },
    ]);
    const taskId = tasks.json[0]!.id;

    const claimed = await sluice<OkJson>('claim', taskId, '--user', 'bob', '--json');
    expect(claimed.json).toEqual({ ok: true, taskId, instanceId, assignee: 'bob' });

    const completed = await sluice<OkJson>(
      'complete',
      taskId,
      '--user',
      'bob',
      '--vars',
      '{"approved": true}',
      '--json',
    );
    expect(completed.code).toBe(0);
    expect(completed.json).toEqual({ ok: true, taskId, instanceId });

    const instance = await sluice<InstanceJson>('instance', instanceId, '--json');
    expect(instance.json).toMatchObject({
      id: instanceId,
      processId: 'expense-approval',
      version: 1,
      state: 'completed',
      activeElements: [],
      variables: { amount: 120.5, purpose: 'train to Lyon', employee: 'ann', approved: true },
      incidents: [],
    });
    expect(instance.json.history).toContainEqual({
      type: 'element.completed',
      elementId: 'ApproveExpense',
      at: matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      actor: 'bob',
    });
    expect(instance.json.history.at(-1)).toMatchObject({ type: 'instance.completed' });

    // The task is done: doing it again is refused, and so is a task that never existed.
    const again = await sluice<ErrorJson>('complete', taskId, '--json');
    expect(again.code).toBe(1);
    expect(again.json.error).toMatchObject({
      code: 'task-not-open',
      message: `task '${taskId}' is completed already`,
    });
    const unknown = await sluice('complete', 'no-such-task');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      "error: no task has id 'no-such-task'\nhint: list open tasks with 'sluice tasks'\n",
    );
  });

  it('cancels a second instance, and lists it among the terminated ones', async () => {
    const { instanceId } = (await sluice<StartJson>('start', 'expense-approval', '--json')).json;
    const cancelled = await sluice<OkJson>('cancel', instanceId, '--reason', 'duplicate claim', '--json');
    expect(cancelled.json).toEqual({ ok: true, instanceId });

    const listed = await sluice('instances', '--state', 'terminated');
    expect(listed.stdout).toMatch(
      new RegExp(
        `^ID +PROCESS +VERSION +STATE +BUSINESS KEY +STARTED +ENDED\\n${instanceId} +expense-approval +1 +terminated +- +\\d{4}-`,
      ),
    );
  });
});
