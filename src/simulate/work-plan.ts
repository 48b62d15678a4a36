/**
 * How an activity's work is routed and timed, read as the live engine reads it: the model's
 * `sluice:` attributes (with the scenario's `work` laid over them) parsed by src/work, so the
 * simulator assigns with the same strategy and judges the same SLA, on the same calendar.
 */
import { SluiceError } from '../engine/errors.js';
import type { FlowElement } from '../model/graph.js';
import type { Strategy, WorkingHoursPolicy } from '../work/assignment/assignment-types.js';
import type { WorkingCalendar } from '../work/calendar/working-calendar.js';
import { parseWorkAttributes } from '../work/raci/work-attributes.js';
import { slaDeadlines } from '../work/sla/sla-evaluation.js';
import type { Sla } from '../work/sla/sla-types.js';
import type { AssignmentStrategy } from './scenario.js';
import type { Staff } from './staff.js';

export interface WorkPlan {
  readonly strategy: Strategy;
  readonly workingHours?: WorkingHoursPolicy;
  readonly sla?: Sla;
}

export function workPlan(
  element: FlowElement,
  scenarioWork: Readonly<Record<string, string>> | undefined,
  poolStrategy: AssignmentStrategy,
): WorkPlan | undefined {
  const own = 'work' in element ? element.work : undefined;
  if (!own && !scenarioWork) return undefined;
  const attributes = parseWorkAttributes({ ...own, ...scenarioWork }, { elementId: element.id });
  const errors = attributes.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      `the work attributes of '${element.id}' cannot be simulated: ${errors.map((f) => f.message).join('; ')}`,
      `fix them in the model or under activities.${element.id}.work (docs/work.md lists them)`,
    );
  return {
    strategy: attributes.assignment ?? { kind: poolStrategy },
    ...(attributes.workingHours && { workingHours: attributes.workingHours }),
    ...(attributes.sla && { sla: attributes.sla }),
  };
}

/**
 * The calendar an SLA's working clock runs on, chosen as the live task router chooses it: a
 * named calendar, or the assignee's own hours (minus absences), or the team's. A pool of
 * interchangeable people has one calendar, which serves as both.
 */
export function slaCalendar(
  sla: Sla,
  staff: Staff | undefined,
  assignee: string | undefined,
  poolCalendar: WorkingCalendar | undefined,
): WorkingCalendar | undefined {
  if (sla.clock !== 'working') return undefined;
  if (!staff) return poolCalendar;
  const { directory } = staff;
  const ref = sla.calendar;
  if (typeof ref === 'object') return directory.calendars.get(ref.id);
  const team = staff.candidates.groups.map((g) => directory.teamCalendar(g)).find((c) => c !== undefined);
  const personal = assignee !== undefined ? directory.personalCalendar(assignee) : undefined;
  return ref === 'assignee' ? (personal ?? team) : (team ?? personal);
}

/** Whether work enabled at `enabledAt` and completed at `completedAt` breached the SLA. */
export function breached(
  sla: Sla,
  calendar: WorkingCalendar | undefined,
  enabledAt: number,
  completedAt: number,
): boolean {
  const clockSla = sla.clock === 'working' && !calendar ? { ...sla, clock: 'calendar' as const } : sla;
  const due = slaDeadlines(clockSla, calendar, enabledAt).find((d) => d.breach);
  return due !== undefined && completedAt > due.at;
}
