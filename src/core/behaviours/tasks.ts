/**
 * Tasks. Service, send and business-rule tasks hand their work to a job; user tasks to a
 * person; receive tasks wait for a message; script tasks evaluate FEEL; manual and abstract
 * tasks pass straight through. Each records enabled/started/completed so that waiting and
 * working time can be told apart in insight.
 */
import type { JobTask, ReceiveTask, ScriptTask, UserTask, Value } from '../../model/graph.js';
import type { Behaviour, Run } from '../run.js';
import { openSubscription, resolveValue } from '../triggers.js';
import type { Token } from '../types.js';
import { firstOccurrence } from '../../expr/timer-spec.js';

export const jobTask: Behaviour = {
  enter(run, token, element) {
    const task = element as JobTask;
    run.activate(token, task);
    const jobId = run.ctx.newId();
    run.effect({
      kind: 'create-job',
      jobId,
      tokenId: token.id,
      elementId: task.id,
      type: resolveValue(run, token, task.taskType),
      retries: task.retries,
      variables: run.variables(token),
      ...(task.headers && { headers: task.headers }),
    });
    token.wait = { kind: 'job', jobId };
    run.emit('element.enabled', task, token, { data: { jobId } });
  },
};

export const scriptTask: Behaviour = {
  enter(run, token, element) {
    const task = element as ScriptTask;
    run.activate(token, task);
    run.emit('element.started', task, token);
    const value = run.evaluate(task.script, token);
    run.completeActivity(token, task, task.resultVariable ? { [task.resultVariable]: value } : {});
  },
};

export const passTask: Behaviour = {
  enter(run, token, element) {
    run.activate(token, element);
    run.emit('element.started', element, token);
    run.completeActivity(token, element, undefined);
  },
};

export const receiveTask: Behaviour = {
  enter(run, token, element) {
    const task = element as ReceiveTask;
    run.activate(token, task);
    const subscriptionId = openSubscription(run, token, task.id, task.messageName, task.correlationKey);
    token.wait = { kind: 'message', subscriptionId };
    run.emit('element.started', task, token);
  },
};

function optional(run: Run, token: Token, value: Value | undefined): string | undefined {
  if (!value) return undefined;
  const text = resolveValue(run, token, value).trim();
  return text === '' || text === 'null' ? undefined : text;
}

/** A list given as `a, b` or as a FEEL list `["a","b"]`. */
function list(run: Run, token: Token, value: Value | undefined): string[] {
  if (!value) return [];
  if ('expression' in value) {
    const result = run.evaluate(value.expression, token);
    if (Array.isArray(result)) return result.map(String);
    if (result === null || result === undefined) return [];
    return (typeof result === 'string' ? result : JSON.stringify(result))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return value.literal
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A due date is an ISO date-time, or a duration counted from when the task is created. */
function when(run: Run, token: Token, value: Value | undefined): number | undefined {
  const text = optional(run, token, value);
  if (text === undefined) return undefined;
  return firstOccurrence(text.startsWith('P') ? 'duration' : 'date', text, run.now)?.dueAt;
}

export const userTask: Behaviour = {
  enter(run, token, element) {
    const task = element as UserTask;
    run.activate(token, task);
    const taskId = run.ctx.newId();
    const assignee = optional(run, token, task.assignee);
    const dueAt = when(run, token, task.dueDate);
    const followUpAt = when(run, token, task.followUpDate);
    const priority = optional(run, token, task.priority);
    const candidateUsers = list(run, token, task.candidateUsers);
    const candidateGroups = list(run, token, task.candidateGroups);
    run.effect({
      kind: 'create-task',
      taskId,
      tokenId: token.id,
      elementId: task.id,
      ...(task.name !== undefined && { name: task.name }),
      ...(assignee !== undefined && { assignee }),
      candidateUsers,
      candidateGroups,
      ...(dueAt !== undefined && { dueAt }),
      ...(followUpAt !== undefined && { followUpAt }),
      ...(priority !== undefined && { priority: Number(priority) }),
      ...(task.formKey !== undefined && { formKey: task.formKey }),
      variables: run.variables(token),
    });
    token.wait = { kind: 'task', taskId };
    token.task = {
      ...(assignee !== undefined && { assignee }),
      candidateUsers,
      candidateGroups,
      ...(priority !== undefined && { priority: Number(priority) }),
    };
    run.emit('element.enabled', task, token, { data: { taskId, ...(assignee && { assignee }) } });
    if (task.work) run.send({ type: 'task', instanceId: run.state.id, taskId, action: { op: 'route' } });
  },
};
