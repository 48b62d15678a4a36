/** Random: any available candidate, drawn with the random source the context brings. */
import { nobodyAvailable } from '../candidate-pool.js';
import { assigned, type StrategyHandler, unassigned } from '../strategy-run.js';

export const randomChoice: StrategyHandler<'random'> = (_strategy, run) => {
  const { random } = run.ctx;
  if (!random) throw new TypeError('the random strategy needs context.random (see seededRandom)');
  const pool = run.pool();
  if (pool.eligible.length === 0) return unassigned('random', nobodyAvailable(pool));
  const index = Math.min(pool.eligible.length - 1, Math.floor(random() * pool.eligible.length));
  return assigned('random', pool.eligible[index]!, `drawn at random from ${pool.eligible.length} available`);
};
