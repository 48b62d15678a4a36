/**
 * A TypeScript builder for ProcessGraphs, for processes written in code rather than drawn:
 *
 *   const graph = process('order', { name: 'Order' })
 *     .startEvent('start')
 *     .serviceTask('charge', { type: 'charge-card', retries: 5 })
 *     .exclusiveGateway('paid')
 *     .flow('paid', 'ship', { condition: 'paid = true' })
 *     .serviceTask('ship', { type: 'ship-parcel' }).endEvent('done')
 *     .from('paid', { default: true }).endEvent('cancelled')
 *     .build();
 *
 * Each node connects from the one before it, so a linear chain is one fluent line. `.from(id)`
 * continues from an earlier node (a branch), `.to(id)` joins into an existing one, and
 * `.flow(a, b)` draws a flow explicitly and continues at `b`. A node never connects to itself,
 * so `.flow('gw', 'x').serviceTask('x', ...)` declares the flow's target. Start, boundary and
 * link catch events connect from nothing; nothing connects from an end event or a link throw
 * event until `.from()` says where.
 *
 * `build()` runs the same validation as BPMN import (validateProcess) and throws a
 * ProcessValidationError listing every error; `check()` returns the graph and findings instead.
 */
import { type ElementDraft, assembleGraph } from './assemble-graph.js';
import {
  ProcessDraftState,
  errorOf,
  escalationOf,
  loopOf,
  messageOf,
  timerOf,
  valueOf,
} from './builder-draft.js';
import type {
  ActivityOptions,
  AdHocOptions,
  BoundaryEventOptions,
  CallActivityOptions,
  CatchEventOptions,
  CompensateOption,
  ComplexGatewayOptions,
  EndEventOptions,
  EventSubProcessOptions,
  ErrorOption,
  EscalationOption,
  FlowOptions,
  GatewayOptions,
  JobTaskOptions,
  MessageOption,
  NodeOptions,
  ReceiveTaskOptions,
  ScriptTaskOptions,
  StartEventOptions,
  SubProcessOptions,
  Text,
  ThrowEventOptions,
  TimerOption,
  UserTaskOptions,
} from './builder-options.js';
import { DEFAULT_RETRIES } from './compile-extensions.js';
import { type Finding, hasErrors } from './findings.js';
import type { EventDefinition, Mapping, ProcessGraph, SubProcess, UserTask, Value } from './graph.js';
import { ProcessValidationError, validateProcess } from './validate-process.js';
import { stripExpressionMark } from './values.js';

type Connect = 'from-cursor' | 'none';
type Body = (scope: ScopeBuilder) => unknown;

type UserTaskFields = Omit<
  UserTask,
  'id' | 'name' | 'kind' | 'scope' | 'incoming' | 'outgoing' | 'inputs' | 'outputs' | 'boundaryEvents'
>;

const isList = (value: Text | readonly string[] | undefined): value is readonly string[] =>
  Array.isArray(value);

/**
 * Builds the elements of one scope: the process, or a subprocess inside it. In an ad-hoc
 * subprocess's scope (`loose`) a node connects from the one before it only when `from`, `to`
 * or `flow` said so: its activities are offered one by one, not chained.
 */
export class ScopeBuilder {
  private cursor: string | undefined;
  private pending: FlowOptions | undefined;
  /** The cursor was set by from(), to() or flow(), not by the node before. */
  private explicit = false;

  /** @internal Use `process()`; subprocess scopes are handed to `subProcess`'s callback. */
  constructor(
    protected readonly state: ProcessDraftState,
    readonly scope: string,
    private readonly loose = false,
  ) {}

  startEvent(id: string, options: StartEventOptions = {}): this {
    return this.node(
      {
        ...this.base(id, options),
        kind: 'startEvent',
        event: this.trigger(id, options),
        ...(options.interrupting === false && { interrupting: false }),
      },
      'none',
    );
  }

  endEvent(id: string, options: EndEventOptions = {}): this {
    return this.node({ ...this.base(id, options), kind: 'endEvent', event: this.trigger(id, options) });
  }

  /** A link catch event, like a start event, connects from nothing: link throws jump to it. */
  intermediateCatchEvent(id: string, options: CatchEventOptions): this {
    return this.node(
      { ...this.base(id, options), kind: 'intermediateCatchEvent', event: this.trigger(id, options) },
      options.link !== undefined ? 'none' : 'from-cursor',
    );
  }

