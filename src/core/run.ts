/**
 * The shared shell every element behaviour runs in: one step's working copy of the instance,
 * the history events and effects it produces, and the token moves (arrive, complete, leave,
 * consume) that are the same for every element. Behaviours decide only what is particular to
 * their element. Arrivals go through an agenda rather than recursion, so a long chain of
 * automatic elements cannot overflow the stack.
 */
import { type FlowElement, type ProcessGraph, type StandardLoop, isActivity } from '../model/graph.js';
import { ExpressionError, evaluateFeel } from '../expr/feel.js';
import { TimerSpecError } from '../expr/timer-spec.js';
import type {
  Command,
  Effect,
  HistoryEvent,
  HistoryType,
  InstanceState,
  StepContext,
  Token,
  Variables,
} from './types.js';
import { applyMappings, propagateVariables, visibleVariables } from './variables.js';
import { armBoundary, disarmBoundary } from './boundary.js';
import { settleInclusiveJoins } from './joins.js';
import { completeScope } from './scopes.js';
import { enterMultiInstance, instanceDone, keepLocal } from './multi-instance.js';
import { adHocPathEnded } from './ad-hoc.js';
import { handlerDone, recordCompletion } from './compensation.js';
import { settleConditions } from './conditions.js';
import { settleMutexes } from './mutexes.js';

export interface Behaviour {
  /** A token has arrived at the element. */
  enter(run: Run, token: Token, element: FlowElement): void;
}

export type BehaviourMap = Readonly<Record<FlowElement['kind'], Behaviour>>;

/** Problems in a model's expressions or timers at run time become incidents, not crashes. */
export const isModelError = (error: unknown): error is Error =>
  error instanceof ExpressionError || error instanceof TimerSpecError || error instanceof ModelRuntimeError;

export class ModelRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelRuntimeError';
  }
}

export class Run {
  readonly events: HistoryEvent[] = [];
  readonly effects: Effect[] = [];
  private readonly agenda: Token[] = [];

  constructor(
    readonly graph: ProcessGraph,
    readonly state: InstanceState,
    readonly ctx: StepContext,
    private readonly behaviours: BehaviourMap,
  ) {}

  get now(): number {
    return this.ctx.now;
  }

  element(id: string): FlowElement {
    const element = this.graph.elements[id];
    if (!element) throw new ModelRuntimeError(`element '${id}' is not in process '${this.graph.id}'`);
    return element;
  }

