/**
 * People and work: the directory, working calendars, SLAs and escalation, assignment
 * strategies, RACI, forms and notifications. Everything here but the repositories and the
 * SMTP mailer is pure; the engine supplies time, state and effects.
 */
export type {
  HolidayRule,
  HolidayType,
  Interval,
  Shift,
  WeeklyHours,
  Weekday,
  WorkCalendar,
} from './calendar/calendar-types.js';
export { continuousCalendar, holidayTypes, officeHours, weekdays } from './calendar/calendar-types.js';
export { holidayNames, type HolidayLookup } from './calendar/holidays.js';
export { formatWeeklyHours, parseWeeklyHours } from './calendar/weekly-hours.js';
export {
  type CompileOptions,
  type WorkingCalendar,
  withAbsences,
  workingCalendar,
} from './calendar/working-calendar.js';
export {
  addWorkingTime,
  isWorkingAt,
  NoWorkingTimeError,
  nextWorkingInstant,
  workingIntervals,
  workingTimeBetween,
} from './calendar/working-time.js';

export type {
  Absence,
  ChangeSummary,
  DirectoryChanges,
  DirectoryData,
  Group,
  GroupKind,
  Membership,
  Skill,
  User,
} from './directory/directory-types.js';
export { emptyDirectory, groupKinds } from './directory/directory-types.js';
export { type ApplyOptions, describeProblem, type Directory, DirectoryError } from './directory/directory.js';
export type { DirectoryProblem, Origin } from './directory/directory-checks.js';
export { memoryDirectory } from './directory/memory-directory.js';
export { kyselyDirectory } from './directory/kysely-directory.js';
export type { DirectoryTables } from './directory/directory-tables.js';
export { applyChanges } from './directory/apply-changes.js';
export {
  type DirectorySnapshot,
  directorySnapshot,
  type SnapshotOptions,
} from './directory/directory-snapshot.js';
export {
  type DirectoryImport,
  type ImportKind,
  importKinds,
  readDirectoryCsv,
  readDirectoryFile,
  readDirectoryJson,
} from './directory/directory-import.js';

export type {
  Assignment,
  AssignmentContext,
  AssignmentTask,
  Candidates,
  CaseStep,
  RoundRobinState,
  SkillRequirement,
  Strategy,
  StrategyKind,
  WorkingHoursPolicy,
} from './assignment/assignment-types.js';
export { strategyKinds } from './assignment/assignment-types.js';
export { assign } from './assignment/assign.js';
export { seededRandom } from './assignment/seeded-random.js';
export { supervisorOf } from './assignment/strategies/organisational.js';

export type {
  EscalationAction,
  EscalationStep,
  Party,
  Pause,
  Sla,
  SlaClock,
  SlaDeadline,
  SlaStatus,
} from './sla/sla-types.js';
export { defaultLadder } from './sla/sla-types.js';
export { slaDeadlines, slaStatus } from './sla/sla-evaluation.js';
export { parseEscalationLadder, parseSlaDuration } from './sla/sla-text.js';

export type { Raci, RaciParty } from './raci/raci-types.js';
export {
  parseWorkAttributes,
  type WorkAttributes,
  workAttributes,
  type WorkFinding,
} from './raci/work-attributes.js';
export { type Recipients, resolveEscalationParty, resolveRaciParties } from './raci/resolve-parties.js';

export type { FormComponent, FormProblem, FormProblemCode, FormSchema } from './forms/form-schema.js';
export { validateForm, type FormValidationOptions } from './forms/validate-form.js';

export { MailError, type Mailer, type MailMessage, type SentMail } from './notifications/mailer.js';
export { smtpMailer, type SmtpOptions } from './notifications/smtp-mailer.js';
export { memoryMailer } from './notifications/memory-mailer.js';
export { deduplicatingMailer, memorySentLog, type SentLog } from './notifications/deduplicating-mailer.js';
export { renderTemplate, type Template } from './notifications/templates.js';
export {
  composeMail,
  defaultTemplates,
  type Notification,
  type NotificationKind,
  notificationKey,
  notificationKinds,
} from './notifications/notifications.js';
