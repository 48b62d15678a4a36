/**
 * Boundary events: armed when a token enters an activity, disarmed when it leaves, fired by a
 * timer or a message (errors are caught in errors.ts). An interrupting boundary event cancels
 * the activity; a non-interrupting one starts a parallel path and leaves the activity running.
 */
import type { BoundaryEvent } from '../model/graph.js';
import { nextOccurrence } from '../expr/timer-spec.js';
import type { Run } from './run.js';
import { cancelToken } from './scopes.js';
import { closeTrigger, openTrigger } from './triggers.js';
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
    // A non-interrupting message boundary keeps listening; a timer re-arms only for a cycle.
    const rest = (activityToken.boundary ?? []).filter(
      (t) => t !== trigger || t.subscriptionId !== undefined,
    );
    const next = fired?.repeat && nextOccurrence(fired.repeat.cycle, fired.dueAt, fired.repeat.remaining);
    if (next && trigger.timerId !== undefined) {
      const timerId = run.ctx.newId();
      run.effect({
        kind: 'schedule-timer',
        timerId,
        tokenId: activityToken.id,
        elementId: event.id,
        dueAt: next.dueAt,
        repeat: { cycle: fired.repeat!.cycle, remaining: next.remaining ?? null },
      });
      rest.push({ eventId: event.id, timerId });
    }
    activityToken.boundary = rest;
  }
  const token = run.newToken(event.id, activityToken.scopeId);
  if (variables) run.setVariables(token, token.scopeId, variables);
  run.arrive(token);
}
