/**
 * The pure heart of Sluice: `step(graph, state, command, ctx)` returns the next state with the
 * history events and effects of that transition. No I/O, no clock, no randomness: time and ids
 * come in through `ctx`, so the same inputs always give the same result.
 */
import type { ProcessGraph } from '../model/graph.js';
import { activateAdHoc } from './ad-hoc.js';
import { behaviours } from './behaviours/index.js';
import { childCompleted, childFailed } from './commands/children.js';
import { eventOccurred } from './commands/events.js';
import { completeJob, failJob, throwJobError } from './commands/jobs.js';
import { cancel, retryIncident } from './commands/operator.js';
import { modify, rejectWhileSuspended, suspension } from './commands/modify.js';
import { migrateInstance } from './migrate-state.js';
import { newInstance, start } from './commands/start.js';
import { taskCommand } from './commands/task-lifecycle.js';
import { slaTimerFired } from './commands/task-routing.js';
import { addInstances } from './multi-instance.js';
import { isModelError, Run } from './run.js';
import {
  type Command,
  CommandRejected,
  type InstanceState,
  type StepContext,
  type StepResult,
  type Token,
} from './types.js';

type Handlers = {
  [K in Exclude<Command['type'], 'migrate'>]: (run: Run, cmd: Extract<Command, { type: K }>) => void;
};

const handlers: Handlers = {
  start,
  'complete-job': completeJob,
  'fail-job': failJob,
  'throw-error': throwJobError,
  task: taskCommand,
  'fire-timer': (run, cmd) => slaTimerFired(run, cmd) || eventOccurred(run, cmd),
  'correlate-message': eventOccurred,
  'signal-received': eventOccurred,
  'child-completed': childCompleted,
  'child-failed': childFailed,
  cancel,
  'add-instances': addInstances,
  'activate-ad-hoc': activateAdHoc,
  'retry-incident': (run, cmd) => retryIncident(run, cmd, dispatch),
  modify,
  suspend: suspension,
  resume: suspension,
};

function dispatch(run: Run, cmd: Command): void {
  (handlers[cmd.type as keyof Handlers] as (run: Run, cmd: Command) => void)(run, cmd);
}

/** Commands a person issues get the error back; others park their token with an incident. */
const answeredDirectly = new Set<Command['type']>([
  'start',
  'task',
  'cancel',
  'retry-incident',
  'add-instances',
  'activate-ad-hoc',
  'modify',
  'suspend',
  'resume',
]);

export function step(
  graph: ProcessGraph,
  state: InstanceState | undefined,
  cmd: Command,
  ctx: StepContext,
): StepResult {
  if (cmd.type === 'start') {
    if (state) throw new CommandRejected(`instance '${cmd.instanceId}' exists already`, 'instance-exists');
  } else if (!state) {
    throw new CommandRejected(`instance '${cmd.instanceId}' does not exist`, 'instance-not-found');
  } else if (state.status !== 'active') {
    throw new CommandRejected(
      `instance '${state.id}' is ${state.status}; it takes no more commands`,
      'instance-ended',
    );
  }
  if (state) rejectWhileSuspended(state, cmd);
  if (cmd.type === 'migrate') return migrateInstance(graph, state!, cmd, ctx);
  const draft = cmd.type === 'start' ? newInstance(graph, cmd, ctx) : cloneState(state!);
  const run = new Run(graph, draft, ctx, behaviours);
  try {
    dispatch(run, cmd);
    run.drain();
    return { state: draft, events: run.events, effects: run.effects };
  } catch (error) {
    if (!isModelError(error)) throw error;
    if (answeredDirectly.has(cmd.type)) throw new CommandRejected(error.message, 'expression-failed');
    return parkWithIncident(graph, state!, cmd, ctx, error.message);
  }
}

/** The command failed on the model (an expression, a mapping): nothing of it applies, it waits. */
function parkWithIncident(
  graph: ProcessGraph,
  state: InstanceState,
  cmd: Command,
  ctx: StepContext,
  message: string,
): StepResult {
  const draft = cloneState(state);
  const run = new Run(graph, draft, ctx, behaviours);
  const token = tokenFor(run, cmd);
  if (!token) throw new CommandRejected(message, 'expression-failed');
  run.raiseIncident(token, run.element(token.elementId), message, { command: cmd });
  return { state: draft, events: run.events, effects: run.effects };
}

function tokenFor(run: Run, cmd: Command): Token | undefined {
  if ('tokenId' in cmd) return run.state.tokens[cmd.tokenId];
  const id =
    'jobId' in cmd
      ? cmd.jobId
      : 'timerId' in cmd
        ? cmd.timerId
        : 'subscriptionId' in cmd
          ? cmd.subscriptionId
          : undefined;
  if (id === undefined) return undefined;
  return run.findToken((t) => {
    const w = t.wait;
    if (!w) return false;
    if ((w.kind === 'job' && w.jobId === id) || (w.kind === 'timer' && w.timerId === id)) return true;
    if (w.kind === 'message' && w.subscriptionId === id) return true;
    if (w.kind === 'event-gateway' && w.triggers.some((x) => x.timerId === id || x.subscriptionId === id))
      return true;
    return t.boundary?.some((x) => x.timerId === id || x.subscriptionId === id) ?? false;
  });
}

/** A copy deep enough that the step never mutates its input (variable values are replaced, never mutated). */
export function cloneState(state: InstanceState): InstanceState {
  const tokens: InstanceState['tokens'] = {};
  for (const id in state.tokens) {
    const t = state.tokens[id]!;
    const copy = t.boundary ? { ...t, boundary: [...t.boundary] } : { ...t };
    // A multi-instance body's counters and outputs change in place during a step.
    if (t.multi) copy.multi = { ...t.multi, outputs: [...t.multi.outputs] };
    tokens[id] = copy;
  }
  const scopes: InstanceState['scopes'] = {};
  for (const id in state.scopes) {
    const s = state.scopes[id]!;
    scopes[id] = { ...s, vars: { ...s.vars } };
  }
  return { ...state, tokens, scopes, ...(state.incidents && { incidents: { ...state.incidents } }) };
}
