import type { Run } from '../run.js';
import { CommandRejected, type Command, type Token } from '../types.js';

function taskToken(run: Run, cmd: { instanceId: string; taskId: string }): Token {
  const token = run.findToken((t) => t.wait?.kind === 'task' && t.wait.taskId === cmd.taskId);
  if (!token) {
    throw new CommandRejected(
      `task '${cmd.taskId}' is not open: it was completed or cancelled already`,
      'task-not-open',
    );
  }
  return token;
}

export function claimTask(run: Run, cmd: Extract<Command, { type: 'claim-task' }>): void {
  const token = taskToken(run, cmd);
  const element = run.element(token.elementId);
  if (token.claimedBy !== undefined && token.claimedBy !== cmd.actor) {
    throw new CommandRejected(
      `task '${cmd.taskId}' is claimed by '${token.claimedBy}' already`,
      'task-claimed',
    );
  }
  if (token.claimedBy === cmd.actor) return;
  token.claimedBy = cmd.actor;
  run.effect({ kind: 'claim-task', taskId: cmd.taskId, assignee: cmd.actor });
  run.emit('task.claimed', element, token, { actor: cmd.actor, data: { taskId: cmd.taskId } });
  run.emit('element.started', element, token, { actor: cmd.actor });
}

export function completeTask(run: Run, cmd: Extract<Command, { type: 'complete-task' }>): void {
  const token = taskToken(run, cmd);
  const element = run.element(token.elementId);
  if (token.claimedBy === undefined)
    run.emit('element.started', element, token, cmd.actor ? { actor: cmd.actor } : undefined);
  run.effect({
    kind: 'close-task',
    taskId: cmd.taskId,
    outcome: 'completed',
    ...(cmd.actor && { actor: cmd.actor }),
  });
  run.completeActivity(token, element, cmd.variables, cmd.actor);
}
