/**
 * The `sluice:` attributes that say how an activity's work is routed and timed: strategy,
 * skills, RACI, SLA and escalation (docs/work.md lists them). The model engineer reads the
 * attributes off the BPMN element; this pure parser turns them into data and findings that
 * name the attribute, so that `sluice validate` can tell a modeller what to fix.
 */
import { checkFeel } from '../../expr/feel.js';
import type { Finding } from '../../model/findings.js';
import type {
  SkillRequirement,
  Strategy,
  StrategyKind,
  WorkingHoursPolicy,
} from '../assignment/assignment-types.js';
import { strategyKinds } from '../assignment/assignment-types.js';
import { MAX_SKILL_LEVEL, MIN_SKILL_LEVEL } from '../directory/directory-types.js';
import { formatParty, parseEscalationLadder, parseSlaDuration } from '../sla/sla-text.js';
import { defaultLadder, type Sla, type SlaCalendarRef, type SlaClock } from '../sla/sla-types.js';
import type { Raci, RaciParty } from './raci-types.js';

export const workAttributes = {
  assignment: 'sluice:assignment',
  assignee: 'sluice:assignee',
  skills: 'sluice:skills',
  separateFrom: 'sluice:separate-from',
  familiarFrom: 'sluice:familiar-from',
  fallback: 'sluice:fallback',
  workingHours: 'sluice:working-hours',
  responsible: 'sluice:responsible',
  accountable: 'sluice:accountable',
  consulted: 'sluice:consulted',
  consultedMustApprove: 'sluice:consulted-must-approve',
  informed: 'sluice:informed',
  sla: 'sluice:sla',
  slaClock: 'sluice:sla-clock',
  calendar: 'sluice:calendar',
  escalation: 'sluice:escalation',
} as const;

/** sluice: attributes that belong to other parts of Sluice, so that no typo warning names them. */
const OTHER_SLUICE_ATTRIBUTES = ['sluice:type', 'sluice:retries'];

export interface WorkFinding extends Finding {
  /** The attribute the finding is about, e.g. `sluice:sla`. */
  readonly attribute: string;
}

export interface WorkAttributes {
  readonly assignment?: Strategy;
  readonly workingHours?: WorkingHoursPolicy;
  readonly raci: Raci;
  readonly sla?: Sla;
  readonly skills: readonly SkillRequirement[];
  readonly findings: readonly WorkFinding[];
}

/** Fallbacks that need nothing more than the activity's candidates. */
const SIMPLE_FALLBACKS = [
  'role',
  'round-robin',
  'shortest-queue',
  'random',
  'capability',
] as const satisfies readonly StrategyKind[];

