/**
 * The operator commands that change a running instance from outside its model: modification
 * (cancel tokens, start before or after an element, set variables), suspension and migration
 * to another version; and the effects they write to the outbox rows the instance already has.
 */
import type { ProcessGraph } from '../../model/graph.js';
import type { Variables } from '../types.js';

export type ModifyOp =
  /** Cancels one token (`tokenId`) or every token at an element (`elementId`). */
  | { readonly op: 'cancel'; readonly tokenId: string }
  | { readonly op: 'cancel'; readonly elementId: string }
  /** A new token enters the element, as if it had arrived by a flow. */
  | { readonly op: 'start-before'; readonly elementId: string; readonly variables?: Variables }
  /** A new token leaves the element by its outgoing flows, as if the element had completed. */
  | { readonly op: 'start-after'; readonly elementId: string; readonly variables?: Variables }
  /** Sets variables in the instance's root scope, or in the scope of the subprocess given. */
  | { readonly op: 'set-variables'; readonly variables: Variables; readonly scopeId?: string };

interface OperatorBy {
  readonly instanceId: string;
  readonly actor?: string;
  readonly reason?: string;
}

export type ModifyCommand = OperatorBy & { readonly type: 'modify'; readonly ops: readonly ModifyOp[] };

export type SuspensionCommand = OperatorBy & { readonly type: 'suspend' | 'resume' };

/** source element id -> target element id. */
export type ElementMapping = Readonly<Record<string, string>>;

/**
 * Moves the instance onto `target` (another version of its process). The graph travels in the
 * command because the core reads nothing: the engine hands it the version it loaded.
 */
export type MigrateCommand = OperatorBy & {
  readonly type: 'migrate';
  readonly target: ProcessGraph;
  readonly targetVersion: number;
  readonly mapping: ElementMapping;
};

export type OperatorCommand = ModifyCommand | SuspensionCommand | MigrateCommand;

/** An outbox row of the instance, as a migration moves it to its new element and version. */
export interface RowMove {
  readonly table: 'tasks' | 'timers' | 'subscriptions' | 'jobs';
  readonly id: string;
  readonly elementId: string;
  /** A user task's new name (the target element's). */
  readonly name?: string;
}

export type OperatorEffect =
  /** The instance and the rows it carries move to `version`; the rows to their new elements. */
  | { readonly kind: 'move-rows'; readonly version: number; readonly rows: readonly RowMove[] }
  /** The instance's timers and jobs stop (or start again) being due: they wait while it is suspended. */
  | {
      readonly kind: 'suspend-rows';
      readonly suspended: boolean;
      readonly timers: readonly string[];
      readonly jobs: readonly string[];
    };
