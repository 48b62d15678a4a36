/**
 * SLAs as people write them in a model: a duration 'PT4H' and a ladder
 * '75%: remind; 100%: notify accountable, reassign supervisor, raise-priority'. Parsing returns
 * problems instead of throwing, so that a model can carry findings to its author.
 */
import { Duration } from 'luxon';
import type { EscalationAction, EscalationStep, Party, SlaClock } from './sla-types.js';

export type Parsed<T> = { readonly value: T } | { readonly problem: string };

const HOUR = 3_600_000;

/**
 * An ISO 8601 duration in milliseconds. On a working clock only hours, minutes and seconds are
 * allowed: a working day's length depends on the calendar (8 hours? 6 on Fridays?), so 'P1D'
 * would mean different things to different readers; write 'PT8H'. On a calendar clock a day is
 * 24 hours and a week 7 days; months and years, of uneven length, are refused on both.
 */
export function parseSlaDuration(text: string, clock: SlaClock): Parsed<number> {
  const trimmed = text.trim();
  const duration = Duration.fromISO(trimmed);
  if (!duration.isValid) return { problem: `'${text}' is not an ISO 8601 duration (e.g. PT4H, PT30M)` };
  const { years, months, weeks, days, hours, minutes, seconds, milliseconds } = duration.toObject();
  if (years || months)
    return { problem: `'${text}' uses months or years, which have no fixed length; give days or hours` };
  if (clock === 'working' && (weeks || days)) {
    const asHours = ((weeks ?? 0) * 7 + (days ?? 0)) * 24;
    return {
      problem: `'${text}' counts days of working time, whose length depends on the calendar; write hours (e.g. PT${asHours}H for ${asHours} working hours, or PT8H for one 8-hour working day)`,
    };
  }
  const ms =
    ((weeks ?? 0) * 7 + (days ?? 0)) * 24 * HOUR +
    (hours ?? 0) * HOUR +
    (minutes ?? 0) * 60_000 +
    (seconds ?? 0) * 1000 +
    (milliseconds ?? 0);
  if (!(ms > 0)) return { problem: `'${text}' is no time at all; an SLA needs a positive duration` };
  return { value: ms };
}

const PARTIES = [
  'assignee',
  'candidates',
  'responsible',
  'accountable',
  'consulted',
  'informed',
  'supervisor',
] as const;

export function parseParty(text: string): Parsed<Party> {
  const trimmed = text.trim();
  if ((PARTIES as readonly string[]).includes(trimmed)) return { value: trimmed as Party };
  const match = /^(user|group):(\S+)$/.exec(trimmed);
  if (match) return { value: match[1] === 'user' ? { user: match[2]! } : { group: match[2]! } };
  return { problem: `'${trimmed}' is not a party: say ${PARTIES.join(', ')}, user:<id> or group:<id>` };
}

function parseAction(text: string): Parsed<EscalationAction> {
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const argument = rest.join(' ');
  switch (verb) {
    case 'remind':
    case 'notify':
    case 'reassign': {
      if (argument === '' && verb !== 'remind')
        return { problem: `'${verb}' needs a party, e.g. '${verb} supervisor'` };
      const party = parseParty(argument === '' ? 'assignee' : argument);
      return 'problem' in party ? party : { value: { kind: verb, to: party.value } };
    }
    case 'raise-priority':
    case 'priority': {
      const by = argument === '' ? 1 : Number(argument.replace(/^\+/, ''));
      if (!Number.isInteger(by) || by <= 0)
        return {
          problem: `'${text.trim()}' should raise the priority by a whole number, e.g. 'raise-priority 2'`,
        };
      return { value: { kind: 'raise-priority', by } };
    }
    default:
      return {
        problem: `'${verb}' is not an escalation action: say remind, notify, reassign or raise-priority`,
      };
  }
}

/** '75%: remind; 100%: notify accountable, reassign supervisor, raise-priority 1'. */
export function parseEscalationLadder(text: string): { steps: EscalationStep[]; problems: string[] } {
  const steps: EscalationStep[] = [];
  const problems: string[] = [];
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^(\d+(?:\.\d+)?)\s*%\s*:\s*(.*)$/.exec(part);
    if (!match) {
      problems.push(`'${part}' should be 'percent%: action, action', e.g. '75%: remind'`);
      continue;
    }
    const percent = Number(match[1]);
    if (percent <= 0) {
      problems.push(`'${part}': a step needs a percentage above 0`);
      continue;
    }
    const actions: EscalationAction[] = [];
    for (const item of match[2]!.split(',').filter((a) => a.trim() !== '')) {
      const action = parseAction(item);
      if ('problem' in action) problems.push(action.problem);
      else actions.push(action.value);
    }
    if (actions.length === 0) problems.push(`'${part}' has no actions`);
    else steps.push({ percent, actions });
  }
  return { steps: steps.sort((a, b) => a.percent - b.percent), problems };
}

export function formatParty(party: Party): string {
  return typeof party === 'string' ? party : 'user' in party ? `user:${party.user}` : `group:${party.group}`;
}
