/**
 * The life of a user task, as the workflow resource patterns describe a work item: offered to
 * candidates or allocated to one person, claimed, started, delegated (the owner stays),
 * reassigned, forwarded, escalated, suspended and resumed, approved by those consulted,
 * completed, skipped or failed, or done ahead before it is enabled (pre-do). Every operation records who did it and why. When the caller passes the actor's groups, only
 * the assignee (or, while nobody holds it, a candidate) may claim, start or complete it.
 */
import { throwError } from '../errors.js';
import type { Run } from '../run.js';
import { CommandRejected, type Command, type TaskAction, type TaskHold, type Token } from '../types.js';
import { allocate as applyAllocation, closeTaskWork, pauseSla, redo, resumeSla } from './task-routing.js';

type TaskCommand = Extract<Command, { type: 'task' }>;
type Operation<K extends TaskAction['op']> = (
  run: Run,
  token: Token,
  task: TaskHold,
  cmd: TaskCommand,
  action: Extract<TaskAction, { op: K }>,
) => void;
type Operations = { [K in Exclude<TaskAction['op'], 'predo'>]: Operation<K> };

function taskToken(run: Run, cmd: TaskCommand): Token & { task: TaskHold } {
  const token = run.findToken((t) => t.wait?.kind === 'task' && t.wait.taskId === cmd.taskId);
  if (!token)
    throw new CommandRejected(
      `task '${cmd.taskId}' is not open: it was completed or cancelled already`,
      'task-not-open',
    );
  token.task ??= { candidateUsers: [], candidateGroups: [] };
  return token as Token & { task: TaskHold };
}

const rejected = (message: string, code = 'task-not-allowed'): CommandRejected =>
  new CommandRejected(message, code);

/** May the actor take or work on the task? Only judged when the caller passed the actor's groups. */
function mayWork(task: TaskHold, cmd: TaskCommand): void {
  if (cmd.actorGroups === undefined) return;
  const actor = cmd.actor;
  if (actor === undefined)
    throw rejected(`say who works on task '${cmd.taskId}' (an actor is required)`, 'actor-required');
  if (task.assignee !== undefined) {
    if (task.assignee !== actor)
      throw rejected(`task '${cmd.taskId}' is assigned to '${task.assignee}', not to '${actor}'`);
    return;
  }
  const open = task.candidateUsers.length === 0 && task.candidateGroups.length === 0;
  const candidate =
    open ||
    task.candidateUsers.includes(actor) ||
    task.candidateGroups.some((g) => cmd.actorGroups!.includes(g));
  if (!candidate) throw rejected(`'${actor}' is not a candidate for task '${cmd.taskId}'`);
}

/** When the model says consulted must approve, every consulted person has approved before completion. */
function awaitingApproval(task: TaskHold, cmd: TaskCommand): void {
  if (!task.raci?.consultedMustApprove) return;
  const missing = task.raci.consulted.filter((user) => !task.approvedBy?.includes(user));
  if (missing.length > 0)
    throw rejected(
      `task '${cmd.taskId}' cannot complete before ${missing.join(', ')} approve${missing.length === 1 ? 's' : ''} it (consulted must approve); ask them to approve it first`,
      'approval-missing',
    );
}

function notSuspended(task: TaskHold, cmd: TaskCommand): void {
  if (task.suspended) throw rejected(`task '${cmd.taskId}' is suspended; resume it first`, 'task-suspended');
}

function record(
  run: Run,
  token: Token,
  cmd: TaskCommand,
  type: Parameters<Run['emit']>[0],
  data: Record<string, unknown> = {},
): void {
  run.emit(type, run.element(token.elementId), token, {
    ...(cmd.actor !== undefined && { actor: cmd.actor }),
    data: { taskId: cmd.taskId, ...data, ...(cmd.reason !== undefined && { reason: cmd.reason }) },
  });
}

