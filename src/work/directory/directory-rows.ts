/** Records to rows and back. Empty columns are null in the database and absent in records. */
import type { HolidayType, WeeklyHours, WorkCalendar } from '../calendar/calendar-types.js';
import type { AbsenceRow, CalendarRow, GroupRow, UserRow } from './directory-tables.js';
import type { Absence, Group, GroupKind, User } from './directory-types.js';

const some = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export const userRow = (u: User): UserRow => ({
  id: u.id,
  name: u.name,
  email: u.email ?? null,
  time_zone: u.timeZone ?? null,
  capacity: u.capacity ?? null,
  active: u.active ? 1 : 0,
  calendar_id: u.calendarId ?? null,
});

export const userRecord = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  ...some('email', r.email),
  ...some('timeZone', r.time_zone),
  ...some('capacity', r.capacity === null ? null : Number(r.capacity)),
  active: Number(r.active) === 1,
  ...some('calendarId', r.calendar_id),
});

export const groupRow = (g: Group): GroupRow => ({
  id: g.id,
  name: g.name,
  kind: g.kind,
  supervisor_id: g.supervisorId ?? null,
  parent_id: g.parentId ?? null,
  calendar_id: g.calendarId ?? null,
});

export const groupRecord = (r: GroupRow): Group => ({
  id: r.id,
  name: r.name,
  kind: r.kind as GroupKind,
  ...some('supervisorId', r.supervisor_id),
  ...some('parentId', r.parent_id),
  ...some('calendarId', r.calendar_id),
});

export const calendarRow = (c: WorkCalendar): CalendarRow => ({
  id: c.id,
  name: c.name ?? null,
  time_zone: c.timeZone,
  week: JSON.stringify(c.week),
  holiday_country: c.holidays?.country ?? null,
  holiday_region: c.holidays?.region ?? null,
  holiday_types: c.holidays?.types ? c.holidays.types.join(',') : null,
  closed_dates: JSON.stringify(c.closedDates ?? []),
});

export const calendarRecord = (r: CalendarRow): WorkCalendar => {
  const closedDates = JSON.parse(r.closed_dates) as string[];
  return {
    id: r.id,
    ...some('name', r.name),
    timeZone: r.time_zone,
    week: JSON.parse(r.week) as WeeklyHours,
    ...(r.holiday_country !== null && {
      holidays: {
        country: r.holiday_country,
        ...some('region', r.holiday_region),
        ...some('types', r.holiday_types === null ? null : (r.holiday_types.split(',') as HolidayType[])),
      },
    }),
    ...(closedDates.length > 0 && { closedDates }),
  };
};

export const absenceRow = (a: Absence): AbsenceRow => ({
  id: a.id,
  user_id: a.userId,
  starts: a.from,
  ends: a.to,
  substitute_id: a.substituteId ?? null,
  reason: a.reason ?? null,
});

export const absenceRecord = (r: AbsenceRow): Absence => ({
  id: r.id,
  userId: r.user_id,
  from: r.starts,
  to: r.ends,
  ...some('substituteId', r.substitute_id),
  ...some('reason', r.reason),
});
