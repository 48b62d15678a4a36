/** Row types of the directory tables (migration 0002-directory), for kysely's typed queries. */

export interface UserRow {
  id: string;
  name: string;
  email: string | null;
  time_zone: string | null;
  capacity: number | null;
  active: number;
  calendar_id: string | null;
}

export interface GroupRow {
  id: string;
  name: string;
  kind: string;
  supervisor_id: string | null;
  parent_id: string | null;
  calendar_id: string | null;
}

export interface MembershipRow {
  user_id: string;
  group_id: string;
}

export interface SkillRow {
  user_id: string;
  skill: string;
  level: number;
}

export interface CalendarRow {
  id: string;
  name: string | null;
  time_zone: string;
  /** JSON of WeeklyHours. */
  week: string;
  holiday_country: string | null;
  holiday_region: string | null;
  /** Comma-separated holiday types; null means the default (public). */
  holiday_types: string | null;
  /** JSON array of 'YYYY-MM-DD'. */
  closed_dates: string;
}

export interface AbsenceRow {
  id: string;
  user_id: string;
  starts: string;
  ends: string;
  substitute_id: string | null;
  reason: string | null;
}

export interface DirectoryTables {
  users: UserRow;
  groups: GroupRow;
  memberships: MembershipRow;
  skills: SkillRow;
  calendars: CalendarRow;
  absences: AbsenceRow;
}