function begin(run: Run, token: Token, task: TaskHold, cmd: TaskCommand): void {
  if (task.started) return;
  task.started = true;
  run.emit(
    'element.started',
    run.element(token.elementId),
    token,
    cmd.actor !== undefined ? { actor: cmd.actor } : undefined,
  );
  run.effect({ kind: 'update-task', taskId: cmd.taskId, set: { startedAt: run.now } });
}

function allocate(
  run: Run,
  task: TaskHold,
  cmd: TaskCommand,
  assignee: string | undefined,
  extra: { owner?: string | null } = {},
): void {
  if (assignee === undefined) delete task.assignee;
  else task.assignee = assignee;
  run.effect({ kind: 'update-task', taskId: cmd.taskId, set: { assignee: assignee ?? null, ...extra } });
}

function finish(
  run: Run,
  token: Token,
  cmd: TaskCommand,
  variables: Record<string, unknown> | undefined,
  outcome: 'completed' | 'skipped',
  actor = cmd.actor,
): void {
  closeTaskWork(run, token.task!, cmd.taskId, actor, outcome);
  run.effect({
    kind: 'close-task',
    taskId: cmd.taskId,
    outcome,
    ...(actor !== undefined && { actor }),
  });
  delete token.task;
  run.completeActivity(token, run.element(token.elementId), variables, actor);
}

/**
 * Pre-do: someone records the work of a later user task before it is enabled. The model must
 * allow it (`sluice:predo="true"`); the work waits in the instance and is applied when the task
 * arrives (see `applyPredone`).
 */
function predo(run: Run, cmd: TaskCommand, action: Extract<TaskAction, { op: 'predo' }>): void {
  const element = run.graph.elements[action.elementId];
  if (!element || element.kind !== 'userTask' || element.work?.['sluice:predo'] !== 'true')
    throw rejected(
      `'${action.elementId}' cannot be done ahead: pre-do needs a user task with sluice:predo="true"`,
      'predo-not-allowed',
    );
  if (cmd.actor === undefined) throw rejected(`say who does '${action.elementId}' ahead`, 'actor-required');
  if (run.findToken((t) => t.elementId === action.elementId && t.wait?.kind === 'task'))
    throw rejected(
      `'${action.elementId}' is open already: complete its task instead of doing it ahead`,
      'task-open',
    );
  const earlier = run.state.predone?.[action.elementId];
  if (earlier)
    throw rejected(
      `'${action.elementId}' was done ahead by '${earlier.actor}' already; it applies when the task arrives`,
      'predone-already',
    );
  const variables = action.variables ?? {};
  run.state.predone = {
    ...run.state.predone,
    [action.elementId]: { variables, actor: cmd.actor, at: run.now },
  };
  run.emit('task.predone', element, undefined, {
    actor: cmd.actor,
    data: { variables: Object.keys(variables), ...(cmd.reason !== undefined && { reason: cmd.reason }) },
  });
}

/** The task arrived and was routed: work done ahead completes it at once, in its author's name. */
function applyPredone(run: Run, token: Token, cmd: TaskCommand): void {
  const done = run.state.predone?.[token.elementId];
  if (!done) return;
  const { [token.elementId]: _applied, ...rest } = run.state.predone!;
  if (Object.keys(rest).length > 0) run.state.predone = rest;
  else delete run.state.predone;
  begin(run, token, token.task!, { ...cmd, actor: done.actor });
  finish(run, token, cmd, done.variables, 'completed', done.actor);
}

