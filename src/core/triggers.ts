/**
 * Opening and closing the things an element waits on: timers, message and signal
 * subscriptions, and conditions.
 * Intermediate catch events, receive tasks, boundary events and event-based gateways share
 * these, so a timer or a subscription is created the same way wherever it is declared.
 */
import type { EventDefinition, TimerSpec, Value } from '../model/graph.js';
import { firstOccurrence } from '../expr/timer-spec.js';
import { ModelRuntimeError, type Run } from './run.js';
import type { Token, Trigger } from './types.js';

/** A literal as it is, an expression evaluated at the token; either way a string. */
export function resolveValue(run: Run, token: Token, value: Value): string {
  if ('literal' in value) return value.literal;
  const result = run.evaluate(value.expression, token);
  if (result === null || result === undefined) {
    throw new ModelRuntimeError(`expression '${value.expression}' evaluated to null`);
  }
  return typeof result === 'string' ? result : JSON.stringify(result);
}

/** Schedules a timer for the element; returns its id. */
export function openTimer(run: Run, token: Token, elementId: string, spec: TimerSpec): string {
  const text = resolveValue(run, token, spec.value);
  const occurrence = firstOccurrence(spec.kind, text, run.now);
  if (!occurrence) throw new ModelRuntimeError(`timer '${text}' of '${elementId}' never fires`);
  const timerId = run.ctx.newId();
  run.effect({
    kind: 'schedule-timer',
    timerId,
    tokenId: token.id,
    elementId,
    dueAt: occurrence.dueAt,
    ...(spec.kind === 'cycle' && { repeat: { cycle: text, remaining: occurrence.remaining ?? null } }),
  });
  return timerId;
}

/** Subscribes the token to a message for the element; returns the subscription id. */
export function openSubscription(
  run: Run,
  token: Token,
  elementId: string,
  messageName: Value,
  correlationKey: string | undefined,
  channel?: 'signal',
): string {
  const name = resolveValue(run, token, messageName);
  let key: string | undefined;
  if (correlationKey !== undefined) {
    const value = run.evaluate(correlationKey, token);
    if (value === null || value === undefined) {
      throw new ModelRuntimeError(`correlation key '${correlationKey}' of '${elementId}' evaluated to null`);
    }
    key = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const subscriptionId = run.ctx.newId();
  run.effect({
    kind: 'subscribe-message',
    subscriptionId,
    tokenId: token.id,
    elementId,
    name,
    ...(key !== undefined && { correlationKey: key }),
    ...(channel && { channel }),
  });
  return subscriptionId;
}

/** Opens the timer or subscription an event definition waits for, if it waits for one. */
export function openTrigger(
  run: Run,
  token: Token,
  eventId: string,
  event: EventDefinition,
): Trigger | undefined {
  if (event.type === 'timer') return { eventId, timerId: openTimer(run, token, eventId, event.timer) };
  if (event.type === 'message') {
    return {
      eventId,
      subscriptionId: openSubscription(run, token, eventId, event.messageName, event.correlationKey),
    };
  }
  if (event.type === 'signal') {
    return {
      eventId,
      subscriptionId: openSubscription(run, token, eventId, event.signalName, undefined, 'signal'),
    };
  }
  // A condition is evaluated at the end of the step (conditions.ts), so true at once fires at once.
  if (event.type === 'conditional') return { eventId, held: false };
  return undefined;
}

/**
 * What stays armed after a non-interrupting trigger fired: a message or signal keeps
 * listening, a condition waits for its next false → true, a timer is done (a cycle schedules
 * its next occurrence separately).
 */
export const armedAfterFiring = (triggers: readonly Trigger[], fired: Trigger): Trigger[] =>
  triggers.flatMap((t) =>
    t !== fired ? [t] : t.held !== undefined ? [{ ...t, held: true }] : t.subscriptionId ? [t] : [],
  );

export function closeTrigger(run: Run, trigger: Trigger): void {
  if (trigger.timerId !== undefined) run.effect({ kind: 'cancel-timer', timerId: trigger.timerId });
  if (trigger.subscriptionId !== undefined) {
    run.effect({ kind: 'unsubscribe-message', subscriptionId: trigger.subscriptionId });
  }
}

export const triggerMatches = (trigger: Trigger, id: string): boolean =>
  trigger.timerId === id || trigger.subscriptionId === id;
