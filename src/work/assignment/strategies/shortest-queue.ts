/** Shortest queue: the available person with the fewest open tasks; ties go by id. */
import { nobodyAvailable } from '../candidate-pool.js';
import { assigned, byCode, type StrategyHandler, unassigned } from '../strategy-run.js';

export const shortestQueue: StrategyHandler<'shortest-queue'> = (_strategy, run) => {
  const pool = run.pool();
  let best = pool.eligible[0];
  if (!best) return unassigned('shortest-queue', nobodyAvailable(pool));
  let bestLoad = best.open;
  for (const candidate of pool.eligible) {
    const open = candidate.open;
    if (open < bestLoad || (open === bestLoad && byCode(candidate.userId, best.userId) < 0)) {
      best = candidate;
      bestLoad = open;
    }
  }
  return assigned('shortest-queue', best, `fewest open tasks (${bestLoad})`);
};
