/**
 * ProcessGraph: the compiled, immutable form of one executable process. Both the BPMN importer
 * and the TypeScript builder produce it; core executes it. It is plain JSON so it can be stored
 * beside the deployment and cached per (processId, version).
 *
 * Expressions are FEEL source text without the leading `=` (Camunda 8 marks expressions with
 * it; the importer strips it). A value that is a literal rather than an expression is kept in
 * a `Value` so core knows whether to evaluate it.
 */

/** A literal string or a FEEL expression whose result is used at run time. */
export type Value = { readonly literal: string } | { readonly expression: string };

/** Copies a value into a variable: `target` is a variable name (dots address nested contexts). */
export interface Mapping {
  readonly source: string; // FEEL expression
  readonly target: string;
}

export interface TimerSpec {
  readonly kind: 'date' | 'duration' | 'cycle';
  /** ISO 8601 date, duration or repeating interval (R3/PT1H), or a cron expression for cycles. */
  readonly value: Value;
}

export type EventDefinition =
  | { readonly type: 'none' }
  | { readonly type: 'message'; readonly messageName: Value; readonly correlationKey?: string }
  | { readonly type: 'timer'; readonly timer: TimerSpec }
  | { readonly type: 'error'; readonly errorCode?: string; readonly errorMessage?: string }
  | { readonly type: 'escalation'; readonly escalationCode?: string }
  | { readonly type: 'signal'; readonly signalName: Value }
  | { readonly type: 'link'; readonly linkName: string }
  | { readonly type: 'terminate' }
  /** Waits until the FEEL condition turns true (see ConditionalEvent in docs/bpmn.md). */
  | { readonly type: 'conditional'; readonly condition: string }
  /** Throw: compensate `activityRef`, or every completed activity of the scope. Catch: a handler's trigger. */
  | { readonly type: 'compensate'; readonly activityRef?: string }
  | { readonly type: 'cancel' };

export type EventType = EventDefinition['type'];

interface Base {
  readonly id: string;
  readonly name?: string;
  /** Id of the enclosing scope: the process id or the id of a subprocess. */
  readonly scope: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly inputs?: readonly Mapping[];
  readonly outputs?: readonly Mapping[];
}

/**
 * Multi-instance: the activity runs once per item of `collection` (or `cardinality` times), in
 * parallel or one after another. Each instance sees the item as `elementVariable` and its
 * 1-based `loopCounter`; `completionCondition` may end the whole early (it sees
 * nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances); `outputElement`, evaluated in
 * each finished instance, is collected in item order into `outputCollection`.
 */
export interface MultiInstance {
  readonly sequential: boolean;
  readonly collection?: string; // FEEL
  readonly cardinality?: string; // FEEL
  readonly elementVariable?: string;
  readonly completionCondition?: string; // FEEL
  readonly outputCollection?: string;
  readonly outputElement?: string; // FEEL
}

interface ActivityBase extends Base {
  /** Ids of boundary events attached to this activity. */
  readonly boundaryEvents?: readonly string[];
  readonly multiInstance?: MultiInstance;
  readonly loop?: StandardLoop;
  /** A compensation handler: runs only when its activity is compensated, never in the flow. */
  readonly forCompensation?: boolean;
  /** The handler that compensates this activity (from its compensation boundary event's association). */
  readonly compensation?: string;
}

/**
 * A standard loop: the activity runs again while `condition` holds (checked after each run, or
 * before the first with `testBefore`), at most `maximum` times. The condition sees loopCounter.
 */
export interface StandardLoop {
  readonly condition: string; // FEEL
  readonly testBefore: boolean;
  readonly maximum?: number;
}

export interface StartEvent extends Base {
  readonly kind: 'startEvent';
  readonly event: EventDefinition;
  /** Only for the start event of an event subprocess: false lets the rest of its scope go on. */
  readonly interrupting?: boolean;
}
export interface EndEvent extends Base {
  readonly kind: 'endEvent';
  readonly event: EventDefinition;
}
export interface IntermediateCatchEvent extends Base {
  readonly kind: 'intermediateCatchEvent';
  readonly event: EventDefinition;
}
export interface IntermediateThrowEvent extends Base {
  readonly kind: 'intermediateThrowEvent';
  readonly event: EventDefinition;
}
export interface BoundaryEvent extends Base {
  readonly kind: 'boundaryEvent';
  readonly event: EventDefinition;
  readonly attachedTo: string;
  readonly cancelActivity: boolean;
}

/** Service, send and business-rule tasks: work done by a handler or worker through a job. */
export interface JobTask extends ActivityBase {
  readonly kind: 'serviceTask' | 'sendTask' | 'businessRuleTask';
  readonly taskType: Value;
  readonly retries: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly retryPolicy?: RetryPolicy;
}

