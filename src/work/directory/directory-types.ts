/**
 * The directory as data: who works here, in which roles and teams, with which skills, on which
 * calendar, and when they are away. Plain JSON-safe records, shared by the repository, the
 * importers, the assignment snapshot and the CLI.
 */
import type { WorkCalendar } from '../calendar/calendar-types.js';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  /** IANA zone the person reads times in (notifications); working hours follow their calendar. */
  readonly timeZone?: string;
  /** Open tasks the person can hold at once; absent means no limit. */
  readonly capacity?: number;
  /** Inactive people keep their history but receive no new work. */
  readonly active: boolean;
  /** Their own calendar; without one they work on their first team's calendar. */
  readonly calendarId?: string;
}

/** Roles say what someone may do (approver); teams say where they belong (service desk). */
export const groupKinds = ['role', 'team'] as const;
export type GroupKind = (typeof groupKinds)[number];

export interface Group {
  readonly id: string;
  readonly name: string;
  readonly kind: GroupKind;
  /** Receives escalations for the group's work, and is its members' supervisor. */
  readonly supervisorId?: string;
  /** The enclosing group (a team within a department): where escalation goes next. */
  readonly parentId?: string;
  /** The team's calendar, for members without their own and for team SLAs. */
  readonly calendarId?: string;
}

export interface Membership {
  readonly userId: string;
  readonly groupId: string;
}

export const MIN_SKILL_LEVEL = 0;
export const MAX_SKILL_LEVEL = 5;

/** A skill at a level from 0 (aware of it) to 5 (the expert others ask). */
export interface Skill {
  readonly userId: string;
  readonly skill: string;
  readonly level: number;
}

/**
 * Time away. `from` and `to` are either dates 'YYYY-MM-DD' (whole days, both included, in the
 * person's calendar zone) or instants with an offset ('2025-03-27T12:00:00+01:00').
 */
export interface Absence {
  readonly id: string;
  readonly userId: string;
  readonly from: string;
  readonly to: string;
  /** Who takes the person's place for new work while they are away. */
  readonly substituteId?: string;
  readonly reason?: string;
}

export interface DirectoryData {
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly memberships: readonly Membership[];
  readonly skills: readonly Skill[];
  readonly calendars: readonly WorkCalendar[];
  readonly absences: readonly Absence[];
}

export const emptyDirectory: DirectoryData = Object.freeze({
  users: [],
  groups: [],
  memberships: [],
  skills: [],
  calendars: [],
  absences: [],
});

/**
 * One batch of writes, applied all or nothing. Records replace those with the same id.
 * Memberships and skills are added (a skill's level is set); listing a user or group under
 * `replace` first drops its memberships or skills, which is how an import keeps a person's
 * groups exactly as the source system says.
 */
export interface DirectoryChanges {
  readonly users?: readonly User[];
  readonly groups?: readonly Group[];
  readonly calendars?: readonly WorkCalendar[];
  readonly absences?: readonly Absence[];
  readonly memberships?: readonly Membership[];
  readonly skills?: readonly Skill[];
  readonly replace?: {
    readonly membershipsOfUsers?: readonly string[];
    readonly membershipsOfGroups?: readonly string[];
    readonly skillsOfUsers?: readonly string[];
  };
  readonly remove?: {
    readonly memberships?: readonly Membership[];
    readonly skills?: readonly Pick<Skill, 'userId' | 'skill'>[];
    readonly absences?: readonly string[];
  };
}

export interface ChangeSummary {
  readonly users: number;
  readonly groups: number;
  readonly calendars: number;
  readonly absences: number;
  readonly memberships: number;
  readonly skills: number;
}
