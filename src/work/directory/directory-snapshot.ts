/**
 * The directory indexed for decisions: maps instead of queries, calendars compiled once, and
 * absences resolved to instants. Assignment reads only this, so a decision among a thousand
 * people is a few map lookups each. Build one when the directory changes, not per decision.
 */
import type { Interval, WorkCalendar } from '../calendar/calendar-types.js';
import type { HolidayLookup } from '../calendar/holidays.js';
import { type WorkingCalendar, withAbsences, workingCalendar } from '../calendar/working-calendar.js';
import { absenceInterval, absenceProblem } from './absence-times.js';
import type { DirectoryData, Group, User } from './directory-types.js';

export interface AbsencePeriod extends Interval {
  readonly substituteId?: string;
}

/** What a decision needs to know about one person, gathered once per snapshot. */
export interface PersonFacts {
  readonly user: User;
  /** See `DirectorySnapshot.hoursOf`. */
  readonly hours: WorkingCalendar | undefined;
  /** Position of `hours` in `DirectorySnapshot.hourCalendars`, -1 without. */
  readonly hoursIndex: number;
  readonly absences: readonly AbsencePeriod[] | undefined;
}

export interface DirectorySnapshot {
  readonly users: ReadonlyMap<string, User>;
  readonly groups: ReadonlyMap<string, Group>;
  /** Member ids per group, sorted. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Group ids per user, sorted. */
  readonly groupsOf: ReadonlyMap<string, readonly string[]>;
  /** Skill levels per user. */
  readonly skills: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Absences per user as instants, sorted by start. */
  readonly absences: ReadonlyMap<string, readonly AbsencePeriod[]>;
  readonly calendars: ReadonlyMap<string, WorkingCalendar>;
  /**
   * The calendar whose hours a person keeps: their own, else that of their first team (by id)
   * that has one, else the default. Undefined: no hours are known, the person counts as always
   * at work. Absences are not in it; see `personalCalendar`.
   */
  hoursOf(userId: string): WorkingCalendar | undefined;
  /** The person's hours with their absences taken out, for SLAs on the assignee's calendar. */
  personalCalendar(userId: string): WorkingCalendar | undefined;
  /** A team's calendar, its parent's when it has none, else the default. */
  teamCalendar(groupId: string): WorkingCalendar | undefined;
  /** The absence a person is on at `at`, if any. */
  absenceAt(userId: string, at: number): AbsencePeriod | undefined;
  /** One lookup for everything a decision checks about a person. */
  person(userId: string): PersonFacts | undefined;
  /**
   * Candidate users, then the members of candidate groups, each once. Remembered per list of
   * candidates: the same groups are asked for again and again, and a snapshot does not change.
   */
  expand(users: readonly string[], groups: readonly string[]): Expansion;
  /** The distinct calendars people keep hours by; `PersonFacts.hoursIndex` points in here. */
  readonly hourCalendars: readonly WorkingCalendar[];
}

/** Candidate ids and, at the same positions, what is known of them (undefined: unknown id). */
export interface Expansion {
  readonly ids: readonly string[];
  readonly people: readonly (PersonFacts | undefined)[];
}

export interface SnapshotOptions {
  /** Calendar for people and teams that have none. */
  readonly defaultCalendarId?: string;
  /** Replaces holiday rules (simulation with a fixed list, tests). */
  readonly holidays?: (calendar: WorkCalendar) => HolidayLookup | undefined;
}

