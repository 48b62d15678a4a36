/**
 * The directory repository: read people, groups, skills, calendars and absences, and apply a
 * batch of changes all or nothing. Two implementations keep the same contract: one over the
 * store's database (kysely-directory.ts) and one in memory (memory-directory.ts) for tests and
 * simulations; one test suite runs against both.
 */
import type { WorkCalendar } from '../calendar/calendar-types.js';
import type { DirectoryProblem, Origin } from './directory-checks.js';
import type {
  Absence,
  ChangeSummary,
  DirectoryChanges,
  DirectoryData,
  Group,
  GroupKind,
  Membership,
  Skill,
  User,
} from './directory-types.js';

export interface UserFilter {
  /** Members of this group. */
  readonly groupId?: string;
  readonly active?: boolean;
}

export interface GroupFilter {
  readonly kind?: GroupKind;
  /** Groups this user belongs to. */
  readonly userId?: string;
}

export interface Directory {
  user(id: string): Promise<User | undefined>;
  /** Ordered by id. */
  users(filter?: UserFilter): Promise<User[]>;
  group(id: string): Promise<Group | undefined>;
  groups(filter?: GroupFilter): Promise<Group[]>;
  memberships(filter?: { readonly userId?: string; readonly groupId?: string }): Promise<Membership[]>;
  skills(filter?: { readonly userId?: string; readonly skill?: string }): Promise<Skill[]>;
  calendar(id: string): Promise<WorkCalendar | undefined>;
  calendars(): Promise<WorkCalendar[]>;
  absences(filter?: { readonly userId?: string }): Promise<Absence[]>;
  /**
   * Checks the batch against itself and what is stored, then writes it in one transaction.
   * Throws DirectoryError, writing nothing, when any check fails; `origin` tells problems
   * where an imported record came from.
   */
  apply(changes: DirectoryChanges, options?: ApplyOptions): Promise<ChangeSummary>;
  /** Everything, for building an assignment snapshot. */
  load(): Promise<DirectoryData>;
}

export interface ApplyOptions {
  readonly origin?: (record: object) => Origin | undefined;
}

/** The batch was refused; `problems` says what to fix. Nothing was written. */
export class DirectoryError extends Error {
  constructor(readonly problems: readonly DirectoryProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `the directory changes were refused: ${errors.length} problem${errors.length === 1 ? '' : 's'}, ` +
        `first: ${errors[0] ? describeProblem(errors[0]) : 'none'}`,
    );
    this.name = 'DirectoryError';
  }
}

/** `users.csv line 4: user 'bob' capacity: capacity must be ...` */
export function describeProblem(problem: DirectoryProblem): string {
  const where = [
    problem.file,
    problem.line !== undefined ? `line ${problem.line}` : undefined,
    problem.path,
  ].filter((part) => part !== undefined);
  const subject = `${problem.entity}${problem.id !== undefined ? ` '${problem.id}'` : ''} ${problem.field}`;
  return `${where.length > 0 ? `${where.join(' ')}: ` : ''}${subject}: ${problem.message}`;
}

export const summaryOf = (changes: DirectoryChanges): ChangeSummary => ({
  users: changes.users?.length ?? 0,
  groups: changes.groups?.length ?? 0,
  calendars: changes.calendars?.length ?? 0,
  absences: changes.absences?.length ?? 0,
  memberships: changes.memberships?.length ?? 0,
  skills: changes.skills?.length ?? 0,
});

export const byId = <T extends { readonly id: string }>(a: T, b: T): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
