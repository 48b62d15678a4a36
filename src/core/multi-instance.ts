/**
 * Multi-instance activities. The activity's token becomes the body: it holds the items, arms
 * the boundary events and waits; each instance is a token of its own at the same element, in a
 * scope of its own holding the item and loopCounter. Instances run all at once (parallel) or
 * one after another (sequential); the body leaves by the outgoing flows once every instance has
 * finished or the completion condition holds, with the outputs collected in item order.
 */
import type { Activity, MultiInstance } from '../model/graph.js';
import { armBoundary, disarmBoundary } from './boundary.js';
import { ModelRuntimeError, type Run } from './run.js';
import { cancelScope } from './scopes.js';
import { keepRecords } from './compensation.js';
import { type Command, CommandRejected, type Token, type Variables } from './types.js';

const spec = (element: Activity): MultiInstance => element.multiInstance!;

function itemsOf(run: Run, token: Token, element: Activity, mi: MultiInstance): unknown[] {
  if (mi.collection !== undefined) {
    const items = run.evaluate(mi.collection, token);
    if (!Array.isArray(items)) {
      throw new ModelRuntimeError(
        `the multi-instance collection '${mi.collection}' of '${element.id}' is not a list`,
      );
    }
    return items;
  }
  const count = run.evaluate(mi.cardinality ?? '0', token);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
    throw new ModelRuntimeError(
      `the multi-instance cardinality '${mi.cardinality ?? ''}' of '${element.id}' is not a whole number`,
    );
  }
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** The body enters: evaluate the items, arm the boundary events, start the first instance(s). */
export function enterMultiInstance(run: Run, body: Token, element: Activity): void {
  const mi = spec(element);
  const items = itemsOf(run, body, element, mi);
  if (element.boundaryEvents && element.boundaryEvents.length > 0)
    armBoundary(run, body, element.boundaryEvents);
  body.wait = { kind: 'multi-instance' };
  body.multi = { items, next: 0, completed: 0, outputs: [] };
  if (items.length === 0) return completeBody(run, body, element);
  const first = mi.sequential ? 1 : items.length;
  for (let i = 0; i < first; i++) startInstance(run, body, element, i);
}

function startInstance(run: Run, body: Token, element: Activity, index: number): void {
  const mi = spec(element);
  const scopeId = run.ctx.newId();
  const item = body.multi!.items[index];
  const vars: Variables = {
    loopCounter: index + 1,
    ...(mi.elementVariable !== undefined && { [mi.elementVariable]: item }),
  };
  run.state.scopes[scopeId] = {
    id: scopeId,
    elementId: element.id,
    parentId: body.scopeId,
    tokenId: body.id,
    vars,
  };
  const token = run.newToken(element.id, scopeId);
  token.inner = { bodyId: body.id, index };
  body.multi!.next = index + 1;
  run.arrive(token);
}

const activeInstances = (run: Run, body: Token): Token[] =>
  Object.values(run.state.tokens).filter((t) => t.inner?.bodyId === body.id);

/** One instance has completed its activity (Run.completeActivity hands it over here). */
export function instanceDone(run: Run, token: Token): void {
  const body = run.state.tokens[token.inner!.bodyId]!;
  const element = run.element(body.elementId) as Activity;
  const mi = spec(element);
  const multi = body.multi!;
  if (mi.outputElement !== undefined) {
    multi.outputs[token.inner!.index] = run.evaluate(mi.outputElement, token);
  }
  keepInstanceRecords(run, token, body, element);
  delete run.state.tokens[token.id];
  delete run.state.scopes[token.scopeId];
  multi.completed++;
  const active = activeInstances(run, body);
  if (mi.completionCondition !== undefined) {
    const numbers = {
      nrOfInstances: multi.items.length,
      nrOfCompletedInstances: multi.completed,
      nrOfActiveInstances: active.length,
    };
    if (run.evaluate(mi.completionCondition, body, numbers) === true) {
      for (const other of active) cancelScope(run, other.scopeId);
      return completeBody(run, body, element);
    }
  }
  if (mi.sequential && multi.next < multi.items.length) return startInstance(run, body, element, multi.next);
  if (active.length === 0 && multi.next >= multi.items.length) completeBody(run, body, element);
}

function completeBody(run: Run, body: Token, element: Activity): void {
  const mi = spec(element);
  const outputs = body.multi!.outputs;
  delete body.multi;
  delete body.wait;
  disarmBoundary(run, body);
  if (mi.outputCollection !== undefined) {
    run.setVariables(body, body.scopeId, {
      [mi.outputCollection]: Array.from({ length: outputs.length }, (_, i) => outputs[i] ?? null),
    });
  }
  run.leave(body, element);
}

/** Cancelling the body cancels every instance still running. */
export function cancelInstances(run: Run, body: Token): void {
  for (const inner of activeInstances(run, body)) cancelScope(run, inner.scopeId);
}

/** Result variables of one instance stay in that instance's scope, for its outputElement. */
export function keepLocal(run: Run, token: Token, result: Variables): void {
  Object.assign(run.state.scopes[token.scopeId]!.vars, result);
}

/** What a finished instance leaves to compensate moves to the body's scope, with its item. */
function keepInstanceRecords(run: Run, token: Token, body: Token, element: Activity): void {
  const scope = run.state.scopes[token.scopeId]!;
  const records = [...(scope.compensable ?? [])];
  if (element.compensation !== undefined && element.kind !== 'subProcess') {
    records.push({ elementId: element.id, handler: element.compensation, vars: { ...scope.vars } });
  }
  keepRecords(run.state.scopes[body.scopeId]!, records);
}

/**
 * WCP-15: items added to a running multi-instance activity. A parallel one starts an instance
 * for each at once; a sequential one runs them after the items it has.
 */
export function addInstances(run: Run, cmd: Extract<Command, { type: 'add-instances' }>): void {
  const body = run.findToken((t) => t.elementId === cmd.elementId && t.multi !== undefined);
  if (!body) {
    throw new CommandRejected(
      `no multi-instance activity '${cmd.elementId}' is running in instance '${cmd.instanceId}'`,
      'multi-instance-not-running',
    );
  }
  const element = run.element(body.elementId) as Activity;
  const multi = body.multi!;
  const from = multi.items.length;
  body.multi = { ...multi, items: [...multi.items, ...cmd.items] };
  run.emit('multi-instance.extended', element, body, {
    ...(cmd.actor && { actor: cmd.actor }),
    data: { added: cmd.items.length, nrOfInstances: body.multi.items.length },
  });
  if (spec(element).sequential) return;
  for (let i = from; i < body.multi.items.length; i++) startInstance(run, body, element, i);
}
