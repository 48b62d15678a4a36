/**
 * What an operator changes in a running instance: cancel tokens, start before or after an
 * element, set variables (instance modification), and suspend or resume it. Every operation
 * is checked before any applies, so a bad id changes nothing, and each command leaves one
 * audit event with its actor, reason and operations.
 */
import type { FlowElement } from '../../model/graph.js';
import type { Run } from '../run.js';
import { cancelToken, finishInstance } from '../scopes.js';
import { CommandRejected, type Command, type InstanceState, type Token } from '../types.js';
import { heldRows, idsOf } from './modify-rows.js';
import type { ModifyCommand, ModifyOp, SuspensionCommand } from './modify-types.js';

/** The commands a suspended instance still takes. */
const operatorTypes: ReadonlySet<Command['type']> = new Set([
  'cancel',
  'retry-incident',
  'modify',
  'migrate',
  'suspend',
  'resume',
]);

export function rejectWhileSuspended(state: InstanceState, cmd: Command): void {
  if (!state.suspended || operatorTypes.has(cmd.type)) return;
  throw new CommandRejected(
    `instance '${state.id}' is suspended: it takes no '${cmd.type}' until it is resumed ` +
      `(sluice resume ${state.id})`,
    'instance-suspended',
  );
}

export function modify(run: Run, cmd: ModifyCommand): void {
  const problems = cmd.ops.flatMap((op, i) => opProblems(run, op).map((p) => `operation ${i + 1}: ${p}`));
  if (cmd.ops.length === 0) problems.push('no operations given');
  if (problems.length > 0) throw new CommandRejected(problems.join('; '), 'modification-invalid');
  const by = { ...(cmd.actor && { actor: cmd.actor }) };
  run.emit('instance.modified', undefined, undefined, {
    ...by,
    data: { ops: cmd.ops, ...(cmd.reason && { reason: cmd.reason }) },
  });
  for (const op of cmd.ops) apply(run, op, cmd.actor);
  run.drain();
  endEmptyScopes(run, cmd);
  if (run.state.suspended && run.state.status === 'active') keepSuspended(run, true);
}

function opProblems(run: Run, op: ModifyOp): string[] {
  const state = run.state;
  if (op.op === 'cancel') {
    if ('tokenId' in op)
      return state.tokens[op.tokenId] ? [] : [`no token '${op.tokenId}' is active in instance '${state.id}'`];
    if (!run.graph.elements[op.elementId]) return [unknownElement(run, op.elementId)];
    return run.findToken((t) => t.elementId === op.elementId)
      ? []
      : [`no token is at element '${op.elementId}' (active: ${activeElements(state)})`];
  }
  if (op.op === 'set-variables') {
    return op.scopeId === undefined || state.scopes[op.scopeId]
      ? []
      : [`no scope '${op.scopeId}' is active in instance '${state.id}'`];
  }
  const element = run.graph.elements[op.elementId];
  if (!element) return [unknownElement(run, op.elementId)];
  if (element.kind === 'boundaryEvent' || (element.kind === 'startEvent' && element.scope !== run.graph.id))
    return [
      `a token cannot be started at '${op.elementId}' (${element.kind}); start before or after an activity`,
    ];
  const scopes = scopesFor(state, element);
  if (scopes.length === 1) return [];
  return scopes.length === 0
    ? [
        `'${op.elementId}' is inside '${element.scope}', which is not running; start before '${element.scope}' instead`,
      ]
    : [
        `'${op.elementId}' is inside '${element.scope}', which runs ${scopes.length} times; modify one of them is not supported`,
      ];
}

const unknownElement = (run: Run, id: string): string =>
  `element '${id}' is not in process '${run.graph.id}' version ${run.state.version}`;

const activeElements = (state: InstanceState): string =>
  [...new Set(Object.values(state.tokens).map((t) => t.elementId))].join(', ') || 'none';

function scopesFor(state: InstanceState, element: FlowElement): string[] {
  return Object.values(state.scopes)
    .filter((s) => s.elementId === element.scope)
    .map((s) => s.id);
}

function apply(run: Run, op: ModifyOp, actor: string | undefined): void {
  switch (op.op) {
    case 'cancel': {
      const tokens =
        'tokenId' in op
          ? [run.state.tokens[op.tokenId]]
          : Object.values(run.state.tokens).filter((t) => t.elementId === op.elementId);
      for (const token of tokens) if (token && run.state.tokens[token.id]) cancelToken(run, token, actor);
      return;
    }
    case 'set-variables': {
      const scope = run.state.scopes[op.scopeId ?? run.state.id]!;
      scope.vars = { ...scope.vars, ...op.variables };
      run.emit('variables.changed', undefined, undefined, {
        ...(actor && { actor }),
        data: { variables: op.variables, scopeId: scope.id },
      });
      return;
    }
    case 'start-before':
    case 'start-after': {
      const element = run.element(op.elementId);
      const token = run.newToken(element.id, scopesFor(run.state, element)[0]!);
      if (op.variables) run.setVariables(token, token.scopeId, op.variables);
      if (op.op === 'start-before') run.arrive(token);
      else run.leave(token, element);
    }
  }
}

/**
 * A subprocess left without tokens by the cancellations ends as cancelled, and an instance left
 * without any token is terminated (nothing could ever move it on).
 */
function endEmptyScopes(run: Run, cmd: ModifyCommand): void {
  const state = run.state;
  for (let changed = true; changed && state.status === 'active';) {
    changed = false;
    for (const scope of Object.values(state.scopes)) {
      if (scope.parentId === undefined || scope.tokenId === undefined) continue;
      if (run.tokensIn(scope.id).length > 0) continue;
      const owner: Token | undefined = state.tokens[scope.tokenId];
      if (owner) cancelToken(run, owner, cmd.actor);
      delete state.scopes[scope.id];
      changed = true;
    }
  }
  if (state.status === 'active' && Object.keys(state.tokens).length === 0) {
    finishInstance(run, 'terminated', {
      ...(cmd.actor && { actor: cmd.actor }),
      reason: cmd.reason ?? 'every token was cancelled by a modification',
    });
  }
}

export function suspension(run: Run, cmd: SuspensionCommand): void {
  const suspend = cmd.type === 'suspend';
  if (Boolean(run.state.suspended) === suspend) {
    throw new CommandRejected(
      `instance '${run.state.id}' is ${suspend ? 'suspended already' : 'not suspended'}`,
      suspend ? 'instance-suspended' : 'instance-not-suspended',
    );
  }
  if (suspend) run.state.suspended = true;
  else delete run.state.suspended;
  keepSuspended(run, suspend);
  run.emit(suspend ? 'instance.suspended' : 'instance.resumed', undefined, undefined, {
    ...(cmd.actor && { actor: cmd.actor }),
    ...(cmd.reason && { data: { reason: cmd.reason } }),
  });
}

/** Marks every timer and job the instance holds as waiting (or due again). */
export function keepSuspended(run: Run, suspended: boolean): void {
  const rows = heldRows(run.state);
  run.effect({ kind: 'suspend-rows', suspended, timers: idsOf(rows, 'timers'), jobs: idsOf(rows, 'jobs') });
}