  emit(type: HistoryType, element?: FlowElement, token?: Token, extra?: Partial<HistoryEvent>): void {
    this.events.push({
      at: this.now,
      instanceId: this.state.id,
      processId: this.state.processId,
      version: this.state.version,
      type,
      ...(element && { elementId: element.id, elementType: element.kind }),
      ...(token && { tokenId: token.id }),
      ...extra,
    });
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  /** Delivers a command to another instance through the durable inbox. */
  send(command: Command): void {
    this.effects.push({ kind: 'send-command', id: this.ctx.newId(), command });
  }

  // ---- tokens ----------------------------------------------------------------------------

  newToken(elementId: string, scopeId: string, arrivedBy?: string): Token {
    const token: Token = { id: this.ctx.newId(), elementId, scopeId, enteredAt: this.now };
    if (arrivedBy !== undefined) token.arrivedBy = arrivedBy;
    this.state.tokens[token.id] = token;
    return token;
  }

  tokensIn(scopeId: string): Token[] {
    return Object.values(this.state.tokens).filter((t) => t.scopeId === scopeId);
  }

  findToken(predicate: (token: Token) => boolean): Token | undefined {
    for (const token of Object.values(this.state.tokens)) if (predicate(token)) return token;
    return undefined;
  }

  /** Queues the token's arrival at its element; `drain` runs it. */
  arrive(token: Token): void {
    this.agenda.push(token);
  }

  /**
   * Moves tokens until every one waits or has ended, then settles OR-joins and, in models that
   * have them, conditions and mutexes; each of those may set tokens moving again.
   */
  drain(): void {
    const features = this.graph.features;
    for (;;) {
      while (this.agenda.length > 0) {
        const token = this.agenda.shift()!;
        if (this.state.tokens[token.id] !== token) continue; // cancelled meanwhile
        this.enter(token);
      }
      if (this.settleJoins()) continue;
      if (this.state.status !== 'active' || !features) return;
      if (features.mutexes && settleMutexes(this)) continue;
      if (!features.conditions || !settleConditions(this)) return;
    }
  }

  private enter(token: Token): void {
    const element = this.element(token.elementId);
    const events = this.events.length;
    const effects = this.effects.length;
    try {
      if (isActivity(element) && element.multiInstance !== undefined && token.inner === undefined) {
        enterMultiInstance(this, token, element);
      } else if (
        isActivity(element) &&
        element.loop?.testBefore &&
        token.loops === undefined &&
        !this.loopHolds(token, element.loop, 0)
      ) {
        this.leave(token, element); // a while-loop whose condition fails at once never runs
      } else {
        this.behaviours[element.kind].enter(this, token, element);
      }
    } catch (error) {
      if (!isModelError(error)) throw error;
      // Undo what the failed entry produced; the token waits at the element for a retry.
      this.events.length = events;
      this.effects.length = effects;
      delete token.boundary;
      delete token.locals;
      this.raiseIncident(token, element, error.message);
    }
  }

  /** OR-joins wait for tokens that can still arrive; settle any that can now fire. */
  private settleJoins(): boolean {
    return settleInclusiveJoins(this);
  }

  // ---- variables and expressions -----------------------------------------------------------

  variables(token: Token, extra?: Variables): Variables {
    return visibleVariables(this.state, token, extra);
  }

  evaluate(expression: string, token: Token, extra?: Variables): unknown {
    return evaluateFeel(expression, this.variables(token, extra)).value;
  }

  setVariables(token: Token, scopeId: string, variables: Variables): void {
    if (Object.keys(variables).length === 0) return;
    propagateVariables(this.state, scopeId, variables);
    this.emit('variables.changed', undefined, token, { data: { variables } });
  }

  // ---- activity shell ----------------------------------------------------------------------

  /**
   * Common entry of every activity: input mappings become the token's locals, boundary events
   * are armed, and `element.started` is recorded unless the activity waits to be started.
   */
  activate(token: Token, element: FlowElement): void {
    if (element.inputs && element.inputs.length > 0) {
      token.locals = applyMappings(element.inputs, this.variables(token));
    }
    // The boundary events of a multi-instance activity belong to its body, not to each instance.
    if (
      isActivity(element) &&
      element.boundaryEvents &&
      element.boundaryEvents.length > 0 &&
      token.inner === undefined
    ) {
      armBoundary(this, token, element.boundaryEvents);
    }
  }

  /**
   * An activity's work is done: map its result, disarm, record and leave. `mapped` says the
   * result has been through the output mappings already (subprocesses map from their scope).
   */
  completeActivity(
    token: Token,
    element: FlowElement,
    result: Variables | undefined,
    actor?: string,
    mapped = false,
  ): void {
    if (token.inner !== undefined) {
      // One instance of a multi-instance activity: its results stay in its own scope.
      const local =
        mapped || !element.outputs?.length
          ? (result ?? {})
          : applyMappings(element.outputs, this.variables(token, result));
      keepLocal(this, token, local);
      this.emit('element.completed', element, token, actor ? { actor } : undefined);
      return instanceDone(this, token);
    }
    if (mapped) this.setVariables(token, token.scopeId, result ?? {});
    else this.applyResult(token, element, result ?? {});
    disarmBoundary(this, token);
    if (isActivity(element)) recordCompletion(this, token, element);
    this.emit('element.completed', element, token, actor ? { actor } : undefined);
    if (isActivity(element) && element.loop) {
      const loops = (token.loops ?? 0) + 1;
      const capped = element.loop.maximum !== undefined && loops >= element.loop.maximum;
      if (!capped && this.loopHolds(token, element.loop, loops)) {
        token.loops = loops;
        delete token.wait;
        return this.arrive(token); // runs the activity again
      }
    }
    this.leave(token, element);
  }

  private loopHolds(token: Token, loop: StandardLoop, loopCounter: number): boolean {
    return this.evaluate(loop.condition, token, { loopCounter }) === true;
  }

  /** With output mappings only the mapped values leave the activity; without, all of them. */
  applyResult(token: Token, element: FlowElement, result: Variables): void {
    if (element.outputs && element.outputs.length > 0) {
      const mapped = applyMappings(element.outputs, this.variables(token, result));
      this.setVariables(token, token.scopeId, mapped);
    } else {
      this.setVariables(token, token.scopeId, result);
    }
  }

  // ---- leaving -----------------------------------------------------------------------------

  /**
   * Leaves an element by its outgoing flows: every unconditional flow and every conditional
   * flow whose condition holds; the default flow only when no conditional one does. No outgoing
   * flow ends the token (implicit end).
   */
  leave(token: Token, element: FlowElement): void {
    const outgoing = element.outgoing;
    if (outgoing.length === 0) return this.consume(token);
    if (outgoing.length === 1 && this.graph.flows[outgoing[0]!]!.condition === undefined) {
      return this.move(token, outgoing[0]!);
    }
    const defaultFlow = 'default' in element ? element.default : undefined;
    const taken: string[] = [];
    let conditionHeld = false;
    for (const flowId of outgoing) {
      if (flowId === defaultFlow) continue;
      const flow = this.graph.flows[flowId]!;
      if (flow.condition === undefined) taken.push(flowId);
      else if (this.evaluate(flow.condition, token) === true) {
        taken.push(flowId);
        conditionHeld = true;
      }
    }
    if (!conditionHeld && defaultFlow !== undefined) taken.push(defaultFlow);
    if (taken.length === 0) {
      throw new ModelRuntimeError(
        `no outgoing flow of '${element.id}' can be taken: no condition is true and there is no default flow`,
      );
    }
    this.split(token, taken);
  }

  /** Sends the token along the first flow and new tokens along the others. */
  split(token: Token, flowIds: readonly string[]): void {
    for (let i = 1; i < flowIds.length; i++) {
      const flow = this.graph.flows[flowIds[i]!]!;
      this.arrive(this.newToken(flow.target, token.scopeId, flow.id));
    }
    this.move(token, flowIds[0]!);
  }

  move(token: Token, flowId: string): void {
    const flow = this.graph.flows[flowId]!;
    token.elementId = flow.target;
    token.arrivedBy = flow.id;
    token.enteredAt = this.now;
    delete token.wait;
    delete token.locals;
    delete token.boundary;
    delete token.loops;
    this.arrive(token);
  }

  /** The token has ended; its scope completes when no token is left in it. */
  consume(token: Token): void {
    delete this.state.tokens[token.id];
    if (token.compensating !== undefined) return handlerDone(this, token);
    if (this.state.status !== 'active') return;
    const scope = this.state.scopes[token.scopeId];
    if (scope?.adHoc) return adHocPathEnded(this, scope);
    if (this.tokensIn(token.scopeId).length === 0) completeScope(this, scope!);
  }

  // ---- incidents ---------------------------------------------------------------------------

  /** The token stops at the element with an incident an operator can retry (see IncidentWait). */
  raiseIncident(
    token: Token,
    element: FlowElement,
    message: string,
    resume: { jobId?: string; command?: Command } = {},
  ): void {
    const incidentId = this.ctx.newId();
    const jobId = resume.jobId ?? '';
    token.wait = {
      kind: 'incident',
      incidentId,
      jobId,
      ...(resume.command && { resume: resume.command, ...(token.wait && { previous: token.wait }) }),
    };
    this.state.incidents = {
      ...this.state.incidents,
      [incidentId]: { jobId, elementId: element.id, tokenId: token.id },
    };
    this.effect({ kind: 'raise-incident', incidentId, jobId, elementId: element.id, message });
    this.emit('incident.raised', element, token, { data: { incidentId, message, ...(jobId && { jobId }) } });
  }
}