/** How a failing job is retried (compile-job-policy.ts reads it from the model). */
export interface RetryPolicy {
  /** The wait before each retry in ms; the last one repeats. Absent: 1 s doubling to 5 min. */
  readonly backoffMs?: readonly number[];
  /** When the retries are spent, throw this BPMN error (a boundary event may catch it) rather than raise an incident. */
  readonly exhaustedErrorCode?: string;
}
export interface UserTask extends ActivityBase {
  readonly kind: 'userTask';
  readonly assignee?: Value;
  readonly candidateUsers?: Value; // comma-separated list or FEEL list
  readonly candidateGroups?: Value;
  readonly dueDate?: Value; // ISO date or duration from creation
  readonly followUpDate?: Value;
  readonly priority?: Value;
  readonly formKey?: string;
  /** The `sluice:` work attributes (assignment, RACI, SLA ...) as written; src/work parses them. */
  readonly work?: Readonly<Record<string, string>>;
}
export interface ScriptTask extends ActivityBase {
  readonly kind: 'scriptTask';
  readonly script: string; // FEEL
  readonly resultVariable?: string;
}
export interface ReceiveTask extends ActivityBase {
  readonly kind: 'receiveTask';
  readonly messageName: Value;
  readonly correlationKey?: string;
}
/** Tasks with no automatic behaviour: they pass the token straight on (manualTask, task). */
export interface PassTask extends ActivityBase {
  readonly kind: 'manualTask' | 'task';
}
export interface SubProcess extends ActivityBase {
  readonly kind: 'subProcess';
  readonly startEvents: readonly string[];
  /** An event subprocess: not in the flow, started by its start event while its scope is active. */
  readonly triggeredByEvent?: boolean;
  /** A transaction: a cancel end event compensates its completed work and leaves by the cancel boundary. */
  readonly transaction?: boolean;
  readonly adHoc?: AdHoc;
  /** `sluice:mutex`: subprocesses sharing the name run one at a time within an instance (WCP-39). */
  readonly mutex?: string;
  /** The event subprocesses directly inside this one (derived). */
  readonly eventSubProcesses?: readonly string[];
}

/**
 * An ad-hoc subprocess: its activities without incoming flows are started all at once
 * (parallel) or one after another in document order (sequential); after each one ends the
 * completion condition is checked, and when it holds the rest are cancelled (or, without
 * cancelRemainingInstances, allowed to finish while no new one starts).
 */
export interface AdHoc {
  readonly ordering: 'parallel' | 'sequential';
  readonly completionCondition?: string; // FEEL
  readonly cancelRemainingInstances: boolean;
  /**
   * `sluice:activation="chosen"`: nothing starts by itself; a person or system picks each next
   * activity with the activate-ad-hoc command (WCP-17, WCP-40). Absent: automatic, as above.
   */
  readonly activation?: 'automatic' | 'chosen';
}
export interface CallActivity extends ActivityBase {
  readonly kind: 'callActivity';
  readonly calledElement: Value;
  /** Without input mappings, copy every parent variable into the child (Camunda 8 default). */
  readonly propagateAllParentVariables: boolean;
  /** Without output mappings, copy every child variable back to the parent (Camunda 8 default). */
  readonly propagateAllChildVariables: boolean;
}
export interface Gateway extends Base {
  readonly kind:
    'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway' | 'complexGateway';
  readonly default?: string;
  /**
   * Complex gateway: fires once the FEEL condition holds (it sees the variables and
   * `activationCount`, the tokens arrived in this wave); without one, when every flow has a token.
   */
  readonly activationCondition?: string;
}

export type Activity = JobTask | UserTask | ScriptTask | ReceiveTask | PassTask | SubProcess | CallActivity;
export type FlowElement =
  | StartEvent
  | EndEvent
  | IntermediateCatchEvent
  | IntermediateThrowEvent
  | BoundaryEvent
  | Activity
  | Gateway;
export type ElementKind = FlowElement['kind'];

export interface SequenceFlow {
  readonly id: string;
  readonly name?: string;
  readonly source: string;
  readonly target: string;
  readonly condition?: string; // FEEL
}

export interface ProcessGraph {
  readonly id: string;
  readonly name?: string;
  readonly executable: boolean;
  readonly elements: Readonly<Record<string, FlowElement>>;
  readonly flows: Readonly<Record<string, SequenceFlow>>;
  /** Start events of the process level (not of subprocesses). */
  readonly startEvents: readonly string[];
  /**
   * For each inclusive gateway with more than one incoming flow, and each of its incoming
   * flows, the ids of the elements from which a token can still reach that flow without
   * passing the gateway itself. The OR-join waits while a token sits on any of them.
   */
  readonly orJoinUpstream: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** The event subprocesses at the process level (derived). */
  readonly eventSubProcesses?: readonly string[];
  /**
   * Constructs whose upkeep costs core work after every step; absent ones cost nothing, so
   * models without them step as fast as before (derived).
   */
  readonly features?: { readonly conditions?: true; readonly mutexes?: true };
}

export const activityKinds: ReadonlySet<ElementKind> = new Set([
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'userTask',
  'scriptTask',
  'receiveTask',
  'manualTask',
  'task',
  'subProcess',
  'callActivity',
]);

export const isActivity = (element: FlowElement): element is Activity => activityKinds.has(element.kind);
