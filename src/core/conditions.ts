/**
 * Conditional events. A conditional catch event, boundary event or event-subprocess start is
 * evaluated at the end of every step of a model that has one (the graph's `conditions`
 * feature; other models pay nothing): so when it is entered, and again after every message,
 * task completion or job result that changed variables. Boundary and start conditions fire on
 * the false → true edge, once per edge; a catch event passes as soon as its condition holds.
 *
 * Besides the variables, a condition sees `activeElements`, the ids of the elements where the
 * instance's tokens are: a milestone (WCP-18) is a condition on where the case stands.
 */
import type { EventDefinition, FlowElement } from '../model/graph.js';
import { fireBoundary } from './boundary.js';
import { fireListener, scopeToken } from './event-subprocesses.js';
import { isModelError, type Run } from './run.js';
import type { Token, Trigger } from './types.js';

const conditionOf = (element: FlowElement): string | undefined => {
  const event: EventDefinition | undefined = 'event' in element ? element.event : undefined;
  return event?.type === 'conditional' ? event.condition : undefined;
};

/** Evaluates every armed condition once; returns whether any fired (the step then drains again). */
export function settleConditions(run: Run): boolean {
  let activeElements: string[] | undefined;
  const holds = (condition: string, token: Token): boolean => {
    activeElements ??= [...new Set(Object.values(run.state.tokens).map((t) => t.elementId))];
    try {
      return run.evaluate(condition, token, { activeElements }) === true;
    } catch (error) {
      if (!isModelError(error)) throw error;
      return false;
    }
  };
  for (const token of Object.values(run.state.tokens)) {
    if (token.wait?.kind === 'condition') {
      const element = run.element(token.elementId);
      if (!holds(conditionOf(element) ?? 'false', token)) continue;
      delete token.wait;
      run.emit('element.completed', element, token);
      run.leave(token, element);
      return true;
    }
    if (token.boundary?.some((t) => t.held !== undefined) && settleBoundary(run, token, holds)) return true;
  }
  for (const scope of Object.values(run.state.scopes)) {
    for (const trigger of scope.listeners ?? []) {
      if (trigger.held === undefined) continue;
      const value = holds(
        conditionOf(run.element(trigger.eventId)) ?? 'false',
        scopeToken(run, scope, trigger.eventId),
      );
      if (value && !trigger.held) {
        fireListener(run, scope, trigger);
        return true;
      }
      if (value !== trigger.held) replace(scope, 'listeners', trigger, { ...trigger, held: value });
    }
  }
  return false;
}

function settleBoundary(
  run: Run,
  token: Token,
  holds: (condition: string, token: Token) => boolean,
): boolean {
  for (const trigger of token.boundary ?? []) {
    if (trigger.held === undefined) continue;
    const value = holds(conditionOf(run.element(trigger.eventId)) ?? 'false', token);
    if (value && !trigger.held) {
      fireBoundary(run, token, trigger);
      return true;
    }
    if (value !== trigger.held) replace(token, 'boundary', trigger, { ...trigger, held: value });
  }
  return false;
}

/** Triggers are shared with the step's input state, so a changed one is replaced, never mutated. */
function replace<K extends 'listeners' | 'boundary'>(
  holder: { [P in K]?: readonly Trigger[] },
  key: K,
  old: Trigger,
  next: Trigger,
): void {
  holder[key] = holder[key]!.map((t) => (t === old ? next : t));
}
