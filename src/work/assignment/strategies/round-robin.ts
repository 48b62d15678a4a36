/**
 * Round robin: the next available person after the one chosen last time, in id order, wrapping
 * around. The position travels in and out with the decision, so the engine can keep one per
 * activity; people joining or leaving do not upset it.
 */
import type { Eligible } from '../candidate-pool.js';
import { nobodyAvailable } from '../candidate-pool.js';
import { assigned, byCode, type StrategyHandler, unassigned } from '../strategy-run.js';

export const roundRobin: StrategyHandler<'round-robin'> = (_strategy, run) => {
  const pool = run.pool();
  const last = run.ctx.roundRobin?.last;
  let first: Eligible | undefined;
  let after: Eligible | undefined;
  for (const candidate of pool.eligible) {
    if (!first || byCode(candidate.userId, first.userId) < 0) first = candidate;
    if (
      last !== undefined &&
      byCode(candidate.userId, last) > 0 &&
      (!after || byCode(candidate.userId, after.userId) < 0)
    ) {
      after = candidate;
    }
  }
  const next = after ?? first;
  if (!next) return unassigned('round-robin', nobodyAvailable(pool));
  return assigned('round-robin', next, `next in turn after ${last ?? 'no one'}`, {
    roundRobin: { last: next.userId },
  });
};
