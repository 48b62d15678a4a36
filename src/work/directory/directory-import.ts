/**
 * Import of a directory from JSON or CSV into one batch of changes. Nothing is written here:
 * the result goes to `Directory.apply`, which checks references against what is stored and
 * writes all or nothing. Problems name the file, the line and the field.
 *
 * JSON: `{ "calendars": [...], "users": [...], "groups": [...], "memberships": [...],
 * "skills": [...], "absences": [...] }`, or a bare array of one kind. CSV: one kind per file,
 * a header row naming the columns. docs/work.md lists the fields of each kind.
 */
import type { HolidayType, Shift, WeeklyHours, WorkCalendar } from '../calendar/calendar-types.js';
import { holidayTypes, weekdays } from '../calendar/calendar-types.js';
import { parseWeeklyHours } from '../calendar/weekly-hours.js';
import { parseCsv, CsvSyntaxError } from './csv-table.js';
import type { DirectoryEntity, DirectoryProblem, Origin } from './directory-checks.js';
import type {
  Absence,
  DirectoryChanges,
  Group,
  GroupKind,
  Membership,
  Skill,
  User,
} from './directory-types.js';
import { fieldKey, type FieldSpec, kind, RecordReader, show } from './import-fields.js';
import { JsonSyntaxError, parseLocatedJson } from './located-json.js';

