/**
 * Boundary events: armed when a token enters an activity, disarmed when it leaves, fired by a
 * timer, a message, a signal or a condition (errors are caught in errors.ts, conditions are
 * evaluated in conditions.ts). An interrupting boundary event cancels
 * the activity; a non-interrupting one starts a parallel path and leaves the activity running.
 */
import type { BoundaryEvent } from '../model/graph.js';
import { nextOccurrence } from '../expr/timer-spec.js';
import type { Run } from './run.js';
import { cancelToken } from './scopes.js';
import { armedAfterFiring, closeTrigger, openTrigger } from './triggers.js';
import type { TimerRepeat, Token, Trigger, Variables } from './types.js';

export function armBoundary(run: Run, token: Token, eventIds: readonly string[]): void {
  const triggers: Trigger[] = [];
  for (const eventId of eventIds) {
    const event = run.element(eventId) as BoundaryEvent;
    const trigger = openTrigger(run, token, eventId, event.event);
    if (trigger) triggers.push(trigger);
  }
  if (triggers.length > 0) token.boundary = triggers;
}

export function disarmBoundary(run: Run, token: Token): void {
  if (!token.boundary) return;
  for (const trigger of token.boundary) closeTrigger(run, trigger);
  delete token.boundary;
}

/**
 * A boundary trigger has fired for the activity the token is in. `repeat` and `dueAt` describe
 * the fired timer occurrence when it belongs to a cycle.
 */
export function fireBoundary(
  run: Run,
  activityToken: Token,
  trigger: Trigger,
  variables?: Variables,
  fired?: { repeat?: TimerRepeat; dueAt: number },
): void {
  const event = run.element(trigger.eventId) as BoundaryEvent;
  if (event.cancelActivity) {
    // A fired timer is consumed by the store; a subscription stays open until closed here,
    // and the other triggers are closed by the cancellation.
    if (trigger.subscriptionId !== undefined) closeTrigger(run, trigger);
    activityToken.boundary = activityToken.boundary?.filter((t) => t !== trigger);
    cancelToken(run, activityToken);
  } else {
    // A non-interrupting message boundary keeps listening, a condition waits for its next
    // false → true; a timer re-arms only for a cycle.
    const rest = armedAfterFiring(activityToken.boundary ?? [], trigger);
    const next = fired && nextCycleTrigger(run, activityToken.id, event.id, fired);
    if (next) rest.push(next);
    activityToken.boundary = rest;
  }
  const token = run.newToken(event.id, activityToken.scopeId);
  if (variables) run.setVariables(token, token.scopeId, variables);
  run.arrive(token);
}

/** The next occurrence of a fired timer that belongs to a cycle, scheduled; none when it was the last. */
export function nextCycleTrigger(
  run: Run,
  tokenId: string,
  eventId: string,
  fired: { repeat?: TimerRepeat; dueAt: number },
): Trigger | undefined {
  const next = fired.repeat && nextOccurrence(fired.repeat.cycle, fired.dueAt, fired.repeat.remaining);
  if (!next) return undefined;
  const timerId = run.ctx.newId();
  run.effect({
    kind: 'schedule-timer',
    timerId,
    tokenId,
    elementId: eventId,
    dueAt: next.dueAt,
    repeat: { cycle: fired.repeat!.cycle, remaining: next.remaining ?? null },
  });
  return { eventId, timerId };
}
