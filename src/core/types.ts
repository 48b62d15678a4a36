/**
 * The contract of the pure core: state in, command in, new state, history events and effects
 * out. Everything here is plain JSON so the store can persist it as it is. Times are epoch
 * milliseconds (numbers), which keeps the state cheap to serialise.
 */

import type { AllocateAction, NotifyEffect, RaciPeople, SlaHold } from './task-work.js';
import type { OperatorCommand, OperatorEffect } from './commands/modify-types.js';

export type Variables = Record<string, unknown>;

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'failed';

/** What a token is waiting for. A token without `wait` is in flight during a step. */
export type Wait =
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'task'; readonly taskId: string }
  | { readonly kind: 'timer'; readonly timerId: string }
  | { readonly kind: 'message'; readonly subscriptionId: string }
  | { readonly kind: 'subprocess'; readonly scopeId: string }
  | { readonly kind: 'call'; readonly childId: string }
  | { readonly kind: 'join' }
  | { readonly kind: 'multi-instance' }
  | { readonly kind: 'event-gateway'; readonly triggers: readonly Trigger[] }
  /** At a conditional catch event, until its condition holds. */
  | { readonly kind: 'condition' }
  /** At a subprocess whose `sluice:mutex` another subprocess of the instance holds. */
  | { readonly kind: 'mutex' }
  /** At a compensation throw (or cancel end) event while the handlers in `queue` run. */
  | {
      readonly kind: 'compensation';
      readonly queue: readonly CompensationStep[];
      /** A cancel end event leaves its transaction by the cancel boundary once compensated. */
      readonly cancel?: true;
    }
  | IncidentWait;

/**
 * A completed activity that can be compensated, in the scope it completed in: its handler (a
 * compensation activity or a compensation event subprocess), the variables it ran with when
 * they would otherwise be gone (a multi-instance item, a finished subprocess's scope), and for a
 * subprocess the records of the activities inside it.
 */
export interface CompensationRecord {
  readonly elementId: string;
  readonly handler?: string;
  readonly vars?: Variables;
  readonly inner?: readonly CompensationRecord[];
}

/** One handler still to run for a compensation throw. */
export interface CompensationStep {
  readonly handler: string;
  readonly elementId: string;
  readonly vars: Variables;
  readonly inner?: readonly CompensationRecord[];
}

/**
 * A token stopped by an incident. A retry resumes it in one of three ways: the job is offered
 * again (`jobId`), the command that failed is applied again on the `previous` wait (`resume`),
 * or the token enters its element again (neither).
 */
export interface IncidentWait {
  readonly kind: 'incident';
  readonly incidentId: string;
  readonly jobId: string;
  readonly resume?: Command;
  readonly previous?: Wait;
}

/** A timer or message subscription opened for a boundary event or an event-based gateway. */
export interface Trigger {
  readonly eventId: string;
  readonly timerId?: string;
  readonly subscriptionId?: string;
  /** A conditional trigger: whether its condition held when last evaluated (it fires on false → true). */
  readonly held?: boolean;
}

export interface Token {
  readonly id: string;
  elementId: string;
  scopeId: string;
  /** The sequence flow the token arrived by (joins count these). */
  arrivedBy?: string;
  wait?: Wait;
  /** Boundary events armed while the token is in an activity. */
  boundary?: Trigger[];
  /** When the token entered its current element (for durations in history). */
  enteredAt: number;
  /** Variables local to the activity the token is in (from input mappings). */
  locals?: Variables;
  /** The user task the token waits at, as far as judging commands on it needs. */
  task?: TaskHold;
  /** On the token of a multi-instance activity as a whole (the body). */
  multi?: MultiInstanceBody;
  /** How many times a looping activity has run so far. */
  loops?: number;
  /** On the token of one instance of a multi-instance activity: its body token and item index. */
  inner?: { readonly bodyId: string; readonly index: number };
  /** On a compensation handler's token: the id of the token that threw the compensation. */
  compensating?: string;
}

export interface MultiInstanceBody {
  readonly items: unknown[];
  /** Index of the next item to start (sequential) or items.length once all have started. */
  next: number;
  completed: number;
  readonly outputs: unknown[];
}

/**
 * What an instance knows of its open user task: who holds it and who may take it. Commands
 * are judged against this, so a claim or completion needs no read of the tasks table.
 */
