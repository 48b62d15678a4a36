/**
 * Service levels as data. An SLA gives a task (or a whole case) so much time, counted in
 * working time on a calendar or in plain calendar time, on a clock that can be paused (while
 * waiting for the customer). An escalation ladder says what happens as the clock runs: at 75%
 * remind the assignee; at 100% notify the accountable, reassign to the supervisor, raise the
 * priority. The engine turns the ladder's instants into timers.
 */

/** Who an escalation addresses; the engine resolves parties with the task's RACI and the directory. */
export type Party =
  | 'assignee'
  | 'candidates'
  | 'responsible'
  | 'accountable'
  | 'consulted'
  | 'informed'
  | 'supervisor'
  | { readonly user: string }
  | { readonly group: string };

export type EscalationAction =
  /** A nudge to the people doing the work. */
  | { readonly kind: 'remind'; readonly to: Party }
  /** Word to others that the task is late or at risk. */
  | { readonly kind: 'notify'; readonly to: Party }
  /** The task moves: to one person directly, or offered to a group. */
  | { readonly kind: 'reassign'; readonly to: Party }
  | { readonly kind: 'raise-priority'; readonly by: number };

export interface EscalationStep {
  /** Share of the SLA used up, in percent; may exceed 100 (150: half as long again). */
  readonly percent: number;
  readonly actions: readonly EscalationAction[];
}

/** `working`: the clock runs in working hours of a calendar; `calendar`: it runs 24/7. */
export type SlaClock = 'working' | 'calendar';

/** Whose calendar a working clock follows; the engine picks the calendar and passes it in. */
export type SlaCalendarRef = 'assignee' | 'team' | { readonly id: string };

export interface Sla {
  /** The time allowed, in milliseconds of the clock. */
  readonly duration: number;
  readonly clock: SlaClock;
  readonly calendar?: SlaCalendarRef;
  readonly ladder: readonly EscalationStep[];
}

/** A time the clock was stopped; `to` is absent while it still is. */
export interface Pause {
  readonly from: number;
  readonly to?: number;
}

export interface SlaDeadline {
  readonly percent: number;
  readonly at: number;
  readonly actions: readonly EscalationAction[];
  /** The 100% deadline: the SLA is breached from this instant; the engine records it. */
  readonly breach: boolean;
}

export interface SlaStatus {
  /** Clock time used so far, in milliseconds. */
  readonly elapsed: number;
  /** Clock time left; negative once breached (by how much it is overdue). */
  readonly remaining: number;
  readonly percent: number;
  readonly breached: boolean;
  readonly paused: boolean;
  /** When the SLA is (or was) breached; absent while paused before that point. */
  readonly dueAt?: number;
  /** The next step of the ladder still ahead, when its instant is known. */
  readonly next?: SlaDeadline;
}

/** At 75% remind the assignee; at 100% notify the accountable, reassign to the supervisor, raise the priority. */
export const defaultLadder: readonly EscalationStep[] = Object.freeze([
  { percent: 75, actions: [{ kind: 'remind', to: 'assignee' }] },
  {
    percent: 100,
    actions: [
      { kind: 'notify', to: 'accountable' },
      { kind: 'reassign', to: 'supervisor' },
      { kind: 'raise-priority', by: 1 },
    ],
  },
] as const satisfies readonly EscalationStep[]);
