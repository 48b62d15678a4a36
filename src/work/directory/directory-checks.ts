/**
 * What must hold before changes reach the directory: well-formed records, references that
 * resolve (to the batch itself or to what is stored), no group that contains itself. Problems
 * name the record, the field and, for imports, the line or JSON path, so that a person can fix
 * the file without guessing.
 */
import { IANAZone } from 'luxon';
import { parseIsoDate } from '../calendar/civil-days.js';
import type { WorkCalendar } from '../calendar/calendar-types.js';
import { holidayRuleProblem } from '../calendar/holidays.js';
import { shiftProblem } from '../calendar/weekly-hours.js';
import { weekdays } from '../calendar/calendar-types.js';
import { absenceProblem } from './absence-times.js';
import { type DirectoryChanges, groupKinds, MAX_SKILL_LEVEL, MIN_SKILL_LEVEL } from './directory-types.js';

export type DirectoryEntity = 'user' | 'group' | 'membership' | 'skill' | 'calendar' | 'absence';

/** Where a record came from in an imported file. */
export interface Origin {
  readonly file?: string;
  readonly line?: number;
  /** JSON path, e.g. `users[3]`. */
  readonly path?: string;
}

export interface DirectoryProblem extends Origin {
  readonly severity: 'error' | 'warning';
  readonly entity: DirectoryEntity;
  readonly id?: string;
  readonly field: string;
  readonly message: string;
}

/** What the directory already holds, for references from the batch to resolve against. */
export interface KnownIds {
  readonly users: ReadonlySet<string>;
  /** Group ids with their parent, to find cycles that the batch would close. */
  readonly groups: ReadonlyMap<string, string | undefined>;
  readonly calendars: ReadonlySet<string>;
}

export const noKnownIds: KnownIds = { users: new Set(), groups: new Map(), calendars: new Set() };

/** Ids appear in lists ('alice, bob') and CSV cells, so they hold no spaces, commas or semicolons. */
const ID = /^[^\s,;]{1,200}$/;
const SKILL = /^[^\s,;:]{1,100}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function idProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return 'an id is required';
  if (!ID.test(id)) return `id '${id}' must be 1-200 characters without spaces, commas or semicolons`;
  return undefined;
}