export const importKinds = ['users', 'groups', 'calendars', 'absences', 'skills', 'memberships'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface DirectoryImport {
  readonly changes: DirectoryChanges;
  /** Problems found while reading; the batch must not be applied while any is an error. */
  readonly problems: readonly DirectoryProblem[];
  /** Where each record of `changes` came from, for the checks that `apply` runs. */
  readonly origin: (record: object) => Origin | undefined;
}

export interface ImportOptions {
  /** Named in problems. */
  readonly file?: string;
  /** What a CSV file (or a bare JSON array) holds. */
  readonly kind?: ImportKind;
}

const FIELDS: Readonly<Record<ImportKind, readonly FieldSpec[]>> = {
  users: [
    { name: 'id' },
    { name: 'name' },
    { name: 'email', aliases: ['mail'] },
    { name: 'timeZone', aliases: ['tz', 'zone'] },
    { name: 'capacity' },
    { name: 'active' },
    { name: 'calendar', aliases: ['calendarId'] },
    { name: 'groups' },
    { name: 'skills' },
  ],
  groups: [
    { name: 'id' },
    { name: 'name' },
    { name: 'kind', aliases: ['type'] },
    { name: 'supervisor', aliases: ['supervisorId'] },
    { name: 'parent', aliases: ['parentId'] },
    { name: 'calendar', aliases: ['calendarId'] },
    { name: 'members' },
  ],
  calendars: [
    { name: 'id' },
    { name: 'name' },
    { name: 'timeZone', aliases: ['tz', 'zone'] },
    { name: 'week', aliases: ['hours', 'workingHours'] },
    { name: 'holidays' },
    { name: 'holidayTypes' },
    { name: 'closedDates', aliases: ['closed'] },
  ],
  absences: [
    { name: 'id' },
    { name: 'user', aliases: ['userId'] },
    { name: 'from', aliases: ['start', 'starts'] },
    { name: 'to', aliases: ['end', 'ends', 'until'] },
    { name: 'substitute', aliases: ['substituteId'] },
    { name: 'reason' },
  ],
  skills: [{ name: 'user', aliases: ['userId'] }, { name: 'skill' }, { name: 'level' }],
  memberships: [
    { name: 'user', aliases: ['userId'] },
    { name: 'group', aliases: ['groupId'] },
  ],
};

const ENTITY: Readonly<Record<ImportKind, DirectoryEntity>> = {
  users: 'user',
  groups: 'group',
  calendars: 'calendar',
  absences: 'absence',
  skills: 'skill',
  memberships: 'membership',
};

/** Collects records, their origins and the problems found while reading them. */
class Batch {
  readonly users: User[] = [];
  readonly groups: Group[] = [];
  readonly calendars: WorkCalendar[] = [];
  readonly absences: Absence[] = [];
  readonly memberships: Membership[] = [];
  readonly skills: Skill[] = [];
  readonly membershipsOfUsers: string[] = [];
  readonly membershipsOfGroups: string[] = [];
  readonly skillsOfUsers: string[] = [];
  readonly problems: DirectoryProblem[] = [];
  private readonly origins = new WeakMap<object, Origin>();

  constructor(readonly file: string | undefined) {}

  add<T extends object>(list: T[], record: T, origin: Origin): void {
    list.push(record);
    this.origins.set(record, origin);
  }

  result(): DirectoryImport {
    const nonEmpty = <K extends string, T>(key: K, list: readonly T[]): { [P in K]?: readonly T[] } =>
      (list.length > 0 ? { [key]: list } : {}) as { [P in K]?: readonly T[] };
    const replace = {
      ...nonEmpty('membershipsOfUsers', this.membershipsOfUsers),
      ...nonEmpty('membershipsOfGroups', this.membershipsOfGroups),
      ...nonEmpty('skillsOfUsers', this.skillsOfUsers),
    };
    return {
      changes: {
        ...nonEmpty('calendars', this.calendars),
        ...nonEmpty('users', this.users),
        ...nonEmpty('groups', this.groups),
        ...nonEmpty('memberships', this.memberships),
        ...nonEmpty('skills', this.skills),
        ...nonEmpty('absences', this.absences),
        ...(Object.keys(replace).length > 0 && { replace }),
      },
      problems: this.problems,
      origin: (record) => this.origins.get(record),
    };
  }

  fileProblem(message: string, origin: Origin, entity: DirectoryEntity = 'user', field = 'file'): void {
    this.problems.push({
      severity: 'error',
      entity,
      field,
      message,
      ...(this.file && { file: this.file }),
      ...origin,
    });
  }
}

/** Reads one record of `kind` into the batch. */
function readRecord(
  batch: Batch,
  kindOf: ImportKind,
  raw: Readonly<Record<string, unknown>>,
  origin: (field?: string) => Origin,
): void {
  const reader = new RecordReader(raw, ENTITY[kindOf], FIELDS[kindOf], origin, batch.problems);
  const here = origin();
  READERS[kindOf](reader, batch, here);
  reader.finish();
}

const READERS: Readonly<Record<ImportKind, (r: RecordReader, batch: Batch, origin: Origin) => void>> = {
  users(r, batch, origin) {
    const id = (r.id = r.text('id', true));
    const email = r.text('email');
    const timeZone = r.text('timeZone');
    const capacity = r.integer('capacity');
    const calendarId = r.text('calendar');
    const user: User = {
      id: id ?? '',
      name: r.text('name') ?? '',
      ...(email !== undefined && { email }),
      ...(timeZone !== undefined && { timeZone }),
      ...(capacity !== undefined && { capacity }),
      active: r.boolean('active', true),
      ...(calendarId !== undefined && { calendarId }),
    };
    if (id === undefined) return;
    batch.add(batch.users, user, origin);
    const groups = r.list('groups');
    if (groups) {
      batch.membershipsOfUsers.push(id);
      for (const groupId of groups) batch.add(batch.memberships, { userId: id, groupId }, origin);
    }
    const skills = readSkills(r, id);
    if (skills) {
      batch.skillsOfUsers.push(id);
      for (const skill of skills) batch.add(batch.skills, skill, origin);
    }
  },

  groups(r, batch, origin) {
    const id = (r.id = r.text('id', true));
    const kindText = r.text('kind') ?? 'team';
    const supervisorId = r.text('supervisor');
    const parentId = r.text('parent');
    const calendarId = r.text('calendar');
    const group: Group = {
      id: id ?? '',
      name: r.text('name') ?? '',
      kind: kindText.toLowerCase() as GroupKind,
      ...(supervisorId !== undefined && { supervisorId }),
      ...(parentId !== undefined && { parentId }),
      ...(calendarId !== undefined && { calendarId }),
    };
    if (id === undefined) return;
    batch.add(batch.groups, group, origin);
    const members = r.list('members');
    if (members) {
      batch.membershipsOfGroups.push(id);
      for (const userId of members) batch.add(batch.memberships, { userId, groupId: id }, origin);
    }
  },

  calendars(r, batch, origin) {
    const id = (r.id = r.text('id', true));
    const name = r.text('name');
    const timeZone = r.text('timeZone', true);
    const holidays = readHolidays(r);
    const closedDates = r.list('closedDates');
    const calendar: WorkCalendar = {
      id: id ?? '',
      ...(name !== undefined && { name }),
      timeZone: timeZone ?? '',
      week: readWeek(r),
      ...(holidays && { holidays }),
      ...(closedDates && closedDates.length > 0 && { closedDates }),
    };
    if (id !== undefined && timeZone !== undefined) batch.add(batch.calendars, calendar, origin);
  },

  absences(r, batch, origin) {
    const userId = r.text('user', true);
    const from = r.text('from', true);
    const to = r.text('to', true) ?? from;
    const id = (r.id = r.text('id') ?? (userId && from ? `${userId}-${from}` : undefined));
    const substituteId = r.text('substitute');
    const reason = r.text('reason');
    if (id === undefined || userId === undefined || from === undefined || to === undefined) return;
    batch.add(
      batch.absences,
      {
        id,
        userId,
        from,
        to,
        ...(substituteId !== undefined && { substituteId }),
        ...(reason !== undefined && { reason }),
      },
      origin,
    );
  },

  skills(r, batch, origin) {
    const userId = r.text('user', true);
    const skill = r.text('skill', true);
    r.id = userId && skill ? `${userId}/${skill}` : undefined;
    const level = r.integer('level');
    if (level === undefined && r.raw('level') === undefined) r.problem('level', 'level is required (0 to 5)');
    if (userId === undefined || skill === undefined || level === undefined) return;
    batch.add(batch.skills, { userId, skill, level }, origin);
  },

  memberships(r, batch, origin) {
    const userId = r.text('user', true);
    const groupId = r.text('group', true);
    if (userId === undefined || groupId === undefined) return;
    batch.add(batch.memberships, { userId, groupId }, origin);
  },
};

/** `{ "network": 3 }`, `[{ "skill": "network", "level": 3 }]` or 'network:3, linux:2'. */
function readSkills(r: RecordReader, userId: string): Skill[] | undefined {
  const value = r.raw('skills');
  if (value === undefined) return r.has('skills') ? [] : undefined;
  const pairs: [string, unknown][] = [];
  if (typeof value === 'string') {
    for (const item of value
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter((s) => s !== '')) {
      const match = /^([^:]+):\s*(.*)$/.exec(item);
      if (!match) {
        r.problem('skills', `'${item}' should be skill:level, e.g. network:3`);
        continue;
      }
      pairs.push([match[1]!.trim(), match[2]!.trim()]);
    }
  } else if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const entry = item as { skill?: unknown; level?: unknown } | null;
      if (entry === null || typeof entry !== 'object' || typeof entry.skill !== 'string') {
        r.problem('skills', 'each skill in a list must be { "skill": name, "level": 0-5 }');
        continue;
      }
      pairs.push([entry.skill, entry.level]);
    }
  } else if (typeof value === 'object') {
    pairs.push(...Object.entries(value as Record<string, unknown>));
  } else {
    r.problem('skills', `skills must be 'skill:level, ...' or an object of levels, not ${kind(value)}`);
  }
  const skills: Skill[] = [];
  for (const [skill, raw] of pairs) {
    const level = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof level !== 'number') {
      r.problem('skills', `skill '${skill}' has level ${show(raw)}; a level is a whole number from 0 to 5`);
      continue;
    }
    skills.push({ userId, skill, level });
  }
  return skills;
}