export interface TaskHold {
  assignee?: string;
  /** While delegated: the person who delegated it and gets it back on resolve. */
  owner?: string;
  candidateUsers: string[];
  candidateGroups: string[];
  started?: boolean;
  suspended?: boolean;
  priority?: number;
  /** Set once the task router's allocation applied (work attributes in the model). */
  routed?: boolean;
  /** People an offer leaves out (separation of duties): they may not claim it. */
  excluded?: string[];
  raci?: RaciPeople;
  sla?: SlaHold;
  /** Consulted people who approved, in order. */
  approvedBy?: string[];
}

/** What people do to a user task (the workflow resource patterns' work item operations). */
export type TaskAction =
  | { readonly op: 'claim' }
  | { readonly op: 'unclaim' }
  | { readonly op: 'start' }
  | { readonly op: 'complete'; readonly variables?: Variables }
  | { readonly op: 'delegate'; readonly to: string }
  | { readonly op: 'resolve'; readonly variables?: Variables }
  | { readonly op: 'reassign'; readonly to: string }
  | { readonly op: 'forward'; readonly users?: readonly string[]; readonly groups?: readonly string[] }
  | { readonly op: 'escalate'; readonly to: string; readonly priority?: number }
  | { readonly op: 'suspend' }
  | { readonly op: 'resume' }
  | { readonly op: 'skip' }
  | { readonly op: 'fail'; readonly errorCode?: string; readonly message?: string }
  | { readonly op: 'comment'; readonly text: string }
  /** Asks the engine's task router for a decision; the engine answers it with `allocate`. */
  | { readonly op: 'route'; readonly replan?: boolean }
  | AllocateAction
  /** Stops and restarts the SLA clock (waiting for the customer) without suspending the task. */
  | { readonly op: 'pause-sla' }
  | { readonly op: 'resume-sla' }
  | { readonly op: 'attach'; readonly attachmentId: string; readonly name: string; readonly size: number }
  /** Sends the case back to an earlier user task of the same scope, to be done again. */
  | { readonly op: 'redo'; readonly elementId: string }
  /** A consulted person approves (needed before completion when the model says consulted must approve). */
  | { readonly op: 'approve' }
  /** Pre-do: work recorded for a later task (`sluice:predo`) before it is enabled; `taskId` is unused. */
  | { readonly op: 'predo'; readonly elementId: string; readonly variables?: Variables }
  | {
      readonly op: 'update';
      readonly priority?: number;
      readonly dueAt?: number | null;
      readonly followUpAt?: number | null;
    };

export type TaskOp = TaskAction['op'];

export interface Scope {
  readonly id: string;
  /** The process id for the root scope, else the subprocess element id. */
  readonly elementId: string;
  readonly parentId?: string;
  /** The token waiting at the subprocess activity in the parent scope. */
  readonly tokenId?: string;
  vars: Variables;
  /** The armed start events of the event subprocesses of this scope. */
  listeners?: readonly Trigger[];
  /** Completed activities of this scope that have something to compensate, in completion order. */
  compensable?: readonly CompensationRecord[];
  /** Per complex gateway that fired: the incoming flows whose tokens of that wave it still absorbs. */
  complex?: Readonly<Record<string, readonly string[]>>;
  /** In an ad-hoc subprocess: the activities not yet started (sequential ordering). */
  adHoc?: { readonly pending: readonly string[] };
}

export interface InstanceState {
  readonly id: string;
  readonly processId: string;
  readonly version: number;
  readonly businessKey?: string;
  status: InstanceStatus;
  readonly startedAt: number;
  endedAt?: number;
  /** Set when this instance was started by a call activity. */
  readonly parent?: { readonly instanceId: string; readonly tokenId: string };
  /** Suspended by an operator: only operator commands apply until it is resumed. */
  suspended?: boolean;
  scopes: Record<string, Scope>;
  tokens: Record<string, Token>;
  /** Open incidents, by id, so that a retry can find the job they hold. */
  incidents?: Record<
    string,
    { readonly jobId: string; readonly elementId: string; readonly tokenId: string }
  >;
  /** Work recorded ahead for later user tasks (pre-do), by element id: applied when the task arrives. */
  predone?: Record<string, { readonly variables: Variables; readonly actor: string; readonly at: number }>;
}

// ---- commands ----------------------------------------------------------------------------

export interface StartCommand {
  readonly type: 'start';
  readonly instanceId: string;
  readonly processId: string;
  readonly version: number;
  readonly variables?: Variables;
  readonly businessKey?: string;
  /** A message or timer start event; omitted means the none start event. */
  readonly startEventId?: string;
  readonly parent?: { readonly instanceId: string; readonly tokenId: string };
  readonly actor?: string;
  /** For a repeating timer start event: the next occurrence to schedule. */
  readonly nextTimer?: { readonly timerId: string; readonly dueAt: number; readonly repeat?: TimerRepeat };
}

