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

export type TimerOption =
  { readonly date: string } | { readonly duration: string } | { readonly cycle: string };

/** A message name, or a name with the FEEL expression that correlates it to an instance. */
export type MessageOption = Text | { readonly name: Text; readonly correlationKey?: string };

/** An error code, or a code with a message. */
export type ErrorOption = string | { readonly code?: string; readonly message?: string };

export interface StartEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly timer?: TimerOption;
}

export interface EndEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly error?: ErrorOption;
  readonly terminate?: boolean;
}

export interface CatchEventOptions extends NodeOptions {
  readonly message?: MessageOption;
  readonly timer?: TimerOption;
}

export interface ThrowEventOptions extends NodeOptions {
  readonly message?: MessageOption;
}

export interface BoundaryEventOptions extends NodeOptions {
  /** The activity the event sits on. */
  readonly attachedTo: string;
  readonly timer?: TimerOption;
  readonly message?: MessageOption;
  readonly error?: ErrorOption;
  /** Interrupting (true, the default) cancels the activity; non-interrupting runs beside it. */
  readonly cancelActivity?: boolean;
}

export interface JobTaskOptions extends NodeOptions {
  /** The job type a handler or worker subscribes to. */
  readonly type: Text;
  readonly retries?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface UserTaskOptions extends NodeOptions {
  readonly assignee?: Text;
  /** A list, a comma-separated literal, or a FEEL expression giving a list. */
  readonly candidateUsers?: Text | readonly string[];
  readonly candidateGroups?: Text | readonly string[];
  /** An ISO date, or an ISO duration from creation. */
  readonly dueDate?: Text;
  readonly followUpDate?: Text;
  readonly priority?: Text | number;
  readonly formKey?: string;
}

export interface ScriptTaskOptions extends NodeOptions {
  readonly script: string;
  readonly resultVariable?: string;
}

export interface ReceiveTaskOptions extends NodeOptions {
  readonly message: MessageOption;
}

export interface CallActivityOptions extends NodeOptions {
  /** The id of the process to call. */
  readonly calledElement: Text;
  readonly propagateAllParentVariables?: boolean;
  readonly propagateAllChildVariables?: boolean;
}

export interface GatewayOptions {
  readonly name?: string;
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
