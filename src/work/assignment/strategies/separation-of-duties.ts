/**
 * Separation of duties: never the person who did one of the named activities of this case (the
 * requester does not approve their own request). Wraps another strategy, which decides among
 * everyone else; the exclusion also holds for substitutes and for the fallback.
 */
import type { StrategyHandler } from '../strategy-run.js';

export const separationOfDuties: StrategyHandler<'separation-of-duties'> = (strategy, run) => {
  const activities = new Set(strategy.activities);
  const did = (run.ctx.caseHistory ?? [])
    .filter((step) => activities.has(step.activityId))
    .map((s) => s.userId);
  const decision = run.delegate(strategy.then, did);
  if (decision.kind === 'unassigned') return decision;
  return did.length === 0
    ? decision
    : {
        ...decision,
        why: `${decision.why}; not ${[...new Set(did)].join(', ')} (did ${strategy.activities.join(', ')})`,
      };
};
