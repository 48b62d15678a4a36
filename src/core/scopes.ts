/**
 * Scopes end in three ways: every token in them has ended (completion), a terminate end event
 * or an interrupting event ends them early (cancellation), or the whole instance ends. Each
 * token cancelled closes what it was waiting on, so no job, task, timer or subscription of a
 * cancelled path is left behind in the store.
 */
import { type FlowElement, isActivity, type SubProcess } from '../model/graph.js';
import type { Run } from './run.js';
import { closeTrigger } from './triggers.js';
import type { InstanceStatus, Scope, Token } from './types.js';
import { applyMappings, visibleVariables } from './variables.js';
import { disarmBoundary } from './boundary.js';
import { cancelInstances } from './multi-instance.js';
import { cancelCompensation, keepRecords, subProcessRecord } from './compensation.js';
import { closeListeners } from './event-subprocesses.js';

/** Closes what the token waits on, records the cancellation and removes the token. */
export function cancelToken(run: Run, token: Token, actor?: string): void {
  const wait = token.wait;
  switch (wait?.kind) {
    case 'job':
      run.effect({ kind: 'delete-job', jobId: wait.jobId });
      break;
    case 'task':
      run.effect({ kind: 'close-task', taskId: wait.taskId, outcome: 'cancelled', ...(actor && { actor }) });
      break;
    case 'timer':
      run.effect({ kind: 'cancel-timer', timerId: wait.timerId });
      break;
    case 'message':
      run.effect({ kind: 'unsubscribe-message', subscriptionId: wait.subscriptionId });
      break;
    case 'subprocess':
      cancelScope(run, wait.scopeId, actor);
      break;
    case 'call':
      run.send({ type: 'cancel', instanceId: wait.childId, reason: 'the calling activity was cancelled' });
      break;
    case 'event-gateway':
      for (const trigger of wait.triggers) closeTrigger(run, trigger);
      break;
    case 'incident':
      closeIncident(run, wait.incidentId, wait.jobId);
      break;
    case 'multi-instance':
      cancelInstances(run, token);
      break;
    case 'compensation':
      cancelCompensation(run, token);
      break;
    case 'join':
    case 'condition':
    case 'mutex':
    case undefined:
      break;
  }
  disarmBoundary(run, token);
  const element = run.graph.elements[token.elementId];
  if (element && isActivity(element))
    run.emit('element.cancelled', element, token, actor ? { actor } : undefined);
  delete run.state.tokens[token.id];
}

export function closeIncident(run: Run, incidentId: string, jobId: string): void {
  if (jobId) run.effect({ kind: 'delete-job', jobId });
  run.effect({ kind: 'resolve-incident', incidentId, jobId, retries: 0 });
  if (run.state.incidents) {
    const { [incidentId]: _closed, ...open } = run.state.incidents;
    run.state.incidents = open;
  }
}

/** Cancels every token of a scope and of the scopes inside it, then removes the scope. */
export function cancelScope(run: Run, scopeId: string, actor?: string, except?: Token): void {
  const scope = run.state.scopes[scopeId];
  if (scope?.listeners) closeListeners(run, scope);
  for (const token of run.tokensIn(scopeId)) if (token !== except) cancelToken(run, token, actor);
  if (run.state.scopes[scopeId]?.parentId !== undefined) delete run.state.scopes[scopeId];
}

/** Every token of the scope has ended: the subprocess completes, or the instance does. */
export function completeScope(run: Run, scope: Scope): void {
  if (scope.listeners) closeListeners(run, scope);
  if (scope.parentId === undefined) return finishInstance(run, 'completed');
  const token = run.state.tokens[scope.tokenId!]!;
  const element = run.element(token.elementId) as SubProcess;
  const mapped =
    element.outputs && element.outputs.length > 0
      ? applyMappings(element.outputs, visibleVariables(run.state, { ...token, scopeId: scope.id }))
      : {};
  const record = subProcessRecord(run, element, scope);
  if (record) keepRecords(run.state.scopes[scope.parentId]!, [record]);
  delete run.state.scopes[scope.id];
  run.completeActivity(token, element, mapped, undefined, true);
}

/**
 * A terminate end event ends its scope at once: in a subprocess the subprocess completes, at
 * the process level the instance is terminated.
 */
export function terminateScope(run: Run, scope: Scope, element: FlowElement): void {
  cancelScope(run, scope.id);
  if (scope.parentId === undefined) return finishInstance(run, 'terminated', { elementId: element.id });
  const token = run.state.tokens[scope.tokenId!]!;
  run.completeActivity(token, run.element(token.elementId), {}, undefined, true);
}

export function finishInstance(
  run: Run,
  status: Exclude<InstanceStatus, 'active'>,
  detail: { elementId?: string; errorCode?: string; message?: string; actor?: string; reason?: string } = {},
): void {
  const state = run.state;
  if (state.status !== 'active') return;
  cancelScope(run, state.id, detail.actor);
  state.status = status;
  state.endedAt = run.now;
  const { actor, ...data } = detail;
  run.emit(`instance.${status}`, undefined, undefined, {
    ...(actor && { actor }),
    ...(Object.keys(data).length > 0 && { data }),
  });
  if (!state.parent) return;
  const { instanceId, tokenId } = state.parent;
  if (status === 'completed') {
    const variables = state.scopes[state.id]!.vars;
    run.send({ type: 'child-completed', instanceId, tokenId, childId: state.id, variables });
  } else if (status === 'failed') {
    run.send({
      type: 'child-failed',
      instanceId,
      tokenId,
      childId: state.id,
      errorCode: detail.errorCode ?? '',
      ...(detail.message && { message: detail.message }),
    });
  }
}