export function checkChanges(
  changes: DirectoryChanges,
  known: KnownIds = noKnownIds,
  origin: (record: object) => Origin | undefined = () => undefined,
): DirectoryProblem[] {
  const problems: DirectoryProblem[] = [];
  const report = (
    entity: DirectoryEntity,
    record: object,
    id: string | undefined,
    field: string,
    message: string,
    severity: 'error' | 'warning' = 'error',
  ): void => {
    problems.push({ severity, entity, ...(id && { id }), field, message, ...origin(record) });
  };

  const users = new Set(known.users);
  const calendars = new Set(known.calendars);
  const parents = new Map(known.groups);
  const seen = (entity: DirectoryEntity, ids: Set<string>, record: object, id: string): void => {
    if (ids.has(id)) report(entity, record, id, 'id', `${entity} '${id}' appears twice in this batch`);
    ids.add(id);
  };

  const batchUsers = new Set<string>();
  for (const user of changes.users ?? []) {
    const problem = idProblem(user.id);
    if (problem) report('user', user, undefined, 'id', problem);
    else seen('user', batchUsers, user, user.id);
    users.add(user.id);
  }
  const batchCalendars = new Set<string>();
  for (const calendar of changes.calendars ?? []) {
    const problem = idProblem(calendar.id);
    if (problem) report('calendar', calendar, undefined, 'id', problem);
    else seen('calendar', batchCalendars, calendar, calendar.id);
    calendars.add(calendar.id);
  }
  const batchGroups = new Set<string>();
  for (const group of changes.groups ?? []) {
    const problem = idProblem(group.id);
    if (problem) report('group', group, undefined, 'id', problem);
    else seen('group', batchGroups, group, group.id);
    parents.set(group.id, group.parentId);
  }

  const userRef = (
    entity: DirectoryEntity,
    record: object,
    id: string | undefined,
    field: string,
    ref: string | undefined,
  ): void => {
    if (ref !== undefined && !users.has(ref)) report(entity, record, id, field, `no user '${ref}'`);
  };
  const calendarRef = (
    entity: DirectoryEntity,
    record: object,
    id: string,
    ref: string | undefined,
  ): void => {
    if (ref !== undefined && !calendars.has(ref))
      report(entity, record, id, 'calendar', `no calendar '${ref}'`);
  };

  for (const user of changes.users ?? []) {
    if (typeof user.name !== 'string' || user.name.trim() === '')
      report('user', user, user.id, 'name', 'a name is required');
    if (user.email !== undefined && !EMAIL.test(user.email)) {
      report('user', user, user.id, 'email', `'${user.email}' is not an e-mail address`);
    }
    if (user.timeZone !== undefined && !IANAZone.isValidZone(user.timeZone)) {
      report(
        'user',
        user,
        user.id,
        'timeZone',
        `'${user.timeZone}' is not an IANA time zone (e.g. Europe/Berlin)`,
      );
    }
    if (user.capacity !== undefined && !(Number.isInteger(user.capacity) && user.capacity >= 0)) {
      report(
        'user',
        user,
        user.id,
        'capacity',
        `capacity must be a whole number of tasks, 0 or more; got ${String(user.capacity)}`,
      );
    }
    if (typeof user.active !== 'boolean')
      report('user', user, user.id, 'active', 'active must be true or false');
    calendarRef('user', user, user.id, user.calendarId);
  }

  for (const group of changes.groups ?? []) {
    if (typeof group.name !== 'string' || group.name.trim() === '')
      report('group', group, group.id, 'name', 'a name is required');
    if (!(groupKinds as readonly string[]).includes(group.kind)) {
      report(
        'group',
        group,
        group.id,
        'kind',
        `kind must be one of ${groupKinds.join(', ')}; got '${String(group.kind)}'`,
      );
    }
    userRef('group', group, group.id, 'supervisor', group.supervisorId);
    if (group.parentId !== undefined && !parents.has(group.parentId)) {
      report('group', group, group.id, 'parent', `no group '${group.parentId}'`);
    }
    calendarRef('group', group, group.id, group.calendarId);
    const chain = new Set([group.id]);
    for (let up = group.parentId; up !== undefined; up = parents.get(up)) {
      if (chain.has(up)) {
        report('group', group, group.id, 'parent', `groups ${[...chain].join(' > ')} > ${up} form a cycle`);
        break;
      }
      chain.add(up);
    }
  }

  for (const membership of [...(changes.memberships ?? []), ...(changes.remove?.memberships ?? [])]) {
    const id = `${membership.userId}/${membership.groupId}`;
    userRef('membership', membership, id, 'user', membership.userId);
    if (!parents.has(membership.groupId))
      report('membership', membership, id, 'group', `no group '${membership.groupId}'`);
  }

  for (const skill of changes.skills ?? []) {
    const id = `${skill.userId}/${skill.skill}`;
    userRef('skill', skill, id, 'user', skill.userId);
    if (typeof skill.skill !== 'string' || !SKILL.test(skill.skill)) {
      report(
        'skill',
        skill,
        id,
        'skill',
        `skill name '${String(skill.skill)}' must be 1-100 characters without spaces, commas, colons or semicolons`,
      );
    }
    if (!(
      Number.isInteger(skill.level) &&
      skill.level >= MIN_SKILL_LEVEL &&
      skill.level <= MAX_SKILL_LEVEL
    )) {
      report(
        'skill',
        skill,
        id,
        'level',
        `level must be a whole number from ${MIN_SKILL_LEVEL} to ${MAX_SKILL_LEVEL}; got ${String(skill.level)}`,
      );
    }
  }

  for (const calendar of changes.calendars ?? []) {
    for (const { field, message, severity } of calendarProblems(calendar)) {
      report('calendar', calendar, calendar.id, field, message, severity);
    }
  }

  const batchAbsences = new Set<string>();
  for (const absence of changes.absences ?? []) {
    const problem = idProblem(absence.id);
    if (problem) report('absence', absence, undefined, 'id', problem);
    else seen('absence', batchAbsences, absence, absence.id);
    userRef('absence', absence, absence.id, 'user', absence.userId);
    const bounds = absenceProblem(absence);
    if (bounds) report('absence', absence, absence.id, bounds.field, bounds.message);
    userRef('absence', absence, absence.id, 'substitute', absence.substituteId);
    if (absence.substituteId !== undefined && absence.substituteId === absence.userId) {
      report('absence', absence, absence.id, 'substitute', 'a person cannot substitute for themselves');
    }
  }
  return problems;
}

/** Problems of one calendar on its own (zone, shifts, holiday rule, dates). */
export function calendarProblems(
  calendar: WorkCalendar,
): { field: string; message: string; severity: 'error' | 'warning' }[] {
  const problems: { field: string; message: string; severity: 'error' | 'warning' }[] = [];
  const error = (field: string, message: string): void => {
    problems.push({ field, message, severity: 'error' });
  };
  if (typeof calendar.timeZone !== 'string' || !IANAZone.isValidZone(calendar.timeZone)) {
    error('timeZone', `'${String(calendar.timeZone)}' is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  let shifts = 0;
  for (const [day, list] of Object.entries(calendar.week ?? {})) {
    if (!(weekdays as readonly string[]).includes(day)) {
      error('week', `'${day}' is not a weekday (mon, tue, wed, thu, fri, sat, sun)`);
      continue;
    }
    for (const shift of list ?? []) {
      const problem = shiftProblem(shift);
      if (problem) error(`week.${day}`, problem);
      else shifts++;
    }
  }
  if (shifts === 0 && problems.length === 0) {
    problems.push({
      field: 'week',
      message: 'the calendar has no working hours: nothing scheduled on it ever comes due',
      severity: 'warning',
    });
  }
  if (calendar.holidays) {
    const problem = holidayRuleProblem(calendar.holidays);
    if (problem) error('holidays', problem);
  }
  for (const date of calendar.closedDates ?? []) {
    if (parseIsoDate(date) === undefined) error('closedDates', `'${date}' is not a date YYYY-MM-DD`);
  }
  return problems;
}
