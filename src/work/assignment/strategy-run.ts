/**
 * What a strategy works with during one decision: the context, the people it must not choose,
 * a judge of availability, the candidate pool (built once, on first use), and a way to hand
 * the decision to another strategy (separation of duties wraps one; fallbacks follow one).
 */
import type { Assignment, AssignmentContext, Strategy, StrategyKind } from './assignment-types.js';
import { type Availability, availability, type Eligible, type Pool, poolOf } from './candidate-pool.js';

export interface StrategyRun {
  readonly ctx: AssignmentContext;
  readonly excluded: ReadonlySet<string>;
  readonly judge: Availability;
  pool(): Pool;
  /** Decides with `strategy`, excluding `more` people besides those already excluded. */
  delegate(strategy: Strategy, more?: Iterable<string>): Assignment;
}

export type StrategyHandler<K extends StrategyKind> = (
  strategy: Extract<Strategy, { kind: K }>,
  run: StrategyRun,
) => Assignment;

export function strategyRun(
  ctx: AssignmentContext,
  excluded: ReadonlySet<string>,
  decide: (strategy: Strategy, run: StrategyRun) => Assignment,
): StrategyRun {
  const judge = availability(ctx, excluded);
  let pool: Pool | undefined;
  const run: StrategyRun = {
    ctx,
    excluded,
    judge,
    pool: () => (pool ??= poolOf(judge, ctx)),
    delegate(strategy, more = []) {
      const extra = [...more].filter((id) => !excluded.has(id));
      return decide(
        strategy,
        extra.length === 0 ? run : strategyRun(ctx, new Set([...excluded, ...extra]), decide),
      );
    },
  };
  return run;
}

export const assigned = (
  strategy: StrategyKind,
  chosen: Eligible,
  why: string,
  extra: Partial<Pick<Extract<Assignment, { kind: 'assigned' }>, 'roundRobin'>> = {},
): Assignment => ({
  kind: 'assigned',
  assignee: chosen.userId,
  ...(chosen.substituteFor !== undefined && { substituteFor: chosen.substituteFor }),
  strategy,
  why:
    chosen.substituteFor !== undefined ? `${why}; stands in for ${chosen.substituteFor}, who is absent` : why,
  ...extra,
});

export const unassigned = (strategy: StrategyKind, reason: string): Assignment => ({
  kind: 'unassigned',
  unassigned: reason,
  strategy,
});

/** Code-unit order: the same on every machine and locale. */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
