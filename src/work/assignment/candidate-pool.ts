/**
 * Who can take work now. Every strategy chooses from this pool, which is how each of them
 * respects capacity, working hours and absence: inactive people and people at capacity are
 * out; an absent person's substitute takes their place (following the substitute's own
 * substitute while they are away too); people off duty are out or ranked last, by policy.
 */
import { isWorkingAt } from '../calendar/working-time.js';
import { absenceIn, type Expansion, type PersonFacts } from '../directory/directory-snapshot.js';
import type { AssignmentContext, ExclusionReason } from './assignment-types.js';

export interface Eligible {
  readonly userId: string;
  readonly substituteFor?: string;
  readonly atWork: boolean;
  /** Open tasks the person holds now. */
  readonly open: number;
}

export interface Pool {
  /** In candidate order; with the `prefer` policy, only those at work when any are. */
  readonly eligible: readonly Eligible[];
  /** People considered, before exclusions. */
  readonly considered: number;
  readonly excluded: Readonly<Partial<Record<ExclusionReason, number>>>;
}

/** Substitutes of substitutes are followed this far, then the chain counts as absent. */
const SUBSTITUTE_DEPTH = 4;

/**
 * Judges one person at a time; working-hours answers are shared per calendar. `facts` saves
 * the lookup when the caller has them (the pool does, for a thousand people).
 */
export type Availability = (userId: string, facts?: PersonFacts) => Eligible | ExclusionReason;

export function availability(ctx: AssignmentContext, excluded: ReadonlySet<string>): Availability {
  const { directory, now, openTasks } = ctx;
  const policy = ctx.workingHours ?? 'prefer';
  // A thousand people share a handful of calendars: ask each calendar once per decision
  // (0 not asked yet, 1 at work, 2 off).
  const calendars = directory.hourCalendars;
  const working = new Uint8Array(calendars.length);
  const atWork = (facts: PersonFacts): boolean => {
    const index = facts.hoursIndex;
    if (policy === 'ignore' || index < 0) return true;
    let answer = working[index]!;
    if (answer === 0) working[index] = answer = isWorkingAt(calendars[index]!, now) ? 1 : 2;
    return answer === 1;
  };

  /** Everything but absence. */
  const present = (userId: string, facts: PersonFacts | undefined): Eligible | ExclusionReason => {
    if (!facts) return 'unknown';
    const { user } = facts;
    if (!user.active) return 'inactive';
    if (excluded.has(userId)) return 'separated';
    const open = openTasks.get(userId) ?? 0;
    if (user.capacity !== undefined && open >= user.capacity) return 'at-capacity';
    const present = atWork(facts);
    if (!present && policy === 'require') return 'off-duty';
    return { userId, atWork: present, open };
  };

  return (userId, known) => {
    const facts = known ?? directory.person(userId);
    if (!facts) return 'unknown';
    if (!facts.user.active) return 'inactive';
    if (excluded.has(userId)) return 'separated';
    let absence = absenceIn(facts.absences, now);
    if (!absence) return present(userId, facts);
    const visited = new Set([userId]);
    for (let depth = 0; depth < SUBSTITUTE_DEPTH; depth++) {
      const substitute = absence.substituteId;
      if (substitute === undefined || visited.has(substitute)) return 'absent';
      visited.add(substitute);
      const stand = directory.person(substitute);
      const away = absenceIn(stand?.absences, now);
      if (!away) {
        const verdict = present(substitute, stand);
        return typeof verdict === 'string' ? 'absent' : { ...verdict, substituteFor: userId };
      }
      absence = away;
    }
    return 'absent';
  };
}

/** Candidate users, then members of candidate groups, each once. */
export const candidateIds = (ctx: AssignmentContext): readonly string[] => candidates(ctx).ids;

const candidates = (ctx: AssignmentContext): Expansion =>
  ctx.directory.expand(ctx.candidates.users ?? [], ctx.candidates.groups ?? []);

export function poolOf(judge: Availability, ctx: AssignmentContext): Pool {
  const { ids, people } = candidates(ctx);
  let eligible: Eligible[] = [];
  const excluded: Partial<Record<ExclusionReason, number>> = {};
  let atWork = 0;
  let substitutes = 0;
  for (let i = 0; i < ids.length; i++) {
    const facts = people[i];
    const verdict = facts ? judge(ids[i]!, facts) : 'unknown';
    if (typeof verdict === 'string') {
      excluded[verdict] = (excluded[verdict] ?? 0) + 1;
      continue;
    }
    eligible.push(verdict);
    if (verdict.atWork) atWork++;
    if (verdict.substituteFor !== undefined) substitutes++;
  }
  // A substitute standing in for someone (or for several), or who is a candidate anyway, is
  // still one candidate, best as themselves. Rare, so the common path keeps no set of ids.
  if (substitutes > 0) {
    const own = new Set(eligible.filter((e) => e.substituteFor === undefined).map((e) => e.userId));
    const taken = new Set<string>();
    eligible = eligible.filter(
      (e) =>
        e.substituteFor === undefined || (!own.has(e.userId) && !taken.has(e.userId) && taken.add(e.userId)),
    );
    atWork = eligible.reduce((n, e) => n + (e.atWork ? 1 : 0), 0);
  }
  const narrowed =
    (ctx.workingHours ?? 'prefer') === 'prefer' && atWork > 0 && atWork < eligible.length
      ? eligible.filter((e) => e.atWork)
      : eligible;
  return { eligible: narrowed, considered: ids.length, excluded };
}

const REASON_TEXT: Readonly<Record<ExclusionReason, string>> = {
  unknown: 'not in the directory',
  inactive: 'inactive',
  absent: 'absent without an available substitute',
  'at-capacity': 'at capacity',
  'off-duty': 'off duty',
  separated: 'excluded by separation of duties',
  unqualified: 'without the required skills',
};

/** "no one available among 12 candidates: 5 at capacity, 3 off duty" */
export function nobodyAvailable(pool: Pool, what = 'candidate'): string {
  if (pool.considered === 0) return `there are no ${what}s: the task names no users or groups with members`;
  const reasons = Object.entries(pool.excluded)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${REASON_TEXT[reason as ExclusionReason]}`);
  return `no one available among ${pool.considered} ${what}${pool.considered === 1 ? '' : 's'}: ${reasons.join(', ')}`;
}

export const reasonText = (reason: ExclusionReason): string => REASON_TEXT[reason];