export interface TimerRepeat {
  /** The cycle as written in the model (R3/PT1H or a cron expression). */
  readonly cycle: string;
  /** Occurrences left after the scheduled one, or null for unbounded. */
  readonly remaining: number | null;
}

export type Command =
  | StartCommand
  | OperatorCommand
  | {
      readonly type: 'complete-job';
      readonly instanceId: string;
      readonly jobId: string;
      readonly variables?: Variables;
      readonly startedAt?: number;
      readonly actor?: string;
    }
  | {
      readonly type: 'fail-job';
      readonly instanceId: string;
      readonly jobId: string;
      readonly error: string;
      readonly retries: number;
      readonly retryAt: number;
      readonly startedAt?: number;
    }
  | {
      readonly type: 'throw-error';
      readonly instanceId: string;
      readonly jobId: string;
      readonly errorCode: string;
      readonly message?: string;
      readonly variables?: Variables;
    }
  | {
      readonly type: 'task';
      readonly instanceId: string;
      readonly taskId: string;
      readonly action: TaskAction;
      readonly actor?: string;
      /**
       * The actor's groups, when the caller enforces who may work on the task: then only the
       * assignee, or a candidate of an unassigned task, may claim, start or complete it.
       */
      readonly actorGroups?: readonly string[];
      readonly reason?: string;
    }
  | {
      readonly type: 'fire-timer';
      readonly instanceId: string;
      readonly timerId: string;
      readonly dueAt?: number;
      readonly repeat?: TimerRepeat;
    }
  | {
      readonly type: 'signal-received';
      readonly instanceId: string;
      readonly subscriptionId: string;
      readonly signalName: string;
      readonly variables?: Variables;
    }
  | {
      readonly type: 'correlate-message';
      readonly instanceId: string;
      readonly subscriptionId: string;
      readonly messageName: string;
      readonly variables?: Variables;
    }
  | {
      readonly type: 'child-completed';
      readonly instanceId: string;
      readonly tokenId: string;
      readonly childId: string;
      readonly variables: Variables;
    }
  | {
      readonly type: 'child-failed';
      readonly instanceId: string;
      readonly tokenId: string;
      readonly childId: string;
      readonly errorCode: string;
      readonly message?: string;
    }
  | {
      readonly type: 'cancel';
      readonly instanceId: string;
      readonly actor?: string;
      readonly reason?: string;
    }
  | {
      /** WCP-15: more items for a running multi-instance activity, each run as one more instance. */
      readonly type: 'add-instances';
      readonly instanceId: string;
      readonly elementId: string;
      readonly items: readonly unknown[];
      readonly actor?: string;
    }
  | {
      /** WCP-17/40: start these offered activities of a running ad-hoc subprocess whose activation is chosen. */
      readonly type: 'activate-ad-hoc';
      readonly instanceId: string;
      readonly elementId: string;
      readonly activityIds: readonly string[];
      readonly actor?: string;
    }
  | {
      readonly type: 'retry-incident';
      readonly instanceId: string;
      readonly incidentId: string;
      readonly retries: number;
      readonly actor?: string;
    };

export type CommandType = Command['type'];

// ---- effects -----------------------------------------------------------------------------