/** 'mon-fri 09:00-17:00; sat 10:00-14:00' or `{ "mon": [{ "from": "09:00", "to": "17:00" }] }`. */
function readWeek(r: RecordReader): WeeklyHours {
  const value = r.raw('week');
  if (value === undefined) {
    r.problem('week', "working hours are required, e.g. 'mon-fri 09:00-17:00'");
    return {};
  }
  if (typeof value === 'string') {
    const { week, problems } = parseWeeklyHours(value);
    for (const problem of problems) r.problem('week', problem);
    return week;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    r.problem(
      'week',
      `week must be text such as 'mon-fri 09:00-17:00' or an object of shifts by day, not ${kind(value)}`,
    );
    return {};
  }
  const week: Partial<Record<string, Shift[]>> = {};
  for (const [day, shifts] of Object.entries(value as Record<string, unknown>)) {
    if (!(weekdays as readonly string[]).includes(day)) {
      r.problem('week', `'${day}' is not a weekday (${weekdays.join(', ')})`);
      continue;
    }
    const list =
      typeof shifts === 'string' ? parseWeeklyHours(`${day} ${shifts}`).week[day as 'mon'] : shifts;
    if (
      !Array.isArray(list) ||
      list.some((s) => typeof (s as Shift)?.from !== 'string' || typeof (s as Shift)?.to !== 'string')
    ) {
      r.problem('week', `${day} must list shifts as [{ "from": "09:00", "to": "17:00" }] or '09:00-17:00'`);
      continue;
    }
    week[day] = (list as Shift[]).map((s) => ({ from: s.from, to: s.to }));
  }
  return week;
}

