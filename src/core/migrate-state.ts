/**
 * Migration of one instance to another version of its process, pure like every step: each
 * token moves to the element the mapping names, and keeps what it waits on (the same task with
 * its id, assignee and history; the same job; the same timers with their original due times).
 * Boundary events the target no longer has are closed; ones it adds are armed from now. The
 * mapping is checked against both graphs and the instance before anything changes.
 */
import { type FlowElement, isActivity, type ProcessGraph } from '../model/graph.js';
import { behaviours } from './behaviours/index.js';
import { heldRows } from './commands/modify-rows.js';
import type { ElementMapping, MigrateCommand, RowMove } from './commands/modify-types.js';
import { keepSuspended } from './commands/modify.js';
import { Run, isModelError } from './run.js';
import { closeTrigger, openTrigger } from './triggers.js';
import {
  type CompensationRecord,
  CommandRejected,
  type InstanceState,
  type StepContext,
  type StepResult,
  type Token,
  type Trigger,
} from './types.js';

export interface MigrationProblem {
  readonly elementId: string;
  readonly message: string;
  readonly hint: string;
}

const jobKinds = new Set(['serviceTask', 'sendTask', 'businessRuleTask']);

function compatible(from: FlowElement, to: FlowElement): boolean {
  if (jobKinds.has(from.kind) && jobKinds.has(to.kind)) return true;
  if (from.kind !== to.kind) return false;
  return !('event' in from) || !('event' in to) || from.event.type === to.event.type;
}

/** The mapping itself, against the two graphs: ids exist, kinds agree, scopes correspond. */
export function mappingProblems(
  source: ProcessGraph,
  target: ProcessGraph,
  mapping: ElementMapping,
): MigrationProblem[] {
  const problems: MigrationProblem[] = [];
  for (const [fromId, toId] of Object.entries(mapping)) {
    const from = source.elements[fromId];
    const to = target.elements[toId];
    if (!from) {
      problems.push({
        elementId: fromId,
        message: `source element '${fromId}' is not in the source version`,
        hint: 'map element ids of the version the instances run on',
      });
    } else if (!to) {
      problems.push({
        elementId: fromId,
        message: `'${fromId}' is mapped to '${toId}', which is not in the target version`,
        hint: 'map it to an element id of the target version',
      });
    } else if (!compatible(from, to)) {
      problems.push({
        elementId: fromId,
        message: `'${fromId}' (${kindOf(from)}) cannot become '${toId}' (${kindOf(to)})`,
        hint: 'map it to an element of the same kind (any service, send or business-rule task may take a job)',
      });
    } else {
      const scope = from.scope === source.id ? target.id : mapping[from.scope];
      if (scope !== undefined && to.scope !== scope) {
        problems.push({
          elementId: fromId,
          message: `'${fromId}' is in '${from.scope}', mapped to '${scope}', but '${toId}' is in '${to.scope}'`,
          hint: 'map elements into the subprocess their container is mapped to',
        });
      }
      if (from.kind === 'boundaryEvent' && to.kind === 'boundaryEvent') {
        const host = mapping[from.attachedTo];
        if (host !== undefined && host !== to.attachedTo) {
          problems.push({
            elementId: fromId,
            message: `boundary event '${fromId}' of '${from.attachedTo}' (mapped to '${host}') is mapped to '${toId}', attached to '${to.attachedTo}'`,
            hint: 'map a boundary event to one attached to the activity its own activity is mapped to',
          });
        }
      }
    }
  }
  return problems;
}

const kindOf = (element: FlowElement): string =>
  'event' in element ? `${element.event.type} ${element.kind}` : element.kind;

/** What this instance needs of the mapping: every element a token is at, or listens at. */
export function instanceProblems(state: InstanceState, mapping: ElementMapping): MigrationProblem[] {
  const missing = new Map<string, string>();
  for (const token of Object.values(state.tokens)) {
    if (mapping[token.elementId] === undefined) missing.set(token.elementId, `a token (${token.id})`);
    if (token.wait?.kind === 'event-gateway') {
      for (const t of token.wait.triggers)
        if (mapping[t.eventId] === undefined)
          missing.set(t.eventId, `the event-based gateway '${token.elementId}'`);
    }
  }
  return [...missing].map(([elementId, what]) => ({
    elementId,
    message: `${what} of instance '${state.id}' is at '${elementId}', which the mapping does not map`,
    hint: `add '${elementId}' -> <target element id> to the mapping`,
  }));
}

export interface TokenMove {
  readonly tokenId: string;
  readonly from: string;
  readonly to: string;
}

