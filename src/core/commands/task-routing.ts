/**
 * The work-management half of a user task's life, pure: applying the task router's decision
 * (assignee or offer, RACI people, SLA ladder), the SLA timers that fire at each ladder step,
 * pausing and resuming the SLA clock, notifications written to the outbox, and redo. The
 * router (src/engine/task-router.ts) reads the directory and calendars at the edge; what comes
 * in here is data, so the same decision always gives the same step.
 */
import { disarmBoundary } from '../boundary.js';
import type { Run } from '../run.js';
import type { AllocateAction, SlaHold, SlaStepPlan } from '../task-work.js';
import { CommandRejected, type Command, type TaskHold, type Token } from '../types.js';

type TaskCommand = Extract<Command, { type: 'task' }>;
type FireTimer = Extract<Command, { type: 'fire-timer' }>;

/** Camunda's default task priority; an SLA's `raise-priority` adds to it when none was set. */
const defaultPriority = 50;

/** One notification per recipient, keyed so that it is sent at most once. */
export function notify(
  run: Run,
  type: string,
  users: readonly string[],
  taskId: string,
  data: Record<string, unknown>,
  step = '',
): void {
  for (const user of new Set(users)) {
    run.effect({
      kind: 'notify',
      notificationId: run.ctx.newId(),
      key: `${taskId}:${type}:${step}:${user}`,
      user,
      type,
      taskId,
      data,
    });
  }
}

function cancelSlaTimers(run: Run, sla: SlaHold): void {
  for (const timerId of Object.keys(sla.timers)) run.effect({ kind: 'cancel-timer', timerId });
  sla.timers = {};
}

function armSla(run: Run, token: Token, task: TaskHold, taskId: string, steps: readonly SlaStepPlan[]): void {
  const sla = task.sla!;
  cancelSlaTimers(run, sla);
  sla.steps = steps.filter((s) => sla.reached === undefined || s.percent > sla.reached);
  for (const step of sla.steps) {
    const timerId = run.ctx.newId();
    sla.timers[timerId] = step.percent;
    run.effect({
      kind: 'schedule-timer',
      timerId,
      tokenId: token.id,
      elementId: token.elementId,
      dueAt: Math.max(step.at, run.now),
    });
  }
  run.effect({ kind: 'update-task', taskId, set: { dueAt: sla.dueAt } });
}

export function allocate(
  run: Run,
  token: Token,
  task: TaskHold,
  cmd: TaskCommand,
  action: AllocateAction,
): void {
  const element = run.element(token.elementId);
  const taskId = cmd.taskId;
  if (!action.replan) {
    if (task.routed) throw new CommandRejected(`task '${taskId}' was routed already`, 'task-routed');
    task.routed = true;
    if (action.raci) task.raci = action.raci;
    const decision = {
      taskId,
      ...(action.strategy !== undefined && { strategy: action.strategy }),
      ...(action.why !== undefined && { why: action.why }),
    };
    if (action.assignee !== undefined) {
      task.assignee = action.assignee;
      run.effect({ kind: 'update-task', taskId, set: { assignee: action.assignee } });
      run.emit('task.allocated', element, token, {
        data: {
          ...decision,
          assignee: action.assignee,
          ...(action.substituteFor !== undefined && { substituteFor: action.substituteFor }),
        },
      });
      notify(run, 'task.assigned', [action.assignee], taskId, { element: element.name ?? element.id });
    } else if (action.offer) {
      task.candidateUsers = [...action.offer.users];
      task.candidateGroups = [...action.offer.groups];
      if (action.offer.excluded?.length) task.excluded = [...action.offer.excluded];
      run.effect({
        kind: 'update-task',
        taskId,
        set: { candidateUsers: task.candidateUsers, candidateGroups: task.candidateGroups },
      });
      run.emit('task.offered', element, token, {
        data: {
          ...decision,
          users: task.candidateUsers,
          groups: task.candidateGroups,
          ...(task.excluded && { excluded: task.excluded }),
          ...(action.unassigned && { unassigned: true }),
        },
      });
      if (!action.unassigned)
        notify(run, 'task.offered', task.candidateUsers, taskId, { element: element.name ?? element.id });
    } else {
      run.emit('task.offered', element, token, {
        data: { ...decision, users: task.candidateUsers, groups: task.candidateGroups, unassigned: true },
      });
    }
  }
  if (action.sla) {
    task.sla ??= {
      startedAt: action.sla.startedAt,
      dueAt: action.sla.dueAt,
      steps: [],
      timers: {},
      pauses: [],
    };
    task.sla.dueAt = action.sla.dueAt;
    if (task.sla.pausedAt === undefined) armSla(run, token, task, taskId, action.sla.steps);
  }
}