/** 'DE', 'DE-BY', 'DE/BY' or `{ "country": "DE", "region": "BY" }`; types from `holidayTypes`. */
function readHolidays(r: RecordReader): WorkCalendar['holidays'] {
  const value = r.raw('holidays');
  const typesList = r.list('holidayTypes');
  let rule: { country: string; region?: string; types?: HolidayType[] } | undefined;
  if (typeof value === 'string') {
    const [country, region] = value.trim().split(/[-/]/, 2);
    rule = { country: country!.toUpperCase(), ...(region && { region: region.toUpperCase() }) };
  } else if (value !== undefined && typeof value === 'object' && !Array.isArray(value)) {
    const { country, region, types } = value as { country?: unknown; region?: unknown; types?: unknown };
    if (typeof country !== 'string') {
      r.problem('holidays', 'holidays needs a country code, e.g. { "country": "DE", "region": "BY" }');
      return undefined;
    }
    rule = {
      country: country.toUpperCase(),
      ...(typeof region === 'string' && { region: region.toUpperCase() }),
      ...(Array.isArray(types) && { types: types as HolidayType[] }),
    };
  } else if (value !== undefined) {
    r.problem('holidays', `holidays must be a country code such as 'DE-BY', not ${kind(value)}`);
  }
  const types = typesList ?? rule?.types;
  for (const type of types ?? []) {
    if (!(holidayTypes as readonly string[]).includes(type)) {
      r.problem('holidayTypes', `'${type}' is not a holiday type (${holidayTypes.join(', ')})`);
      return undefined;
    }
  }
  if (!rule) {
    if (typesList && typesList.length > 0) r.problem('holidayTypes', 'holiday types need a holidays country');
    return undefined;
  }
  return { ...rule, ...(types && types.length > 0 && { types: types as HolidayType[] }) };
}

