/**
 * Event subprocesses. While a scope (the process, or an active subprocess) is open, the start
 * events of its event subprocesses listen: message, timer and signal starts hold a trigger on
 * the scope, conditional starts a condition (conditions.ts); error and escalation starts are
 * found when one is thrown. An interrupting start cancels every other token of the scope
 * first; a non-interrupting one runs beside them, and its message or signal keeps listening.
 */
import type { ProcessGraph, StartEvent, SubProcess } from '../model/graph.js';
import { nextCycleTrigger } from './boundary.js';
import type { Run } from './run.js';
import { cancelToken } from './scopes.js';
import { armedAfterFiring, closeTrigger, openTrigger } from './triggers.js';
import type { Scope, TimerRepeat, Token, Trigger, Variables } from './types.js';

/** The event subprocesses of a scope; none for the scope of one multi-instance instance. */
export function eventSubProcessesOf(run: Run, scope: Scope): readonly string[] {
  if (scope.parentId === undefined) return run.graph.eventSubProcesses ?? [];
  const host = run.state.tokens[scope.tokenId!];
  if (host?.wait?.kind !== 'subprocess' || host.wait.scopeId !== scope.id) return [];
  const element = run.graph.elements[scope.elementId];
  return element?.kind === 'subProcess' ? (element.eventSubProcesses ?? []) : [];
}

export const startOf = (graph: ProcessGraph, sub: SubProcess): StartEvent | undefined => {
  const start = graph.elements[sub.startEvents[0] ?? ''];
  return start?.kind === 'startEvent' ? start : undefined;
};

/** A stand-in token for what a scope evaluates itself (a start's message name, a condition). */
export const scopeToken = (run: Run, scope: Scope, elementId: string): Token => ({
  id: scope.tokenId ?? scope.id,
  elementId,
  scopeId: scope.id,
  enteredAt: run.now,
});

/** The scope has opened: its event subprocesses' message, timer, signal and conditional starts listen. */
export function armListeners(run: Run, scope: Scope): void {
  const ids = eventSubProcessesOf(run, scope);
  if (ids.length === 0) return;
  const listeners: Trigger[] = [];
  for (const id of ids) {
    const start = startOf(run.graph, run.element(id) as SubProcess);
    if (!start) continue;
    if (start.event.type === 'conditional') listeners.push({ eventId: start.id, held: false });
    else {
      const trigger = openTrigger(run, scopeToken(run, scope, start.id), start.id, start.event);
      if (trigger) listeners.push(trigger);
    }
  }
  if (listeners.length > 0) scope.listeners = listeners;
}

export function closeListeners(run: Run, scope: Scope, except?: Trigger): void {
  for (const trigger of scope.listeners ?? []) if (trigger !== except) closeTrigger(run, trigger);
  delete scope.listeners;
}

/**
 * A listening start event has fired. Returns the token of the event subprocess it starts.
 * `fired` describes a timer occurrence that belongs to a cycle.
 */
export function fireListener(
  run: Run,
  scope: Scope,
  trigger: Trigger,
  variables?: Variables,
  fired?: { repeat?: TimerRepeat; dueAt: number },
): Token {
  const start = run.element(trigger.eventId) as StartEvent;
  if (start.interrupting === false) {
    // A message or signal keeps listening, a condition waits for its next false → true; a
    // timer is done unless it repeats.
    const rest = armedAfterFiring(scope.listeners ?? [], trigger);
    const next = fired && nextCycleTrigger(run, scope.tokenId ?? scope.id, start.id, fired);
    if (next) rest.push(next);
    scope.listeners = rest;
  } else {
    if (trigger.subscriptionId !== undefined) closeTrigger(run, trigger);
    interrupt(run, scope, trigger);
  }
  return startEventSubProcess(run, scope, start, variables);
}

/** Ends everything else the scope does: its tokens and its other listeners. */
function interrupt(run: Run, scope: Scope, fired?: Trigger): void {
  closeListeners(run, scope, fired);
  for (const token of run.tokensIn(scope.id)) cancelToken(run, token);
}

function startEventSubProcess(run: Run, scope: Scope, start: StartEvent, variables?: Variables): Token {
  const token = run.newToken(start.scope, scope.id);
  if (variables) run.setVariables(token, scope.id, variables);
  run.arrive(token);
  return token;
}

/**
 * The event subprocess of `scope` that catches an error or escalation with `code`: an exact
 * code before a catch-all.
 */
export function catchingStart(
  run: Run,
  scope: Scope,
  type: 'error' | 'escalation',
  code: string,
): StartEvent | undefined {
  let catchAll: StartEvent | undefined;
  for (const id of eventSubProcessesOf(run, scope)) {
    const start = startOf(run.graph, run.element(id) as SubProcess);
    if (!start || start.event.type !== type) continue;
    const own =
      start.event.type === 'error'
        ? start.event.errorCode
        : start.event.type === 'escalation'
          ? start.event.escalationCode
          : undefined;
    if (own === code) return start;
    if (own === undefined) catchAll ??= start;
  }
  return catchAll;
}

/** Starts the event subprocess that caught an error or escalation thrown in its scope. */
export function catchInScope(run: Run, scope: Scope, start: StartEvent): Token {
  if (start.interrupting !== false) interrupt(run, scope);
  return startEventSubProcess(run, scope, start);
}

/** Errors and escalations thrown inside an event subprocess are not caught by its siblings. */
export const isEventSubProcessScope = (run: Run, scope: Scope): boolean => {
  const element = run.graph.elements[scope.elementId];
  return element?.kind === 'subProcess' && element.triggeredByEvent === true;
};