  intermediateThrowEvent(id: string, options: ThrowEventOptions = {}): this {
    return this.node({
      ...this.base(id, options),
      kind: 'intermediateThrowEvent',
      event: this.trigger(id, options),
    });
  }

  /** Attaches an event to an activity; what follows connects from the event. */
  boundaryEvent(id: string, options: BoundaryEventOptions): this {
    return this.node(
      {
        ...this.base(id, options),
        kind: 'boundaryEvent',
        event: this.trigger(id, options),
        attachedTo: options.attachedTo,
        cancelActivity: options.cancelActivity ?? true,
      },
      'none',
    );
  }

  serviceTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('serviceTask', id, options);
  }

  sendTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('sendTask', id, options);
  }

  businessRuleTask(id: string, options: JobTaskOptions): this {
    return this.jobTask('businessRuleTask', id, options);
  }

  userTask(id: string, options: UserTaskOptions = {}): this {
    const list = (v: Text | readonly string[] | undefined): Value | undefined =>
      isList(v) ? { literal: v.join(',') } : valueOf(v);
    const fields: { -readonly [K in keyof UserTaskFields]?: UserTaskFields[K] } = {};
    const set = <K extends keyof UserTaskFields>(key: K, value: UserTaskFields[K] | undefined): void => {
      if (value !== undefined) fields[key] = value;
    };
    set('assignee', valueOf(options.assignee));
    set('candidateUsers', list(options.candidateUsers));
    set('candidateGroups', list(options.candidateGroups));
    set('dueDate', valueOf(options.dueDate));
    set('followUpDate', valueOf(options.followUpDate));
    const priority = options.priority;
    set('priority', typeof priority === 'number' ? { literal: String(priority) } : valueOf(priority));
    set('formKey', options.formKey);
    set('work', options.work);
    return this.node({ ...this.activity(id, options), kind: 'userTask', ...fields });
  }

  scriptTask(id: string, options: ScriptTaskOptions): this {
    return this.node({
      ...this.activity(id, options),
      kind: 'scriptTask',
      script: stripExpressionMark(options.script),
      ...(options.resultVariable !== undefined && { resultVariable: options.resultVariable }),
    });
  }

  receiveTask(id: string, options: ReceiveTaskOptions): this {
    return this.node({ ...this.activity(id, options), kind: 'receiveTask', ...messageOf(options.message) });
  }

  manualTask(id: string, options: ActivityOptions = {}): this {
    return this.node({ ...this.activity(id, options), kind: 'manualTask' });
  }

  task(id: string, options: ActivityOptions = {}): this {
    return this.node({ ...this.activity(id, options), kind: 'task' });
  }

  callActivity(id: string, options: CallActivityOptions): this {
    return this.node({
      ...this.activity(id, options),
      kind: 'callActivity',
      calledElement: valueOf(options.calledElement) ?? { literal: '' },
      propagateAllParentVariables: options.propagateAllParentVariables ?? true,
      propagateAllChildVariables: options.propagateAllChildVariables ?? true,
    });
  }

  /** A subprocess; `body` builds its content, starting from its own start event. */
  subProcess(id: string, body: Body): this;
  subProcess(id: string, options: SubProcessOptions, body: Body): this;
  subProcess(id: string, optionsOrBody: SubProcessOptions | Body, maybeBody?: Body): this {
    return this.container(id, optionsOrBody, maybeBody, {});
  }

  /**
   * A transaction: a cancel end event inside (`endEvent(id, { cancel: true })`) cancels it,
   * compensates its completed work and leaves by its cancel boundary event.
   */
  transaction(id: string, body: Body): this;
  transaction(id: string, options: SubProcessOptions, body: Body): this;
  transaction(id: string, optionsOrBody: SubProcessOptions | Body, maybeBody?: Body): this {
    return this.container(id, optionsOrBody, maybeBody, { transaction: true });
  }

  /**
   * An ad-hoc subprocess: each activity of `body` without incoming flows is offered once; in
   * `body` nodes are not chained (draw a partial order with `flow` or `from`).
   */
  adHocSubProcess(id: string, body: Body): this;
  adHocSubProcess(id: string, options: AdHocOptions, body: Body): this;
  adHocSubProcess(id: string, optionsOrBody: AdHocOptions | Body, maybeBody?: Body): this {
    const options = typeof optionsOrBody === 'function' ? {} : optionsOrBody;
    const completion = options.completionCondition;
    const adHoc: SubProcess['adHoc'] = {
      ordering: options.ordering ?? 'parallel',
      ...(completion !== undefined && { completionCondition: stripExpressionMark(completion) }),
      cancelRemainingInstances: options.cancelRemainingInstances ?? true,
      ...(options.activation === 'chosen' && { activation: 'chosen' }),
    };
    return this.container(id, optionsOrBody, maybeBody, { adHoc }, true);
  }

  /**
   * An event subprocess: not in the flow, so building goes on where it was. Its start event
   * says what starts it (message, timer, signal, conditional, error, escalation, compensate)
   * and whether it interrupts.
   */
  eventSubProcess(id: string, body: Body): this;
  eventSubProcess(id: string, options: EventSubProcessOptions, body: Body): this;
  eventSubProcess(id: string, optionsOrBody: EventSubProcessOptions | Body, maybeBody?: Body): this {
    const { cursor, pending, explicit } = this;
    this.container(id, optionsOrBody, maybeBody, { triggeredByEvent: true }, false, 'none');
    Object.assign(this, { cursor, pending, explicit });
    return this;
  }

  private container(
    id: string,
    optionsOrBody: SubProcessOptions | Body,
    maybeBody: Body | undefined,
    flavour: Partial<SubProcess>,
    loose = false,
    connect: Connect = 'from-cursor',
  ): this {
    const options = typeof optionsOrBody === 'function' ? {} : optionsOrBody;
    const body = typeof optionsOrBody === 'function' ? optionsOrBody : maybeBody;
    const mutex = options.mutex?.trim();
    this.node(
      { ...this.activity(id, options), kind: 'subProcess', ...(mutex && { mutex }), ...flavour },
      connect,
    );
    body?.(new ScopeBuilder(this.state, id, loose));
    return this;
  }

  exclusiveGateway(id: string, options: GatewayOptions = {}): this {
    return this.node({ ...this.base(id, options), kind: 'exclusiveGateway' });
  }

  inclusiveGateway(id: string, options: GatewayOptions = {}): this {
    return this.node({ ...this.base(id, options), kind: 'inclusiveGateway' });
  }

  parallelGateway(id: string, options: GatewayOptions = {}): this {
    return this.node({ ...this.base(id, options), kind: 'parallelGateway' });
  }

  eventBasedGateway(id: string, options: GatewayOptions = {}): this {
    return this.node({ ...this.base(id, options), kind: 'eventBasedGateway' });
  }

  /** Fires once its activation condition holds (or every incoming flow has a token). */
  complexGateway(id: string, options: ComplexGatewayOptions = {}): this {
    const condition = options.activationCondition;
    return this.node({
      ...this.base(id, options),
      kind: 'complexGateway',
      ...(condition !== undefined && { activationCondition: stripExpressionMark(condition) }),
    });
  }

  /** Continue from an existing node; the next node connects from it with these flow options. */
  from(id: string, options?: FlowOptions): this {
    this.cursor = id;
    this.pending = options;
    this.explicit = true;
    return this;
  }

  /** Connect the current node to an existing one (a join or a loop back) and continue there. */
  to(target: string, options?: FlowOptions): this {
    if (this.cursor === undefined) {
      this.state.problem(target, `to('${target}'): there is no node to connect from; use from() first`);
    } else {
      this.state.addFlow(this.cursor, target, { ...this.pending, ...options });
    }
    this.pending = undefined;
    this.cursor = target;
    this.explicit = true;
    return this;
  }

  /** Draw a flow explicitly; building continues at its target. */
  flow(source: string, target: string, options?: FlowOptions): this {
    this.state.addFlow(source, target, options);
    this.pending = undefined;
    this.cursor = target;
    this.explicit = true;
    return this;
  }

  private node(element: ElementDraft, connect: Connect = 'from-cursor'): this {
    const previous = this.cursor;
    if (this.state.claim(element.id)) {
      this.state.elements.push(element);
      const handles = previous !== undefined && this.state.isCompensationBoundary(previous);
      if (handles) this.state.associate(previous, element);
      else if (
        connect === 'from-cursor' &&
        previous !== undefined &&
        previous !== element.id &&
        (!this.loose || this.explicit)
      ) {
        this.state.addFlow(previous, element.id, this.pending);
      }
    }
    this.pending = undefined;
    this.explicit = false;
    // Nothing follows an end event, a link throw event (its token jumps to the link catch) or
    // a compensation handler (it has no flows).
    const ends =
      element.kind === 'endEvent' ||
      (element.kind === 'intermediateThrowEvent' && element.event.type === 'link') ||
      ('forCompensation' in element && element.forCompensation === true);
    this.cursor = ends ? undefined : element.id;
    return this;
  }

  private jobTask(
    kind: 'serviceTask' | 'sendTask' | 'businessRuleTask',
    id: string,
    options: JobTaskOptions,
  ): this {
    const headers =
      options.headers && Object.keys(options.headers).length > 0 ? { headers: { ...options.headers } } : {};
    return this.node({
      ...this.activity(id, options),
      kind,
      taskType: valueOf(options.type) ?? { literal: '' },
      retries: options.retries ?? DEFAULT_RETRIES,
      ...headers,
    });
  }

  /** An activity's base with its multi-instance or loop, and whether it is a compensation handler. */
  private activity(
    id: string,
    options: ActivityOptions,
  ): ReturnType<ScopeBuilder['base']> & ReturnType<typeof loopOf> & { forCompensation?: true } {
    return {
      ...this.base(id, options),
      ...loopOf(options),
      ...(options.forCompensation && { forCompensation: true }),
    };
  }

  private base(
    id: string,
    options: NodeOptions,
  ): { id: string; scope: string; name?: string; inputs?: Mapping[]; outputs?: Mapping[] } {
    const mappings = (list: readonly Mapping[] | undefined): Mapping[] =>
      (list ?? []).map((m) => ({ source: stripExpressionMark(m.source), target: m.target }));
    const inputs = mappings(options.inputs);
    const outputs = mappings(options.outputs);
    return {
      id,
      scope: this.scope,
      ...(options.name !== undefined && { name: options.name }),
      ...(inputs.length > 0 && { inputs }),
      ...(outputs.length > 0 && { outputs }),
    };
  }

  /** The one trigger an event was given; several at once are reported. */
  private trigger(
    id: string,
    options: {
      message?: MessageOption;
      timer?: TimerOption;
      error?: ErrorOption;
      escalation?: EscalationOption;
      signal?: Text;
      link?: string;
      terminate?: boolean;
      conditional?: string;
      compensate?: CompensateOption;
      cancel?: true;
    },
  ): EventDefinition {
    const keys = [
      'message',
      'timer',
      'error',
      'escalation',
      'signal',
      'link',
      'terminate',
      'conditional',
      'compensate',
      'cancel',
    ] as const;
    const given = keys.filter((key) => options[key] !== undefined && options[key] !== false);
    if (given.length > 1) {
      this.state.problem(id, `event '${id}' was given several triggers (${given.join(', ')}); give one`);
    }
    if (options.message !== undefined) return { type: 'message', ...messageOf(options.message) };
    if (options.timer !== undefined) return { type: 'timer', timer: timerOf(options.timer) };
    if (options.error !== undefined) return errorOf(options.error);
    if (options.escalation !== undefined) return escalationOf(options.escalation);
    if (options.signal !== undefined)
      return { type: 'signal', signalName: valueOf(options.signal) ?? { literal: '' } };
    if (options.link !== undefined) return { type: 'link', linkName: options.link.trim() };
    if (options.terminate) return { type: 'terminate' };
    if (options.conditional !== undefined)
      return { type: 'conditional', condition: stripExpressionMark(options.conditional) };
    if (options.compensate !== undefined) {
      const ref = options.compensate === true ? undefined : options.compensate;
      return { type: 'compensate', ...(ref !== undefined && { activityRef: ref }) };
    }
    if (options.cancel) return { type: 'cancel' };
    return { type: 'none' };
  }
}

/** The builder of a whole process: a scope builder that can also build. */
export class ProcessBuilder extends ScopeBuilder {
  constructor(
    id: string,
    private readonly options: { readonly name?: string; readonly executable?: boolean } = {},
  ) {
    super(new ProcessDraftState(id), id);
  }

  /** The graph and every finding, errors included, without throwing. */
  check(): { graph: ProcessGraph; findings: Finding[] } {
    const { elements, findings } = this.state.finish();
    const graph = assembleGraph({
      id: this.scope,
      ...(this.options.name !== undefined && { name: this.options.name }),
      executable: this.options.executable ?? true,
      elements,
      flows: this.state.flows,
    });
    return { graph, findings: [...findings, ...validateProcess(graph)] };
  }

  /** The graph; throws a ProcessValidationError listing every error when there are any. */
  build(): ProcessGraph {
    const { graph, findings } = this.check();
    if (hasErrors(findings)) throw new ProcessValidationError(graph.id, findings);
    return graph;
  }
}

export const process = (id: string, options?: { name?: string; executable?: boolean }): ProcessBuilder =>
  new ProcessBuilder(id, options);
