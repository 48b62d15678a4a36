/**
 * Compensation. An activity with a compensation handler leaves a record in its scope when it
 * completes (each instance of a multi-instance activity one, with its item); a subprocess
 * leaves one holding the records of its own activities, and its compensation event subprocess
 * as handler when it has one. A compensation throw event compensates the records of its scope
 * (all, or those of one `activityRef`) in reverse completion order: handlers run one after
 * another, each in a scope of its own holding the variables it needs, and the throwing token
 * goes on once the last has finished. A cancel end event does the same for its transaction and
 * then leaves it by the cancel boundary event.
 */
import type { Activity, BoundaryEvent, SubProcess } from '../model/graph.js';
import { isEventSubProcessScope, startOf } from './event-subprocesses.js';
import type { Run } from './run.js';
import { cancelScope, cancelToken } from './scopes.js';
import type { CompensationRecord, CompensationStep, Scope, Token, Variables } from './types.js';

/** Keeps records in a scope, after those already there. */
export function keepRecords(scope: Scope, records: readonly CompensationRecord[]): void {
  if (records.length > 0) scope.compensable = [...(scope.compensable ?? []), ...records];
}

/** The compensation event subprocess of a subprocess, if it has one. */
function compensationEventSubProcess(run: Run, sub: SubProcess): string | undefined {
  return sub.eventSubProcesses?.find(
    (id) => startOf(run.graph, run.element(id) as SubProcess)?.event.type === 'compensate',
  );
}

/** What a subprocess that completes with `scope` leaves to compensate, if anything. */
export function subProcessRecord(run: Run, sub: SubProcess, scope: Scope): CompensationRecord | undefined {
  const handler = sub.compensation ?? compensationEventSubProcess(run, sub);
  const inner = scope.compensable;
  if (handler === undefined && !inner?.length) return undefined;
  return {
    elementId: sub.id,
    ...(handler !== undefined && { handler }),
    vars: { ...scope.vars },
    ...(inner?.length && { inner }),
  };
}

/** A completed task-like activity with a handler leaves a record in its scope. */
export function recordCompletion(run: Run, token: Token, element: Activity, vars?: Variables): void {
  if (element.compensation === undefined || element.kind === 'subProcess') return;
  keepRecords(run.state.scopes[token.scopeId]!, [
    { elementId: element.id, handler: element.compensation, ...(vars && { vars }) },
  ]);
}

/** The scope whose activities a throw compensates: an event subprocess compensates its parent's. */
function targetScope(run: Run, token: Token): Scope {
  let scope = run.state.scopes[token.scopeId]!;
  while (isEventSubProcessScope(run, scope) && scope.parentId !== undefined) {
    scope = run.state.scopes[scope.parentId]!;
  }
  return scope;
}

function plan(records: readonly CompensationRecord[], outer: Variables): CompensationStep[] {
  const steps: CompensationStep[] = [];
  for (const record of [...records].reverse()) {
    const vars = { ...outer, ...record.vars };
    if (record.handler !== undefined) {
      steps.push({
        handler: record.handler,
        elementId: record.elementId,
        vars,
        ...(record.inner && { inner: record.inner }),
      });
    } else if (record.inner) steps.push(...plan(record.inner, vars));
  }
  return steps;
}

/**
 * Compensates from `token` (a throw or cancel end event). Returns false when there was nothing
 * to compensate, so the token goes on at once; else it waits until the handlers have run.
 */
export function throwCompensation(run: Run, token: Token, activityRef?: string, cancel = false): boolean {
  const scope = targetScope(run, token);
  const records = scope.compensable ?? [];
  const chosen = activityRef === undefined ? records : records.filter((r) => r.elementId === activityRef);
  const steps = plan(chosen, {});
  run.emit('compensation.thrown', run.element(token.elementId), token, {
    data: { handlers: steps.map((s) => s.handler), ...(activityRef !== undefined && { activityRef }) },
  });
  if (chosen.length > 0) scope.compensable = records.filter((r) => !chosen.includes(r));
  if (steps.length === 0) return false;
  token.wait = { kind: 'compensation', queue: steps, ...(cancel && { cancel: true as const }) };
  runNext(run, token, scope);
  return true;
}

function runNext(run: Run, thrower: Token, scope: Scope): void {
  const wait = thrower.wait;
  if (wait?.kind !== 'compensation') return;
  const [next, ...rest] = wait.queue;
  if (!next) return finish(run, thrower, wait.cancel === true);
  thrower.wait = { ...wait, queue: rest };
  const handlerScope: Scope = {
    id: run.ctx.newId(),
    elementId: next.elementId,
    parentId: scope.id,
    tokenId: thrower.id,
    vars: { ...next.vars },
    ...(next.inner && { compensable: next.inner }),
  };
  run.state.scopes[handlerScope.id] = handlerScope;
  const handler = run.newToken(next.handler, handlerScope.id);
  handler.compensating = thrower.id;
  run.arrive(handler);
}

/** A handler's token has ended (Run.consume hands it over): the next handler, or the thrower goes on. */
export function handlerDone(run: Run, handler: Token): void {
  const handlerScope = run.state.scopes[handler.scopeId];
  delete run.state.scopes[handler.scopeId];
  const thrower = run.state.tokens[handler.compensating!];
  if (!thrower || !handlerScope?.parentId) return; // the thrower was cancelled meanwhile
  runNext(run, thrower, run.state.scopes[handlerScope.parentId]!);
}

function finish(run: Run, thrower: Token, cancel: boolean): void {
  delete thrower.wait;
  if (cancel) return leaveTransaction(run, thrower);
  const element = run.element(thrower.elementId);
  run.emit('element.completed', element, thrower);
  if (element.kind === 'endEvent') run.consume(thrower);
  else run.leave(thrower, element);
}

/** A thrower cancelled while it waits: its running handler is cancelled too. */
export function cancelCompensation(run: Run, thrower: Token): void {
  const handler = run.findToken((t) => t.compensating === thrower.id);
  if (handler) cancelScope(run, handler.scopeId);
}

/**
 * A cancel end event: every other path of the transaction is cancelled, its completed
 * activities are compensated, then it is left through its cancel boundary event.
 */
export function cancelTransaction(run: Run, token: Token): void {
  for (const other of run.tokensIn(token.scopeId)) if (other !== token) cancelToken(run, other);
  if (!throwCompensation(run, token, undefined, true)) leaveTransaction(run, token);
}

function leaveTransaction(run: Run, token: Token): void {
  const scope = run.state.scopes[token.scopeId]!;
  const host = run.state.tokens[scope.tokenId!]!;
  const transaction = run.element(host.elementId) as SubProcess;
  const boundary = (transaction.boundaryEvents ?? [])
    .map((id) => run.element(id) as BoundaryEvent)
    .find((b) => b.event.type === 'cancel');
  delete run.state.tokens[token.id];
  cancelToken(run, host);
  if (boundary) run.arrive(run.newToken(boundary.id, host.scopeId));
}
