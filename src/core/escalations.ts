/**
 * Escalations: a non-critical signal up the scope hierarchy. Unlike an error, an escalation
 * nobody catches changes nothing, and a non-interrupting catch lets the escalating path go on.
 * The nearest escalation event subprocess or enclosing activity with an escalation boundary
 * event whose code matches (an exact code before a catch-all) catches it.
 */
import type { BoundaryEvent } from '../model/graph.js';
import type { Run } from './run.js';
import { catchingStart, catchInScope, isEventSubProcessScope } from './event-subprocesses.js';
import { cancelToken } from './scopes.js';
import type { Token } from './types.js';

function catching(run: Run, activityToken: Token, code: string): BoundaryEvent | undefined {
  const activity = run.element(activityToken.elementId);
  let catchAll: BoundaryEvent | undefined;
  for (const id of 'boundaryEvents' in activity ? (activity.boundaryEvents ?? []) : []) {
    const event = run.element(id) as BoundaryEvent;
    if (event.event.type !== 'escalation') continue;
    if (event.event.escalationCode === code) return event;
    if (event.event.escalationCode === undefined) catchAll ??= event;
  }
  return catchAll;
}

/** Escalates from the token's scope outward; returns whether an interrupting catch ended the thrower's scope. */
export function escalate(run: Run, from: Token, code: string): boolean {
  let scope = run.state.scopes[from.scopeId];
  let fromEventSubProcess = false;
  while (scope) {
    const start = fromEventSubProcess ? undefined : catchingStart(run, scope, 'escalation', code);
    if (start) {
      const caught = catchInScope(run, scope, start);
      run.emit('escalation.caught', start, caught, { data: { escalationCode: code } });
      return start.interrupting !== false;
    }
    if (scope.parentId === undefined) break;
    const activityToken = run.state.tokens[scope.tokenId!]!;
    const event = catching(run, activityToken, code);
    if (event) {
      run.emit('escalation.caught', event, activityToken, { data: { escalationCode: code } });
      if (event.cancelActivity) cancelToken(run, activityToken);
      run.arrive(run.newToken(event.id, activityToken.scopeId));
      return event.cancelActivity;
    }
    fromEventSubProcess = isEventSubProcessScope(run, scope);
    scope = run.state.scopes[scope.parentId];
  }
  return false;
}