export function readDirectoryJson(text: string, options: ImportOptions = {}): DirectoryImport {
  const batch = new Batch(options.file);
  const file = options.file !== undefined ? { file: options.file } : {};
  let parsed;
  try {
    parsed = parseLocatedJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    batch.fileProblem(`not valid JSON: ${error.message}`, { line: error.line });
    return batch.result();
  }
  const { value, lines } = parsed;
  const sections: [ImportKind, unknown, string][] = [];
  if (Array.isArray(value)) {
    if (options.kind === undefined) {
      batch.fileProblem('a bare JSON array needs to be told what it holds (users, groups, ...)', { line: 1 });
    } else sections.push([options.kind, value, '']);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
      const section = importKinds.find((k) => fieldKey(k) === fieldKey(key));
      if (!section) {
        batch.fileProblem(`unknown section '${key}'; a directory document has ${importKinds.join(', ')}`, {
          line: lines.get(key) ?? 1,
          path: key,
        });
      } else sections.push([section, list, key]);
    }
  } else {
    batch.fileProblem(`expected an object of sections or an array, found ${kind(value)}`, { line: 1 });
  }
  for (const [section, list, key] of sections) {
    if (!Array.isArray(list)) {
      batch.fileProblem(`'${key}' must be a list`, { line: lines.get(key) ?? 1, path: key }, ENTITY[section]);
      continue;
    }
    list.forEach((item: unknown, index) => {
      const path = `${key}[${index}]`;
      const origin = (field?: string): Origin => {
        const at = field !== undefined ? `${path}.${field}` : path;
        return { ...file, line: lines.get(at) ?? lines.get(path) ?? 1, path: at };
      };
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        batch.fileProblem(
          `each entry of '${key || section}' must be an object, found ${kind(item)}`,
          origin(),
          ENTITY[section],
          'entry',
        );
        return;
      }
      readRecord(batch, section, item as Record<string, unknown>, origin);
    });
  }
  return batch.result();
}

export function readDirectoryCsv(
  text: string,
  options: ImportOptions & { kind: ImportKind },
): DirectoryImport {
  const batch = new Batch(options.file);
  const file = options.file !== undefined ? { file: options.file } : {};
  const entity = ENTITY[options.kind];
  let records;
  try {
    records = parseCsv(text, sniffSeparator(text));
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    batch.fileProblem(`not valid CSV: ${error.message}`, { line: error.line }, entity);
    return batch.result();
  }
  const [header, ...rows] = records;
  if (!header) {
    batch.fileProblem('the file is empty; it needs a header row', { line: 1 }, entity);
    return batch.result();
  }
  const fields = FIELDS[options.kind];
  const columns = header.cells.map((cell) => {
    const key = fieldKey(cell);
    const spec = fields.find((f) => [f.name, ...(f.aliases ?? [])].map(fieldKey).includes(key));
    if (!spec && cell.trim() !== '') {
      batch.problems.push({
        severity: 'error',
        entity,
        field: cell,
        message: `unknown column '${cell}'; ${options.kind} files have ${fields.map((f) => f.name).join(', ')}`,
        ...file,
        line: header.line,
      });
    }
    return spec?.name;
  });
  for (const row of rows) {
    const origin = (field?: string): Origin => ({
      ...file,
      line: row.line,
      ...(field !== undefined && { path: field }),
    });
    if (row.cells.length > header.cells.length) {
      batch.fileProblem(
        `the row has ${row.cells.length} cells but the header names ${header.cells.length} columns; quote cells that contain commas`,
        origin(),
        entity,
        'row',
      );
      continue;
    }
    const raw: Record<string, string> = {};
    columns.forEach((name, index) => {
      if (name !== undefined) raw[name] = row.cells[index] ?? '';
    });
    readRecord(batch, options.kind, raw, () => ({ ...file, line: row.line }));
  }
  return batch.result();
}

/** Spreadsheets in many locales save CSV with semicolons; the header row tells which. */
function sniffSeparator(text: string): string {
  const header = text.slice(0, text.indexOf('\n') >>> 0);
  const count = (c: string): number => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
}

/** JSON or CSV by the file name's extension; JSON when in doubt and the text starts like it. */
export function readDirectoryFile(name: string, text: string, kindOf?: ImportKind): DirectoryImport {
  const json = /\.json$/i.test(name) || (!/\.(csv|tsv|txt)$/i.test(name) && /^\s*[[{]/.test(text));
  if (json) return readDirectoryJson(text, { file: name, ...(kindOf && { kind: kindOf }) });
  return readDirectoryCsv(text, { file: name, kind: kindOf ?? 'users' });
}