export function directorySnapshot(data: DirectoryData, options: SnapshotOptions = {}): DirectorySnapshot {
  const users = new Map(data.users.map((u) => [u.id, u]));
  const groups = new Map(data.groups.map((g) => [g.id, g]));
  const members = new Map<string, string[]>();
  const groupsOf = new Map<string, string[]>();
  for (const { userId, groupId } of data.memberships) {
    let list = members.get(groupId);
    if (!list) members.set(groupId, (list = []));
    list.push(userId);
    let mine = groupsOf.get(userId);
    if (!mine) groupsOf.set(userId, (mine = []));
    mine.push(groupId);
  }
  for (const list of [...members.values(), ...groupsOf.values()]) list.sort();

  const skills = new Map<string, Map<string, number>>();
  for (const { userId, skill, level } of data.skills) {
    let mine = skills.get(userId);
    if (!mine) skills.set(userId, (mine = new Map<string, number>()));
    mine.set(skill, level);
  }

  const calendars = new Map<string, WorkingCalendar>();
  for (const calendar of data.calendars) {
    const holidays = options.holidays?.(calendar);
    calendars.set(calendar.id, workingCalendar(calendar, holidays ? { holidays } : {}));
  }
  const fallback =
    options.defaultCalendarId !== undefined ? calendars.get(options.defaultCalendarId) : undefined;

  const teamCalendar = (groupId: string): WorkingCalendar | undefined => {
    const seen = new Set<string>();
    for (
      let id: string | undefined = groupId;
      id !== undefined && !seen.has(id);
      id = groups.get(id)?.parentId
    ) {
      seen.add(id);
      const calendarId = groups.get(id)?.calendarId;
      if (calendarId !== undefined && calendars.has(calendarId)) return calendars.get(calendarId);
    }
    return fallback;
  };

  const hours = new Map<string, WorkingCalendar | undefined>();
  const hoursOf = (userId: string): WorkingCalendar | undefined => {
    if (hours.has(userId)) return hours.get(userId);
    const own = users.get(userId)?.calendarId;
    let calendar = own !== undefined ? calendars.get(own) : undefined;
    for (const groupId of groupsOf.get(userId) ?? []) {
      if (calendar) break;
      if (groups.get(groupId)?.kind === 'team') calendar = teamCalendar(groupId);
    }
    calendar ??= fallback;
    hours.set(userId, calendar);
    return calendar;
  };

  // Absences are read in the zone of the person's calendar, else their own zone, else UTC.
  const absences = new Map<string, AbsencePeriod[]>();
  for (const absence of data.absences) {
    if (absenceProblem(absence)) continue;
    const zone = hoursOf(absence.userId)?.timeZone ?? users.get(absence.userId)?.timeZone ?? 'UTC';
    const period: AbsencePeriod = {
      ...absenceInterval(absence, zone),
      ...(absence.substituteId !== undefined && { substituteId: absence.substituteId }),
    };
    let list = absences.get(absence.userId);
    if (!list) absences.set(absence.userId, (list = []));
    list.push(period);
  }
  for (const list of absences.values()) list.sort((a, b) => a.start - b.start);

  const hourCalendars: WorkingCalendar[] = [];
  const people = new Map<string, PersonFacts>();
  for (const user of data.users) {
    const hours = hoursOf(user.id);
    let hoursIndex = hours ? hourCalendars.indexOf(hours) : -1;
    if (hours && hoursIndex < 0) hoursIndex = hourCalendars.push(hours) - 1;
    people.set(user.id, { user, hours, hoursIndex, absences: absences.get(user.id) });
  }

  const expansions = new Map<string, Expansion>();
  const expand = (userIds: readonly string[], groupIds: readonly string[]): Expansion => {
    const key = `${userIds.join(',')};${groupIds.join(',')}`;
    let expansion = expansions.get(key);
    if (!expansion) {
      const set = new Set(userIds);
      for (const groupId of groupIds) for (const userId of members.get(groupId) ?? []) set.add(userId);
      const ids = Object.freeze([...set]);
      expansion = { ids, people: Object.freeze(ids.map((id) => people.get(id))) };
      if (expansions.size >= 1024) expansions.clear();
      expansions.set(key, expansion);
    }
    return expansion;
  };

  const personal = new Map<string, WorkingCalendar | undefined>();
  return {
    person: (userId) => people.get(userId),
    expand,
    hourCalendars,
    users,
    groups,
    members,
    groupsOf,
    skills,
    absences,
    calendars,
    hoursOf,
    teamCalendar,
    personalCalendar(userId) {
      if (personal.has(userId)) return personal.get(userId);
      const base = hoursOf(userId);
      const calendar = base && withAbsences(base, absences.get(userId) ?? []);
      personal.set(userId, calendar);
      return calendar;
    },
    absenceAt: (userId, at) => absenceIn(absences.get(userId), at),
  };
}

/** The period of `list` (sorted by start) that contains `at`. */
export function absenceIn(list: readonly AbsencePeriod[] | undefined, at: number): AbsencePeriod | undefined {
  if (!list) return undefined;
  for (const period of list) {
    if (period.start > at) return undefined;
    if (at < period.end) return period;
  }
  return undefined;
}