export interface JobEffect {
  readonly kind: 'create-job';
  readonly jobId: string;
  readonly tokenId: string;
  readonly elementId: string;
  readonly type: string;
  readonly retries: number;
  readonly variables: Variables;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TaskEffect {
  readonly kind: 'create-task';
  readonly taskId: string;
  readonly tokenId: string;
  readonly elementId: string;
  readonly name?: string;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly dueAt?: number;
  readonly followUpAt?: number;
  readonly priority?: number;
  readonly formKey?: string;
  readonly variables: Variables;
}

/**
 * What must happen after commit, written to the outbox tables in the step's transaction.
 * `send-command` delivers a command to another instance (start a child, report to a parent)
 * through the durable inbox.
 */
export type Effect =
  | JobEffect
  | {
      readonly kind: 'retry-job';
      readonly jobId: string;
      readonly retries: number;
      readonly retryAt: number;
      readonly error: string;
    }
  | { readonly kind: 'delete-job'; readonly jobId: string }
  | TaskEffect
  | { readonly kind: 'update-task'; readonly taskId: string; readonly set: TaskChange }
  | {
      readonly kind: 'close-task';
      readonly taskId: string;
      readonly outcome: 'completed' | 'cancelled' | 'skipped' | 'failed';
      readonly actor?: string;
    }
  | {
      readonly kind: 'add-comment';
      readonly commentId: string;
      readonly taskId: string;
      readonly actor?: string;
      readonly text: string;
    }
  | {
      readonly kind: 'schedule-timer';
      readonly timerId: string;
      readonly tokenId?: string;
      readonly elementId: string;
      readonly dueAt: number;
      readonly repeat?: TimerRepeat;
      readonly start?: { readonly processId: string; readonly version: number };
    }
  | { readonly kind: 'cancel-timer'; readonly timerId: string }
  | {
      readonly kind: 'subscribe-message';
      /** Signals are broadcast to every subscriber; messages go to one. */
      readonly channel?: 'signal';
      readonly subscriptionId: string;
      readonly tokenId: string;
      readonly elementId: string;
      readonly name: string;
      readonly correlationKey?: string;
    }
  | { readonly kind: 'unsubscribe-message'; readonly subscriptionId: string }
  | {
      readonly kind: 'broadcast-signal';
      readonly signalId: string;
      readonly name: string;
      readonly variables?: Variables;
    }
  | { readonly kind: 'send-command'; readonly id: string; readonly command: Command }
  | NotifyEffect
  | OperatorEffect
  | {
      readonly kind: 'raise-incident';
      readonly incidentId: string;
      readonly jobId: string;
      readonly elementId: string;
      readonly message: string;
    }
  | {
      readonly kind: 'resolve-incident';
      readonly incidentId: string;
      readonly jobId: string;
      readonly retries: number;
    };

export type EffectKind = Effect['kind'];

/** The columns of a task row a lifecycle operation changes (null clears one). */
export interface TaskChange {
  readonly assignee?: string | null;
  readonly owner?: string | null;
  readonly candidateUsers?: readonly string[];
  readonly candidateGroups?: readonly string[];
  readonly startedAt?: number;
  readonly suspended?: boolean;
  readonly priority?: number;
  readonly dueAt?: number | null;
  readonly followUpAt?: number | null;
}

// ---- history -----------------------------------------------------------------------------

/**
 * Append-only history. Element lifecycle: `element.enabled` (task created or offered),
 * `element.started` (claimed or begun), `element.completed`, `element.cancelled`,
 * `element.failed`. Events and gateways, which take no time, emit `element.completed` only.
 */
export type HistoryType =
  | 'instance.started'
  | 'instance.completed'
  | 'instance.terminated'
  | 'instance.failed'
  | 'element.enabled'
  | 'element.started'
  | 'element.completed'
  | 'element.cancelled'
  | 'element.failed'
  | 'task.claimed'
  | 'task.unclaimed'
  | 'task.delegated'
  | 'task.resolved'
  | 'task.reassigned'
  | 'task.forwarded'
  | 'task.escalated'
  | 'task.suspended'
  | 'task.resumed'
  | 'task.skipped'
  | 'task.failed'
  | 'task.commented'
  | 'task.updated'
  | 'task.allocated'
  | 'task.offered'
  | 'task.sla-reminded'
  | 'task.sla-breached'
  | 'task.sla-escalated'
  | 'task.sla-paused'
  | 'task.sla-resumed'
  | 'task.attached'
  | 'task.redone'
  | 'task.approved'
  | 'task.predone'
  | 'job.failed'
  | 'variables.changed'
  | 'timer.fired'
  | 'message.correlated'
  | 'signal.received'
  | 'signal.thrown'
  | 'error.thrown'
  | 'escalation.caught'
  | 'compensation.thrown'
  | 'multi-instance.extended'
  | 'ad-hoc.activated'
  | 'incident.raised'
  | 'incident.resolved'
  | 'instance.migrated'
  | 'instance.modified'
  | 'instance.suspended'
  | 'instance.resumed';

export interface HistoryEvent {
  readonly at: number;
  readonly instanceId: string;
  readonly processId: string;
  readonly version: number;
  readonly type: HistoryType;
  readonly elementId?: string;
  readonly elementType?: string;
  readonly tokenId?: string;
  readonly actor?: string;
  readonly data?: Record<string, unknown>;
}

/** A stored history event: the store numbers events in commit order. */
export interface StoredHistoryEvent extends HistoryEvent {
  readonly seq: number;
}

// ---- the step ----------------------------------------------------------------------------

export interface StepContext {
  readonly now: number;
  newId(): string;
}

export interface StepResult {
  readonly state: InstanceState;
  readonly events: HistoryEvent[];
  readonly effects: Effect[];
}

/** A command that does not apply to the state it was given (a user error, not a failure). */
export class CommandRejected extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'CommandRejected';
  }
}