/** A ladder step's timer fired: remind, notify, reassign, raise the priority; the 100% step is a breach. */
export function slaTimerFired(run: Run, cmd: FireTimer): boolean {
  const token = run.findToken((t) => t.task?.sla?.timers[cmd.timerId] !== undefined);
  if (!token || token.wait?.kind !== 'task') return false;
  const task = token.task!;
  const sla = task.sla!;
  const taskId = token.wait.taskId;
  const percent = sla.timers[cmd.timerId]!;
  delete sla.timers[cmd.timerId];
  sla.reached = Math.max(sla.reached ?? 0, percent);
  const step = sla.steps.find((s) => s.percent === percent);
  if (!step) return true;
  const element = run.element(token.elementId);
  const from = task.assignee;
  const data: Record<string, unknown> = {
    taskId,
    percent,
    dueAt: sla.dueAt,
    ...(from !== undefined && { assignee: from }),
  };
  const notice = { element: element.name ?? element.id, percent, dueAt: sla.dueAt };
  notify(run, 'sla.reminder', step.remind, taskId, notice, String(percent));
  notify(run, step.breach ? 'sla.breached' : 'sla.escalated', step.notify, taskId, notice, String(percent));
  if (step.raisePriority !== undefined) {
    task.priority = (task.priority ?? defaultPriority) + step.raisePriority;
    run.effect({ kind: 'update-task', taskId, set: { priority: task.priority } });
    data.priority = task.priority;
  }
  if (step.reassignTo !== undefined && step.reassignTo !== from) {
    task.assignee = step.reassignTo;
    delete task.owner;
    run.effect({ kind: 'update-task', taskId, set: { assignee: step.reassignTo, owner: null } });
    data.reassignedTo = step.reassignTo;
    notify(run, 'task.assigned', [step.reassignTo], taskId, notice, `sla-${percent}`);
  }
  const escalates =
    step.notify.length > 0 || step.reassignTo !== undefined || step.raisePriority !== undefined;
  const type = step.breach ? 'task.sla-breached' : escalates ? 'task.sla-escalated' : 'task.sla-reminded';
  run.emit(type, element, token, { data });
  return true;
}

export function pauseSla(run: Run, token: Token, task: TaskHold, cmd: TaskCommand): void {
  const sla = task.sla;
  if (!sla || sla.pausedAt !== undefined) return;
  cancelSlaTimers(run, sla);
  sla.pausedAt = run.now;
  run.emit('task.sla-paused', run.element(token.elementId), token, {
    ...(cmd.actor !== undefined && { actor: cmd.actor }),
    data: { taskId: cmd.taskId, ...(cmd.reason !== undefined && { reason: cmd.reason }) },
  });
}

/** The clock runs again; the router computes the ladder anew, the pause left out, on the right calendar. */
export function resumeSla(run: Run, token: Token, task: TaskHold, cmd: TaskCommand): void {
  const sla = task.sla;
  if (!sla || sla.pausedAt === undefined) return;
  sla.pauses.push({ from: sla.pausedAt, to: run.now });
  delete sla.pausedAt;
  run.emit('task.sla-resumed', run.element(token.elementId), token, {
    ...(cmd.actor !== undefined && { actor: cmd.actor }),
    data: { taskId: cmd.taskId },
  });
  run.send({
    type: 'task',
    instanceId: run.state.id,
    taskId: cmd.taskId,
    action: { op: 'route', replan: true },
  });
}

/** Closing the task: its ladder stops and the informed hear of it. */
export function closeTaskWork(
  run: Run,
  task: TaskHold,
  taskId: string,
  actor: string | undefined,
  outcome: string,
): void {
  if (task.sla) cancelSlaTimers(run, task.sla);
  const informed = task.raci?.informed ?? [];
  if (outcome === 'completed' && informed.length > 0)
    notify(run, 'task.completed', informed, taskId, { ...(actor !== undefined && { by: actor }) });
}

/** Sends the case back to an earlier user task of the same scope; the current task is cancelled. */
export function redo(run: Run, token: Token, task: TaskHold, cmd: TaskCommand, elementId: string): void {
  const target = run.graph.elements[elementId];
  const scopeElement = run.state.scopes[token.scopeId]?.elementId;
  if (!target || target.kind !== 'userTask' || target.scope !== scopeElement || token.inner !== undefined)
    throw new CommandRejected(
      `task '${cmd.taskId}' cannot be redone at '${elementId}': redo goes back to a user task of the same (sub)process`,
      'redo-not-allowed',
    );
  if (target.work?.['sluice:redo'] === 'false')
    throw new CommandRejected(
      `the model does not allow redoing '${elementId}' (sluice:redo="false")`,
      'redo-not-allowed',
    );
  const current = run.element(token.elementId);
  run.effect({
    kind: 'close-task',
    taskId: cmd.taskId,
    outcome: 'cancelled',
    ...(cmd.actor !== undefined && { actor: cmd.actor }),
  });
  if (task.sla) cancelSlaTimers(run, task.sla);
  disarmBoundary(run, token);
  run.emit('element.cancelled', current, token, cmd.actor !== undefined ? { actor: cmd.actor } : undefined);
  run.emit('task.redone', current, token, {
    ...(cmd.actor !== undefined && { actor: cmd.actor }),
    data: { taskId: cmd.taskId, to: elementId, ...(cmd.reason !== undefined && { reason: cmd.reason }) },
  });
  delete token.wait;
  delete token.task;
  delete token.arrivedBy;
  token.elementId = elementId;
  token.enteredAt = run.now;
  run.arrive(token);
}