export function parseWorkAttributes(
  attrs: Readonly<Record<string, string>>,
  options: { readonly elementId?: string } = {},
): WorkAttributes {
  const findings: WorkFinding[] = [];
  const finding = (attribute: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
    findings.push({
      severity,
      attribute,
      message: `${attribute}: ${message}`,
      ...(options.elementId !== undefined && { elementId: options.elementId }),
    });
  };
  const text = (attribute: string): string | undefined => {
    const value = attrs[attribute];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const list = (attribute: string): string[] =>
    (text(attribute) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');

  warnMisspelt(attrs, finding);

  // RACI
  const parties = (attribute: string): RaciParty[] => {
    const value = text(attribute);
    if (value === undefined) return [];
    if (value.startsWith('='))
      return [expressionParty(attribute, value, finding)].filter((p) => p !== undefined);
    return list(attribute)
      .map((item) => parseRaciParty(attribute, item, finding))
      .filter((p) => p !== undefined);
  };
  const accountables = parties(workAttributes.accountable);
  if (accountables.length > 1)
    finding(workAttributes.accountable, 'RACI has exactly one accountable owner; name one party');
  const raci: Raci = {
    responsible: parties(workAttributes.responsible),
    ...(accountables[0] !== undefined && { accountable: accountables[0] }),
    consulted: parties(workAttributes.consulted),
    consultedMustApprove: flag(
      workAttributes.consultedMustApprove,
      text(workAttributes.consultedMustApprove),
      finding,
    ),
    informed: parties(workAttributes.informed),
  };
  if (raci.consultedMustApprove && raci.consulted.length === 0) {
    finding(
      workAttributes.consultedMustApprove,
      `no one is consulted: name them in ${workAttributes.consulted}`,
      'warning',
    );
  }

  // Skills
  const skills = parseSkills(text(workAttributes.skills), finding);

  // Strategy
  const kindText = text(workAttributes.assignment);
  let kind: StrategyKind | undefined;
  if (kindText !== undefined) {
    if ((strategyKinds as readonly string[]).includes(kindText)) kind = kindText as StrategyKind;
    else
      finding(
        workAttributes.assignment,
        `'${kindText}' is not a strategy; use one of ${strategyKinds.filter((k) => k !== 'separation-of-duties').join(', ')}`,
      );
  }
  const separateFrom = list(workAttributes.separateFrom);
  if (kind === 'separation-of-duties') {
    if (separateFrom.length === 0)
      finding(
        workAttributes.assignment,
        `separation of duties needs ${workAttributes.separateFrom}="<activity ids>"`,
      );
    kind = undefined;
  }
  const assignee = text(workAttributes.assignee);
  let base: Strategy | undefined;
  switch (kind) {
    case undefined:
      break;
    case 'direct':
      base = { kind, ...(assignee !== undefined && { user: assignee }) };
      break;
    case 'capability':
      if (skills.length === 0)
        finding(
          workAttributes.assignment,
          `capability-based assignment needs ${workAttributes.skills}, e.g. "network:3,linux:2"`,
        );
      base = { kind, skills };
      break;
    case 'history': {
      const activities = list(workAttributes.familiarFrom);
      base = { kind, ...(activities.length > 0 && { activities }) };
      break;
    }
    default:
      base = { kind };
  }
  if (kind === undefined && separateFrom.length > 0) base = { kind: 'role' };
  if (base && kind !== 'capability' && skills.length > 0) {
    finding(
      workAttributes.skills,
      `skills are used by the capability strategy only; this activity uses '${base.kind}'`,
      'warning',
    );
  }
  if (base?.kind === 'role' && raci.responsible.length === 0) {
    finding(
      workAttributes.assignment,
      `a role-based offer needs candidates: name them in ${workAttributes.responsible}`,
      'warning',
    );
  }
  if (text(workAttributes.familiarFrom) !== undefined && kind !== 'history') {
    finding(workAttributes.familiarFrom, `only the history strategy reads it`, 'warning');
  }

  const fallbackText = text(workAttributes.fallback);
  if (fallbackText !== undefined) {
    if (!(SIMPLE_FALLBACKS as readonly string[]).includes(fallbackText)) {
      finding(
        workAttributes.fallback,
        `'${fallbackText}' cannot be a fallback; use one of ${SIMPLE_FALLBACKS.join(', ')}`,
      );
    } else if (!base) {
      finding(
        workAttributes.fallback,
        `there is no ${workAttributes.assignment} to fall back from`,
        'warning',
      );
    } else {
      const fallback: Strategy =
        fallbackText === 'capability' ? { kind: 'capability', skills } : { kind: fallbackText as 'role' };
      base = { ...base, fallback };
    }
  }
  const assignment: Strategy | undefined =
    base && separateFrom.length > 0
      ? { kind: 'separation-of-duties', activities: separateFrom, then: base }
      : base;

  const workingHoursText = text(workAttributes.workingHours);
  let workingHours: WorkingHoursPolicy | undefined;
  if (workingHoursText !== undefined) {
    if (['require', 'prefer', 'ignore'].includes(workingHoursText))
      workingHours = workingHoursText as WorkingHoursPolicy;
    else finding(workAttributes.workingHours, `'${workingHoursText}' should be require, prefer or ignore`);
  }

  const sla = parseSla(text, raci, finding);
  return {
    ...(assignment && { assignment }),
    ...(workingHours && { workingHours }),
    raci,
    ...(sla && { sla }),
    skills,
    findings,
  };
}

type Report = (attribute: string, message: string, severity?: 'error' | 'warning') => void;

function parseSla(
  text: (attribute: string) => string | undefined,
  raci: Raci,
  finding: Report,
): Sla | undefined {
  const durationText = text(workAttributes.sla);
  const clockText = text(workAttributes.slaClock);
  const calendarText = text(workAttributes.calendar);
  const ladderText = text(workAttributes.escalation);
  if (durationText === undefined) {
    for (const attribute of [workAttributes.slaClock, workAttributes.calendar, workAttributes.escalation]) {
      if (text(attribute) !== undefined)
        finding(attribute, `has no effect without ${workAttributes.sla}`, 'warning');
    }
    return undefined;
  }
  let clock: SlaClock = 'working';
  if (clockText !== undefined) {
    if (clockText === 'working' || clockText === 'calendar') clock = clockText;
    else finding(workAttributes.slaClock, `'${clockText}' should be working or calendar`);
  }
  const duration = parseSlaDuration(durationText, clock);
  if ('problem' in duration) {
    finding(workAttributes.sla, duration.problem);
    return undefined;
  }
  let calendar: SlaCalendarRef | undefined;
  if (calendarText !== undefined) {
    if (clock === 'calendar')
      finding(
        workAttributes.calendar,
        'a calendar-time SLA runs around the clock and reads no calendar',
        'warning',
      );
    calendar = calendarText === 'assignee' || calendarText === 'team' ? calendarText : { id: calendarText };
  }
  let ladder = defaultLadder;
  if (ladderText !== undefined) {
    const parsed = parseEscalationLadder(ladderText);
    for (const problem of parsed.problems) finding(workAttributes.escalation, problem);
    ladder = parsed.steps;
  }
  const addressed = new Set(
    ladder.flatMap((step) => step.actions.flatMap((a) => ('to' in a ? [formatParty(a.to)] : []))),
  );
  const missing: [string, boolean][] = [
    ['accountable', raci.accountable === undefined],
    ['consulted', raci.consulted.length === 0],
    ['informed', raci.informed.length === 0],
  ];
  for (const [party, absent] of missing) {
    if (absent && addressed.has(party)) {
      finding(
        ladderText !== undefined ? workAttributes.escalation : workAttributes.sla,
        `the escalation addresses the ${party}, but the activity names none in sluice:${party}`,
        'warning',
      );
    }
  }
  return { duration: duration.value, clock, ...(calendar && { calendar }), ladder };
}

function parseRaciParty(attribute: string, item: string, finding: Report): RaciParty | undefined {
  if (item === 'initiator' || item === 'supervisor') return item;
  const match = /^(user|group|role|team):(\S+)$/.exec(item);
  if (match) return match[1] === 'user' ? { user: match[2]! } : { group: match[2]! };
  finding(
    attribute,
    `'${item}' is ambiguous: write user:${item} or group:${item} (or initiator, supervisor)`,
  );
  return undefined;
}

function expressionParty(attribute: string, value: string, finding: Report): RaciParty | undefined {
  const expression = value.slice(1).trim();
  const problem = checkFeel(expression);
  if (problem) {
    finding(attribute, `the expression '${expression}' does not parse: ${problem}`);
    return undefined;
  }
  return { expression };
}

function flag(attribute: string, value: string | undefined, finding: Report): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  finding(attribute, `'${value}' should be true or false`);
  return false;
}

/** 'network:3, linux:2'; a skill without a level asks only that the person has it. */
export function parseSkills(value: string | undefined, finding: Report): SkillRequirement[] {
  if (value === undefined) return [];
  const skills: SkillRequirement[] = [];
  for (const item of value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const [skill = '', level, ...rest] = item.split(':').map((s) => s.trim());
    const minLevel = level === undefined ? MIN_SKILL_LEVEL : Number(level);
    if (
      skill === '' ||
      rest.length > 0 ||
      !Number.isInteger(minLevel) ||
      minLevel < MIN_SKILL_LEVEL ||
      minLevel > MAX_SKILL_LEVEL
    ) {
      finding(
        workAttributes.skills,
        `'${item}' should be skill:level with a level from ${MIN_SKILL_LEVEL} to ${MAX_SKILL_LEVEL}, e.g. network:3`,
      );
      continue;
    }
    if (skills.some((s) => s.skill === skill)) {
      finding(workAttributes.skills, `skill '${skill}' is named twice`);
      continue;
    }
    skills.push({ skill, minLevel });
  }
  return skills;
}

/** A typo in an attribute name must not silently turn routing off. */
function warnMisspelt(attrs: Readonly<Record<string, string>>, finding: Report): void {
  const known = Object.values(workAttributes) as string[];
  for (const name of Object.keys(attrs)) {
    if (!name.startsWith('sluice:') || known.includes(name) || OTHER_SLUICE_ATTRIBUTES.includes(name))
      continue;
    const near = known.find((k) => distance(k, name) <= 2);
    if (near) finding(name, `unknown attribute; did you mean ${near}?`, 'warning');
  }
}

/** Levenshtein distance, for typo hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
