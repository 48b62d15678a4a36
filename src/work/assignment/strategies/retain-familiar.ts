/**
 * History-based (retain familiar): whoever worked on this case most recently, among the given
 * activities or any, takes this task too when they can: they know the case. Their substitute
 * stands in while they are away. When candidates are named, the familiar person must be one.
 */
import { candidateIds } from '../candidate-pool.js';
import { assigned, type StrategyHandler, unassigned } from '../strategy-run.js';

export const retainFamiliar: StrategyHandler<'history'> = (strategy, run) => {
  const history = run.ctx.caseHistory ?? [];
  const activities =
    strategy.activities && strategy.activities.length > 0 ? new Set(strategy.activities) : undefined;
  const named = candidateIds(run.ctx);
  const allowed = named.length > 0 ? new Set(named) : undefined;
  const tried = new Set<string>();
  for (let i = history.length - 1; i >= 0; i--) {
    const step = history[i]!;
    if (activities && !activities.has(step.activityId)) continue;
    if (tried.has(step.userId) || (allowed && !allowed.has(step.userId))) continue;
    tried.add(step.userId);
    const verdict = run.judge(step.userId);
    if (typeof verdict !== 'string') {
      return assigned('history', verdict, `${step.userId} did ${step.activityId} of this case`);
    }
  }
  return unassigned(
    'history',
    tried.size === 0
      ? 'no candidate has worked on this case yet'
      : `no one who worked on this case is available (${[...tried].join(', ')})`,
  );
};