/** The step that moves the instance onto the target version (or a rejection naming every problem). */
export function migrateInstance(
  source: ProcessGraph,
  state: InstanceState,
  cmd: MigrateCommand,
  ctx: StepContext,
): StepResult {
  const { mapping, target } = cmd;
  if (state.processId !== target.id) {
    throw new CommandRejected(
      `instance '${state.id}' runs process '${state.processId}', not '${target.id}'`,
      'migration-invalid',
    );
  }
  const problems = [...mappingProblems(source, target, mapping), ...instanceProblems(state, mapping)];
  if (problems.length > 0) {
    throw new CommandRejected(
      problems.map((p) => `${p.message} (${p.hint})`).join('; '),
      'migration-invalid',
    );
  }
  const draft: InstanceState = { ...structuredClone(state), version: cmd.targetVersion };
  const run = new Run(target, draft, ctx, behaviours);
  const moves: TokenMove[] = [];
  try {
    for (const token of Object.values(draft.tokens)) {
      moves.push({ tokenId: token.id, from: token.elementId, to: mapping[token.elementId]! });
      moveToken(run, source, token, mapping);
    }
  } catch (error) {
    if (isModelError(error)) throw new CommandRejected(error.message, 'migration-invalid');
    throw error;
  }
  for (const scope of Object.values(draft.scopes)) {
    if (scope.parentId !== undefined)
      Object.assign(scope, { elementId: mapping[scope.elementId] ?? scope.elementId });
    if (scope.listeners) scope.listeners = carry(run, scope.listeners, mapping);
    if (scope.compensable) scope.compensable = scope.compensable.map((r) => renamed(r, mapping));
  }
  for (const [id, incident] of Object.entries(draft.incidents ?? {}))
    draft.incidents![id] = { ...incident, elementId: mapping[incident.elementId] ?? incident.elementId };

  const rows: RowMove[] = heldRows(draft).map((row) => {
    const element = target.elements[row.elementId];
    return row.table === 'tasks' && element?.name !== undefined ? { ...row, name: element.name } : row;
  });
  run.effect({ kind: 'move-rows', version: cmd.targetVersion, rows });
  if (draft.suspended) keepSuspended(run, true);
  run.emit('instance.migrated', undefined, undefined, {
    ...(cmd.actor && { actor: cmd.actor }),
    data: {
      fromVersion: state.version,
      toVersion: cmd.targetVersion,
      tokens: moves,
      mapping,
      ...(cmd.reason && { reason: cmd.reason }),
    },
  });
  return { state: draft, events: run.events, effects: run.effects };
}

function moveToken(run: Run, source: ProcessGraph, token: Token, mapping: ElementMapping): void {
  const to = mapping[token.elementId]!;
  if (token.arrivedBy !== undefined) {
    const flow = source.flows[token.arrivedBy];
    const from = flow && (mapping[flow.source] ?? flow.source);
    const same = run.graph.flows[token.arrivedBy];
    const next =
      same?.target === to
        ? same
        : Object.values(run.graph.flows).find((f) => f.target === to && f.source === from);
    if (next) token.arrivedBy = next.id;
    else delete token.arrivedBy;
  }
  token.elementId = to;
  if (token.wait?.kind === 'event-gateway')
    token.wait = { ...token.wait, triggers: carry(run, token.wait.triggers, mapping) };
  const element = run.element(to);
  if (
    !isActivity(element) ||
    token.inner !== undefined ||
    (token.boundary === undefined && !element.boundaryEvents?.length)
  )
    return;
  const attached = new Set(element.boundaryEvents ?? []);
  const kept = carry(run, token.boundary ?? [], mapping).filter((t) => {
    if (attached.has(t.eventId)) return true;
    closeTrigger(run, t);
    return false;
  });
  for (const eventId of attached) {
    if (kept.some((t) => t.eventId === eventId)) continue;
    const event = run.element(eventId);
    if (event.kind !== 'boundaryEvent') continue;
    const trigger = openTrigger(run, token, eventId, event.event);
    if (trigger) kept.push(trigger);
  }
  if (kept.length > 0) token.boundary = kept;
  else delete token.boundary;
}

/** Triggers of mapped events keep their timers and subscriptions; the others are closed. */
function carry(run: Run, triggers: readonly Trigger[], mapping: ElementMapping): Trigger[] {
  return triggers.flatMap((t) => {
    const to = mapping[t.eventId];
    if (to !== undefined) return [{ ...t, eventId: to }];
    closeTrigger(run, t);
    return [];
  });
}

function renamed(record: CompensationRecord, mapping: ElementMapping): CompensationRecord {
  return {
    ...record,
    elementId: mapping[record.elementId] ?? record.elementId,
    ...(record.handler !== undefined && { handler: mapping[record.handler] ?? record.handler }),
    ...(record.inner && { inner: record.inner.map((r) => renamed(r, mapping)) }),
  };
}