const operations: Operations = {
  claim(run, token, task, cmd) {
    notSuspended(task, cmd);
    if (cmd.actor === undefined) throw rejected(`say who claims task '${cmd.taskId}'`, 'actor-required');
    if (task.assignee === cmd.actor) return;
    if (task.assignee !== undefined)
      throw rejected(`task '${cmd.taskId}' is claimed by '${task.assignee}' already`, 'task-claimed');
    if (task.excluded?.includes(cmd.actor))
      throw rejected(
        `'${cmd.actor}' may not claim task '${cmd.taskId}': separation of duties leaves them out`,
        'task-excluded',
      );
    mayWork(task, cmd);
    allocate(run, task, cmd, cmd.actor);
    record(run, token, cmd, 'task.claimed');
    begin(run, token, task, cmd);
  },
  unclaim(run, token, task, cmd) {
    if (task.assignee === undefined) return;
    mayWork(task, cmd);
    allocate(run, task, cmd, undefined);
    record(run, token, cmd, 'task.unclaimed');
  },
  start(run, token, task, cmd) {
    notSuspended(task, cmd);
    mayWork(task, cmd);
    if (task.assignee === undefined && cmd.actor !== undefined) allocate(run, task, cmd, cmd.actor);
    begin(run, token, task, cmd);
  },
  complete(run, token, task, cmd, action) {
    notSuspended(task, cmd);
    mayWork(task, cmd);
    if (task.owner !== undefined) {
      throw rejected(
        `task '${cmd.taskId}' is delegated to '${task.assignee ?? ''}'; they resolve it back to '${task.owner}' first`,
        'task-delegated',
      );
    }
    awaitingApproval(task, cmd);
    begin(run, token, task, cmd);
    finish(run, token, cmd, action.variables, 'completed');
  },
  approve(run, token, task, cmd) {
    const consulted = task.raci?.consulted ?? [];
    if (cmd.actor === undefined) throw rejected(`say who approves task '${cmd.taskId}'`, 'actor-required');
    if (!consulted.includes(cmd.actor))
      throw rejected(
        `'${cmd.actor}' is not consulted on task '${cmd.taskId}'; those who approve it are: ${consulted.join(', ') || 'nobody'}`,
        'not-consulted',
      );
    if (task.approvedBy?.includes(cmd.actor)) return;
    task.approvedBy = [...(task.approvedBy ?? []), cmd.actor];
    record(run, token, cmd, 'task.approved');
  },
  delegate(run, token, task, cmd, action) {
    notSuspended(task, cmd);
    mayWork(task, cmd);
    const owner = task.owner ?? task.assignee ?? cmd.actor;
    if (owner === undefined)
      throw rejected(`task '${cmd.taskId}' has nobody to delegate it: claim it first`, 'task-unassigned');
    task.owner = owner;
    allocate(run, task, cmd, action.to, { owner });
    record(run, token, cmd, 'task.delegated', { to: action.to, owner });
  },
  resolve(run, token, task, cmd, action) {
    if (task.owner === undefined)
      throw rejected(`task '${cmd.taskId}' is not delegated`, 'task-not-delegated');
    mayWork(task, cmd);
    const owner = task.owner;
    delete task.owner;
    if (action.variables) run.setVariables(token, token.scopeId, action.variables);
    allocate(run, task, cmd, owner, { owner: null });
    record(run, token, cmd, 'task.resolved', { owner });
  },
  reassign(run, token, task, cmd, action) {
    const from = task.assignee;
    delete task.owner;
    allocate(run, task, cmd, action.to, { owner: null });
    record(run, token, cmd, 'task.reassigned', { ...(from !== undefined && { from }), to: action.to });
  },
  forward(run, token, task, cmd, action) {
    task.candidateUsers = [...(action.users ?? [])];
    task.candidateGroups = [...(action.groups ?? [])];
    delete task.owner;
    allocate(run, task, cmd, undefined, { owner: null });
    run.effect({
      kind: 'update-task',
      taskId: cmd.taskId,
      set: { candidateUsers: task.candidateUsers, candidateGroups: task.candidateGroups },
    });
    record(run, token, cmd, 'task.forwarded', { users: task.candidateUsers, groups: task.candidateGroups });
  },
  escalate(run, token, task, cmd, action) {
    const from = task.assignee;
    delete task.owner;
    allocate(run, task, cmd, action.to, { owner: null });
    if (action.priority !== undefined) {
      task.priority = action.priority;
      run.effect({ kind: 'update-task', taskId: cmd.taskId, set: { priority: action.priority } });
    }
    record(run, token, cmd, 'task.escalated', {
      ...(from !== undefined && { from }),
      to: action.to,
      ...(action.priority !== undefined && { priority: action.priority }),
    });
  },
  suspend(run, token, task, cmd) {
    if (task.suspended) return;
    task.suspended = true;
    run.effect({ kind: 'update-task', taskId: cmd.taskId, set: { suspended: true } });
    record(run, token, cmd, 'task.suspended');
    pauseSla(run, token, task, cmd);
  },
  resume(run, token, task, cmd) {
    if (!task.suspended) return;
    delete task.suspended;
    run.effect({ kind: 'update-task', taskId: cmd.taskId, set: { suspended: false } });
    record(run, token, cmd, 'task.resumed');
    resumeSla(run, token, task, cmd);
  },
  skip(run, token, task, cmd) {
    record(run, token, cmd, 'task.skipped');
    finish(run, token, cmd, undefined, 'skipped');
  },
  /** A failed task is a business outcome: an error boundary with the code catches it, else an incident. */
  fail(run, token, task, cmd, action) {
    mayWork(task, cmd);
    const errorCode = action.errorCode ?? 'TASK_FAILED';
    record(run, token, cmd, 'task.failed', {
      errorCode,
      ...(action.message !== undefined && { message: action.message }),
    });
    const element = run.element(token.elementId);
    if (throwError(run, token, errorCode, action.message, true)) return;
    run.raiseIncident(
      token,
      element,
      `task '${cmd.taskId}' failed with '${errorCode}' and no boundary event catches it`,
    );
  },
  comment(run, token, task, cmd, action) {
    if (action.text.trim() === '') throw rejected('a comment needs text', 'comment-empty');
    const commentId = run.ctx.newId();
    run.effect({
      kind: 'add-comment',
      commentId,
      taskId: cmd.taskId,
      ...(cmd.actor !== undefined && { actor: cmd.actor }),
      text: action.text,
    });
    record(run, token, cmd, 'task.commented', { commentId, text: action.text });
  },
  route(_run, _token, _task, cmd) {
    throw rejected(
      `task '${cmd.taskId}' asks for routing, which the engine's task router answers`,
      'routing-unanswered',
    );
  },
  allocate(run, token, task, cmd, action) {
    if (action.replan || run.state.predone?.[token.elementId] === undefined)
      return applyAllocation(run, token, task, cmd, action);
    // Done ahead: nobody is given the task; the informed still hear of its completion.
    task.routed = true;
    if (action.raci) task.raci = action.raci;
    applyPredone(run, token, cmd);
  },
  'pause-sla': pauseSla,
  'resume-sla': resumeSla,
  attach(run, token, _task, cmd, action) {
    record(run, token, cmd, 'task.attached', {
      attachmentId: action.attachmentId,
      name: action.name,
      size: action.size,
    });
  },
  redo: (run, token, task, cmd, action) => redo(run, token, task, cmd, action.elementId),
  update(run, token, task, cmd, action) {
    const set = {
      ...(action.priority !== undefined && { priority: action.priority }),
      ...(action.dueAt !== undefined && { dueAt: action.dueAt }),
      ...(action.followUpAt !== undefined && { followUpAt: action.followUpAt }),
    };
    if (Object.keys(set).length === 0)
      throw rejected(
        'nothing to update: give a priority, a due date or a follow-up date',
        'nothing-to-update',
      );
    if (action.priority !== undefined) task.priority = action.priority;
    run.effect({ kind: 'update-task', taskId: cmd.taskId, set });
    record(run, token, cmd, 'task.updated', set);
  },
};

export function taskCommand(run: Run, cmd: TaskCommand): void {
  if (cmd.action.op === 'predo') return predo(run, cmd, cmd.action);
  const token = taskToken(run, cmd);
  (operations[cmd.action.op] as Operation<Exclude<TaskAction['op'], 'predo'>>)(
    run,
    token,
    token.task,
    cmd,
    cmd.action,
  );
}
