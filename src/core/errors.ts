/**
 * BPMN errors are business outcomes, not failures: an error thrown by an end event or by a
 * job handler is caught by the nearest error event subprocess or error boundary event whose
 * code matches (an exact code before a catch-all), searching outward through subprocesses and
 * then to the calling parent.
 */
import type { BoundaryEvent } from '../model/graph.js';
import type { Run } from './run.js';
import { catchingStart, catchInScope, isEventSubProcessScope } from './event-subprocesses.js';
import { cancelToken, finishInstance } from './scopes.js';
import type { Token } from './types.js';

function catchingBoundary(run: Run, activityToken: Token, errorCode: string): BoundaryEvent | undefined {
  const activity = run.element(activityToken.elementId);
  const ids = 'boundaryEvents' in activity ? (activity.boundaryEvents ?? []) : [];
  let catchAll: BoundaryEvent | undefined;
  for (const id of ids) {
    const event = run.element(id) as BoundaryEvent;
    if (event.event.type !== 'error') continue;
    if (event.event.errorCode === errorCode) return event;
    if (event.event.errorCode === undefined) catchAll ??= event;
  }
  return catchAll;
}

function catchAt(
  run: Run,
  activityToken: Token,
  event: BoundaryEvent,
  errorCode: string,
  message?: string,
): void {
  cancelToken(run, activityToken);
  const token = run.newToken(event.id, activityToken.scopeId);
  run.emit('error.thrown', event, token, {
    data: { errorCode, ...(message && { message }), caughtBy: event.id },
  });
  run.arrive(token);
}

/**
 * Throws from `token`. With `fromActivity`, the token's own activity may catch it (a job
 * handler's error); otherwise the search starts at the enclosing scope (an error end event).
 * Returns false when nothing in this instance or its parents can catch it.
 */
export function throwError(
  run: Run,
  token: Token,
  errorCode: string,
  message: string | undefined,
  fromActivity: boolean,
): boolean {
  // An instance of a multi-instance activity is caught by the boundary events of its body,
  // which the scope walk below reaches.
  if (fromActivity && token.inner === undefined) {
    const event = catchingBoundary(run, token, errorCode);
    if (event) {
      catchAt(run, token, event, errorCode, message);
      return true;
    }
  }
  // Each scope outward: an error event subprocess inside it, then a boundary event on it.
  let scope = run.state.scopes[token.scopeId];
  let fromEventSubProcess = false;
  while (scope) {
    const start = fromEventSubProcess ? undefined : catchingStart(run, scope, 'error', errorCode);
    if (start) {
      const caught = catchInScope(run, scope, start);
      run.emit('error.thrown', start, caught, {
        data: { errorCode, ...(message && { message }), caughtBy: start.id },
      });
      return true;
    }
    if (scope.parentId === undefined) break;
    const activityToken = run.state.tokens[scope.tokenId!]!;
    const event = catchingBoundary(run, activityToken, errorCode);
    if (event) {
      catchAt(run, activityToken, event, errorCode, message);
      return true;
    }
    fromEventSubProcess = isEventSubProcessScope(run, scope);
    scope = run.state.scopes[scope.parentId];
  }
  if (!run.state.parent) return false;
  // The calling activity in the parent may catch it; this instance ends either way.
  finishInstance(run, 'failed', { errorCode, ...(message && { message }) });
  return true;
}
