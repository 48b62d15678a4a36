/**
 * A timer fired or a message arrived. The token it belongs to waits either at a catch event
 * or receive task, at an event-based gateway, or at an activity whose boundary event it arms;
 * or it belongs to the start event of an event subprocess that a scope listens with.
 */
import { fireBoundary } from '../boundary.js';
import type { Run } from '../run.js';
import { closeTrigger, triggerMatches } from '../triggers.js';
import { fireListener } from '../event-subprocesses.js';
import { CommandRejected, type Command, type TimerRepeat, type Token, type Variables } from '../types.js';

type EventCommand = Extract<Command, { type: 'fire-timer' | 'correlate-message' | 'signal-received' }>;

const triggerId = (cmd: EventCommand): string =>
  cmd.type === 'fire-timer' ? cmd.timerId : cmd.subscriptionId;

function record(run: Run, cmd: EventCommand, token: Token, elementId: string): void {
  const element = run.element(elementId);
  if (cmd.type === 'fire-timer') run.emit('timer.fired', element, token, { data: { timerId: cmd.timerId } });
  else if (cmd.type === 'signal-received')
    run.emit('signal.received', element, token, { data: { name: cmd.signalName } });
  else run.emit('message.correlated', element, token, { data: { name: cmd.messageName } });
}

const firedCycle = (cmd: EventCommand): { dueAt: number; repeat?: TimerRepeat } | undefined =>
  cmd.type === 'fire-timer' && cmd.dueAt !== undefined
    ? { dueAt: cmd.dueAt, ...(cmd.repeat && { repeat: cmd.repeat }) }
    : undefined;

export function eventOccurred(run: Run, cmd: EventCommand): void {
  const id = triggerId(cmd);
  const variables: Variables | undefined = cmd.type === 'fire-timer' ? undefined : cmd.variables;
  for (const token of Object.values(run.state.tokens)) {
    const wait = token.wait;
    if (
      (wait?.kind === 'timer' && wait.timerId === id) ||
      (wait?.kind === 'message' && wait.subscriptionId === id)
    ) {
      if (wait.kind === 'message') run.effect({ kind: 'unsubscribe-message', subscriptionId: id });
      record(run, cmd, token, token.elementId);
      const element = run.element(token.elementId);
      delete token.wait;
      if (element.kind === 'receiveTask') return run.completeActivity(token, element, variables);
      if (variables) run.setVariables(token, token.scopeId, variables);
      run.emit('element.completed', element, token);
      return run.leave(token, element);
    }
    if (wait?.kind === 'event-gateway') {
      const trigger = wait.triggers.find((t) => triggerMatches(t, id));
      if (!trigger) continue;
      for (const other of wait.triggers) if (other !== trigger) closeTrigger(run, other);
      if (trigger.subscriptionId !== undefined) closeTrigger(run, trigger);
      const gateway = run.element(token.elementId);
      run.emit('element.completed', gateway, token);
      const flowId = gateway.outgoing.find((f) => run.graph.flows[f]!.target === trigger.eventId)!;
      token.elementId = trigger.eventId;
      token.arrivedBy = flowId;
      delete token.wait;
      record(run, cmd, token, trigger.eventId);
      const target = run.element(trigger.eventId);
      if (target.kind === 'receiveTask') {
        run.emit('element.started', target, token);
        return run.completeActivity(token, target, variables);
      }
      if (variables) run.setVariables(token, token.scopeId, variables);
      run.emit('element.completed', target, token);
      return run.leave(token, target);
    }
    const boundary = token.boundary?.find((t) => triggerMatches(t, id));
    if (boundary) {
      record(run, cmd, token, boundary.eventId);
      return fireBoundary(run, token, boundary, variables, firedCycle(cmd));
    }
  }
  for (const scope of Object.values(run.state.scopes)) {
    const listener = scope.listeners?.find((t) => triggerMatches(t, id));
    if (!listener) continue;
    const started = fireListener(run, scope, listener, variables, firedCycle(cmd));
    return record(run, cmd, started, listener.eventId);
  }
  throw new CommandRejected(
    cmd.type === 'fire-timer'
      ? `timer '${cmd.timerId}' no longer belongs to a waiting token`
      : `subscription '${cmd.subscriptionId}' no longer belongs to a waiting token`,
    'trigger-gone',
  );
}
