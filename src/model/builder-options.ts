/**
 * What the builder's methods accept. Text follows the same rule as BPMN attributes (values.ts):
 * a leading `=` marks a FEEL expression, anything else is a literal; a `Value` object is taken
 * as it is. Conditions, mapping sources and scripts are always FEEL (a leading `=` is allowed).
 */
import type { Mapping, Value } from './graph.js';

export type Text = string | Value;

export interface NodeOptions {
  readonly name?: string;
  readonly inputs?: readonly Mapping[];
  readonly outputs?: readonly Mapping[];
}

/**
 * Multi-instance: one instance per item of `collection`, or `cardinality` instances. FEEL
 * fields may carry a leading `=`.
 */
export interface MultiInstanceOption {
  /** One after another; parallel (false) is the default. */
  readonly sequential?: boolean;
  readonly collection?: string; // FEEL
  readonly cardinality?: string | number; // FEEL
  readonly elementVariable?: string;
  readonly completionCondition?: string; // FEEL
  readonly outputCollection?: string;
  readonly outputElement?: string; // FEEL
}

/** A standard loop: run again while `condition` holds, at most `maximum` times. */
export interface LoopOption {
  readonly condition: string; // FEEL
  /** Check the condition before the first run too (a while loop); the default is after. */
  readonly testBefore?: boolean;
  readonly maximum?: number;
}

/** What every activity accepts: mappings, and multi-instance or a standard loop. */
export interface ActivityOptions extends NodeOptions {
  readonly multiInstance?: MultiInstanceOption;
  readonly loop?: LoopOption;
  /** A compensation handler: runs only when the activity it compensates is compensated; no flows. */
  readonly forCompensation?: boolean;
}

/** Embedded subprocesses (plain, transaction, ad-hoc). */
export interface SubProcessOptions extends ActivityOptions {
  /** Subprocesses sharing a mutex name run one at a time within an instance (WCP-39). */
  readonly mutex?: string;
}

/** An event subprocess: no flows; its start event's trigger starts it while its scope is active. */
export type EventSubProcessOptions = Omit<SubProcessOptions, 'multiInstance' | 'loop' | 'forCompensation'>;

/** An ad-hoc subprocess: its activities without incoming flows are each offered once. */
export interface AdHocOptions extends SubProcessOptions {
  /** Parallel (the default): all at once; sequential: one at a time. */
  readonly ordering?: 'parallel' | 'sequential';
  /** FEEL, checked each time a path inside ends. */
  readonly completionCondition?: string;
  /** When the completion condition holds, cancel what still runs (default true). */
  readonly cancelRemainingInstances?: boolean;
  /** `chosen`: nothing starts by itself, `activateAdHoc` chooses; `automatic` is the default. */
  readonly activation?: 'automatic' | 'chosen';
}

/** An escalation code; `{}` on a boundary event catches every escalation. */
export type EscalationOption = string | { readonly code?: string };

export type TimerOption =
  { readonly date: string } | { readonly duration: string } | { readonly cycle: string };

/** A message name, or a name with the FEEL expression that correlates it to an instance. */
export type MessageOption = Text | { readonly name: Text; readonly correlationKey?: string };

/** An error code, or a code with a message. */
export type ErrorOption = string | { readonly code?: string; readonly message?: string };

/** Compensate every completed activity of the scope (`true`), or the one named. */
export type CompensateOption = true | string;

export interface StartEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly timer?: TimerOption;
  /** A signal name (a literal: process start events listen from deployment). */
  readonly signal?: Text;
  /** Event subprocess starts only: a FEEL condition that fires when it turns true. */
  readonly conditional?: string;
  /** Event subprocess starts only: catch this error (`{}` every error). */
  readonly error?: ErrorOption;
  /** Event subprocess starts only: catch this escalation (`{}` every escalation). */
  readonly escalation?: EscalationOption;
  /** Event subprocess starts only: the compensation event subprocess of its subprocess. */
  readonly compensate?: true;
  /** Event subprocess starts only: false lets the rest of the scope go on (default true). */
  readonly interrupting?: boolean;
}

export interface EndEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly error?: ErrorOption;
  readonly escalation?: EscalationOption;
  /** Broadcasts this signal as the token ends. */
  readonly signal?: Text;
  readonly terminate?: boolean;
  /** Compensates the scope's completed activities (or the one named) before the token ends. */
  readonly compensate?: CompensateOption;
  /** Inside a transaction: cancels it, compensates its work and leaves by its cancel boundary event. */
  readonly cancel?: true;
}

export interface CatchEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly timer?: TimerOption;
  readonly signal?: Text;
  /** The target of link throw events of this name in the same scope. */
  readonly link?: string;
  /** Waits until this FEEL condition is true. */
  readonly conditional?: string;
}

export interface ThrowEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly escalation?: EscalationOption;
  readonly signal?: Text;
  /** Continue at the link catch event of this name in the same scope. */
  readonly link?: string;
  /** Compensates the scope's completed activities (or the one named), then goes on. */
  readonly compensate?: CompensateOption;
}

export interface BoundaryEventOptions extends NodeOptions {
  /** The activity the event sits on. */
  readonly attachedTo: string;
  readonly timer?: TimerOption;
  readonly message?: MessageOption;
  readonly error?: ErrorOption;
  readonly escalation?: EscalationOption;
  readonly signal?: Text;
  /** Fires when this FEEL condition turns true. */
  readonly conditional?: string;
  /**
   * The activity's compensation: the node built next is its handler (give it
   * `forCompensation: true`), joined by an association rather than a flow.
   */
  readonly compensate?: true;
  /** On a transaction: where it leaves when a cancel end event inside cancels it. */
  readonly cancel?: true;
  /** Interrupting (true, the default) cancels the activity; non-interrupting runs beside it. */
  readonly cancelActivity?: boolean;
}

export interface JobTaskOptions extends ActivityOptions {
  /** The job type a handler or worker subscribes to. */
  readonly type: Text;
  readonly retries?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UserTaskOptions extends ActivityOptions {
  readonly assignee?: Text;
  /** A list, a comma-separated literal, or a FEEL expression giving a list. */
  readonly candidateUsers?: Text | readonly string[];
  readonly candidateGroups?: Text | readonly string[];
  /** An ISO date, or an ISO duration from creation. */
  readonly dueDate?: Text;
  readonly followUpDate?: Text;
  readonly priority?: Text | number;
  readonly formKey?: string;
  /** `sluice:` work attributes, as in BPMN: `{ 'sluice:assignment': 'round-robin' }`. */
  readonly work?: Readonly<Record<string, string>>;
}

export interface ScriptTaskOptions extends ActivityOptions {
  readonly script: string;
  readonly resultVariable?: string;
}

export interface ReceiveTaskOptions extends ActivityOptions {
  readonly message: MessageOption;
}

export interface CallActivityOptions extends ActivityOptions {
  /** The id of the process to call. */
  readonly calledElement: Text;
  readonly propagateAllParentVariables?: boolean;
  readonly propagateAllChildVariables?: boolean;
}

export interface GatewayOptions {
  readonly name?: string;
}

export interface ComplexGatewayOptions extends GatewayOptions {
  /** FEEL over the variables and `activationCount`; absent: fires when every incoming flow has a token. */
  readonly activationCondition?: string;
}

export interface FlowOptions {
  /** Defaults to `<source>-<target>`. */
  readonly id?: string;
  readonly name?: string;
  /** FEEL; decides whether a gateway (or activity) takes this flow. */
  readonly condition?: string;
  /** Marks the flow as its exclusive or inclusive gateway's default. */
  readonly default?: boolean;
}
