/**
 * Assignment as data in and a decision out. A strategy is a value (from the model's
 * attributes or a rule); `assign` is a pure function of the strategy and a snapshot of the
 * world: the directory, open work per person, what happened in this case so far, and the time.
 * State that a strategy carries from one decision to the next (round robin's position) and
 * randomness come in with the context and go out with the decision.
 */
import type { DirectorySnapshot } from '../directory/directory-snapshot.js';

/** A required skill and the lowest level that will do. */
export interface SkillRequirement {
  readonly skill: string;
  readonly minLevel: number;
}

interface Fallback {
  /** Tried when this strategy finds nobody, with the same exclusions. */
  readonly fallback?: Strategy;
}

export type Strategy = Fallback &
  (
    | { readonly kind: 'direct'; readonly user?: string }
    | { readonly kind: 'role' }
    | { readonly kind: 'round-robin' }
    | { readonly kind: 'shortest-queue' }
    | { readonly kind: 'capability'; readonly skills: readonly SkillRequirement[] }
    | { readonly kind: 'history'; readonly activities?: readonly string[] }
    | { readonly kind: 'organisational' }
    | { readonly kind: 'random' }
    | {
        readonly kind: 'separation-of-duties';
        readonly activities: readonly string[];
        readonly then: Strategy;
      }
  );

export type StrategyKind = Strategy['kind'];

export const strategyKinds = [
  'direct',
  'role',
  'round-robin',
  'shortest-queue',
  'capability',
  'history',
  'organisational',
  'random',
  'separation-of-duties',
] as const satisfies readonly StrategyKind[];

export interface AssignmentTask {
  readonly id?: string;
  /** The activity (element id) the task belongs to. */
  readonly activityId?: string;
  /** Who started the case: the organisational strategy asks for their supervisor. */
  readonly initiator?: string;
  /** An assignee the model names (zeebe:assignee): the direct strategy's default. */
  readonly assignee?: string;
}

/** Who may do the task: the model's candidate users and groups (RACI's Responsible). */
export interface Candidates {
  readonly users?: readonly string[];
  readonly groups?: readonly string[];
}

/** Someone did an activity of this case. */
export interface CaseStep {
  readonly activityId: string;
  readonly userId: string;
  readonly at?: number;
}

export interface RoundRobinState {
  /** The person the previous decision chose. */
  readonly last?: string;
}

/**
 * How working hours count: `require` never assigns to someone off duty; `prefer` (the
 * default) chooses among those at work when anyone is, else among everyone otherwise
 * available, so work arriving at night still lands with someone; `ignore` skips the check.
 */
export type WorkingHoursPolicy = 'require' | 'prefer' | 'ignore';

export interface AssignmentContext {
  readonly task: AssignmentTask;
  readonly candidates: Candidates;
  readonly directory: DirectorySnapshot;
  /** Open tasks each person holds now; missing means none. */
  readonly openTasks: ReadonlyMap<string, number>;
  /** Who did which activity of this case, oldest first. */
  readonly caseHistory?: readonly CaseStep[];
  readonly now: number;
  readonly roundRobin?: RoundRobinState;
  /** Uniform in [0, 1); the random strategy needs it (see seededRandom). */
  readonly random?: () => number;
  readonly workingHours?: WorkingHoursPolicy;
}

/** Why a person was passed over. */
export const exclusionReasons = [
  'unknown',
  'inactive',
  'absent',
  'at-capacity',
  'off-duty',
  'separated',
  'unqualified',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export type Assignment =
  | {
      readonly kind: 'assigned';
      readonly assignee: string;
      /** The absent person whose place the assignee takes. */
      readonly substituteFor?: string;
      readonly strategy: StrategyKind;
      readonly why: string;
      readonly roundRobin?: RoundRobinState;
    }
  | {
      readonly kind: 'offered';
      readonly offeredTo: { readonly users: readonly string[]; readonly groups: readonly string[] };
      /** Members of the offered groups who must not claim the task (separation of duties). */
      readonly excluded?: readonly string[];
      readonly strategy: StrategyKind;
      readonly why: string;
    }
  | { readonly kind: 'unassigned'; readonly unassigned: string; readonly strategy: StrategyKind };
