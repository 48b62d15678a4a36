/**
 * What the engine's task router decides for a user task at the edge (it reads the directory,
 * calendars and case history) and hands to the pure core in an `allocate` action: who gets the
 * task, why, its RACI parties resolved to people, and its SLA ladder as instants. The core only
 * applies the decision, arms one durable timer per ladder step and acts when they fire.
 */

/** One step of an SLA ladder, with its parties already resolved to user ids. */
export interface SlaStepPlan {
  readonly percent: number;
  readonly at: number;
  /** The 100% step: reaching it is a breach (`task.sla-breached`). */
  readonly breach: boolean;
  readonly remind: readonly string[];
  readonly notify: readonly string[];
  readonly reassignTo?: string;
  readonly raisePriority?: number;
}

export interface SlaPlan {
  /** When the clock started (task creation). */
  readonly startedAt: number;
  readonly dueAt: number;
  readonly steps: readonly SlaStepPlan[];
}

/** The task's RACI parties as people (and groups), for escalation, notification and the task view. */
export interface RaciPeople {
  readonly responsible: { readonly users: readonly string[]; readonly groups: readonly string[] };
  readonly accountable?: string;
  readonly consulted: readonly string[];
  readonly informed: readonly string[];
  readonly consultedMustApprove?: boolean;
}

export interface AllocateAction {
  readonly op: 'allocate';
  /** Recompute only the SLA (after a pause ended); the allocation stands. */
  readonly replan?: boolean;
  readonly strategy?: string;
  readonly why?: string;
  readonly assignee?: string;
  readonly substituteFor?: string;
  readonly offer?: {
    readonly users: readonly string[];
    readonly groups: readonly string[];
    readonly excluded?: readonly string[];
  };
  /** Nobody could take it now: the offer stands for the candidates to claim when they can. */
  readonly unassigned?: boolean;
  readonly raci?: RaciPeople;
  readonly sla?: SlaPlan;
}

/** The SLA of an open task as the instance keeps it. */
export interface SlaHold {
  readonly startedAt: number;
  dueAt: number;
  steps: SlaStepPlan[];
  /** Timer id per pending step (by percent). */
  timers: Record<string, number>;
  /** Percent of the last step that fired. */
  reached?: number;
  pausedAt?: number;
  pauses: { readonly from: number; readonly to: number }[];
}

/** A notification the step writes to the outbox; the notifier sends it after commit. */
export interface NotifyEffect {
  readonly kind: 'notify';
  readonly notificationId: string;
  /** What makes it unique: task, kind, ladder step, recipient. Sent at most once per key. */
  readonly key: string;
  readonly user: string;
  readonly type: string;
  readonly taskId?: string;
  readonly data: Record<string, unknown>;
}
