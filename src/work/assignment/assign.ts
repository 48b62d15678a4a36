/**
 * The assignment decision: one handler per strategy kind, and fallbacks followed when a
 * strategy finds nobody. Pure: the same strategy and context give the same decision.
 */
import type { Assignment, AssignmentContext, Strategy, StrategyKind } from './assignment-types.js';
import { type StrategyHandler, type StrategyRun, strategyRun } from './strategy-run.js';
import { capability } from './strategies/capability.js';
import { direct } from './strategies/direct.js';
import { organisational } from './strategies/organisational.js';
import { randomChoice } from './strategies/random-choice.js';
import { retainFamiliar } from './strategies/retain-familiar.js';
import { roleOffer } from './strategies/role-offer.js';
import { roundRobin } from './strategies/round-robin.js';
import { separationOfDuties } from './strategies/separation-of-duties.js';
import { shortestQueue } from './strategies/shortest-queue.js';

const handlers: { readonly [K in StrategyKind]: StrategyHandler<K> } = {
  direct,
  role: roleOffer,
  'round-robin': roundRobin,
  'shortest-queue': shortestQueue,
  capability,
  history: retainFamiliar,
  organisational,
  random: randomChoice,
  'separation-of-duties': separationOfDuties,
};

export function assign(strategy: Strategy, ctx: AssignmentContext): Assignment {
  return decide(strategy, strategyRun(ctx, new Set(), decide));
}

function decide(strategy: Strategy, run: StrategyRun): Assignment {
  const handler = handlers[strategy.kind] as StrategyHandler<StrategyKind>;
  const decision = handler(strategy, run);
  if (decision.kind !== 'unassigned' || !strategy.fallback) return decision;
  const next = decide(strategy.fallback, run);
  return next.kind === 'unassigned'
    ? {
        ...next,
        unassigned: `${strategy.kind}: ${decision.unassigned}; then ${next.strategy}: ${next.unassigned}`,
      }
    : { ...next, why: `${next.why} (${strategy.kind} found no one: ${decision.unassigned})` };
}
