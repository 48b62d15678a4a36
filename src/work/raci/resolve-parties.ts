/**
 * From parties as the model names them to people and groups, when a task is created or an
 * escalation fires. Pure: expressions are evaluated against the variables passed in.
 */
import { evaluateFeel } from '../../expr/feel.js';
import { supervisorOf } from '../assignment/strategies/organisational.js';
import type { DirectorySnapshot } from '../directory/directory-snapshot.js';
import type { Party } from '../sla/sla-types.js';
import type { Raci, RaciParty } from './raci-types.js';

export interface Recipients {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /** Parties that named no one, with the reason (an expression that failed, no supervisor). */
  readonly unresolved: readonly string[];
}

export interface PartyContext {
  readonly directory: DirectorySnapshot;
  readonly initiator?: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

export function resolveRaciParties(parties: readonly RaciParty[], ctx: PartyContext): Recipients {
  const users = new Set<string>();
  const groups = new Set<string>();
  const unresolved: string[] = [];
  const addValue = (value: unknown, source: string): void => {
    if (typeof value === 'string') users.add(value);
    else if (Array.isArray(value)) for (const item of value) addValue(item, source);
    else if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { user?: unknown }).user === 'string'
    ) {
      users.add((value as { user: string }).user);
    } else if (
      value !== null &&
      typeof value === 'object' &&
      typeof (value as { group?: unknown }).group === 'string'
    ) {
      groups.add((value as { group: string }).group);
    } else unresolved.push(`${source} gave ${JSON.stringify(value)}, not a user id or { user } / { group }`);
  };
  for (const party of parties) {
    if (party === 'initiator') {
      if (ctx.initiator !== undefined) users.add(ctx.initiator);
      else unresolved.push('initiator: the case has no initiator');
    } else if (party === 'supervisor') {
      const supervisor = ctx.initiator !== undefined ? supervisorOf(ctx.directory, ctx.initiator) : undefined;
      if (supervisor !== undefined) users.add(supervisor);
      else unresolved.push(`supervisor: ${ctx.initiator ?? 'the initiator'} has no supervisor`);
    } else if ('user' in party) users.add(party.user);
    else if ('group' in party) groups.add(party.group);
    else {
      try {
        addValue(evaluateFeel(party.expression, ctx.variables ?? {}).value, `=${party.expression}`);
      } catch (error) {
        unresolved.push(`=${party.expression}: ${(error as Error).message}`);
      }
    }
  }
  return { users: [...users], groups: [...groups], unresolved };
}

export interface EscalationContext extends PartyContext {
  readonly raci: Raci;
  readonly assignee?: string;
  readonly candidates: { readonly users: readonly string[]; readonly groups: readonly string[] };
}

/**
 * Who an escalation reaches. `supervisor` is the assignee's supervisor, else the supervisor of
 * the first candidate group that has one; `assignee` falls back to the candidates while the
 * task is unclaimed, so a reminder never goes nowhere.
 */
export function resolveEscalationParty(party: Party, ctx: EscalationContext): Recipients {
  const none = (why: string): Recipients => ({ users: [], groups: [], unresolved: [why] });
  if (typeof party !== 'string') {
    return 'user' in party
      ? { users: [party.user], groups: [], unresolved: [] }
      : { users: [], groups: [party.group], unresolved: [] };
  }
  switch (party) {
    case 'assignee':
      return ctx.assignee !== undefined
        ? { users: [ctx.assignee], groups: [], unresolved: [] }
        : { ...ctx.candidates, unresolved: [] };
    case 'candidates':
      return { ...ctx.candidates, unresolved: [] };
    case 'responsible':
      return resolveRaciParties(ctx.raci.responsible, ctx);
    case 'accountable':
      return ctx.raci.accountable
        ? resolveRaciParties([ctx.raci.accountable], ctx)
        : none('accountable: the activity names none');
    case 'consulted':
      return resolveRaciParties(ctx.raci.consulted, ctx);
    case 'informed':
      return resolveRaciParties(ctx.raci.informed, ctx);
    case 'supervisor': {
      const fromAssignee = ctx.assignee !== undefined ? supervisorOf(ctx.directory, ctx.assignee) : undefined;
      const fromGroup = ctx.candidates.groups
        .map((g) => ctx.directory.groups.get(g)?.supervisorId)
        .find((s) => s !== undefined);
      const supervisor = fromAssignee ?? fromGroup;
      return supervisor !== undefined
        ? { users: [supervisor], groups: [], unresolved: [] }
        : none(`supervisor: neither ${ctx.assignee ?? 'the assignee'} nor the candidate groups have one`);
    }
  }
}
