/**
 * Capability: among available people who have every required skill at its minimum level, the
 * most qualified (highest sum of levels in the required skills); ties go to the one with less
 * open work, then by id. Without requirements it is the shortest queue.
 */
import type { SkillRequirement } from '../assignment-types.js';
import { nobodyAvailable } from '../candidate-pool.js';
import { assigned, byCode, type StrategyHandler, unassigned } from '../strategy-run.js';

export const capability: StrategyHandler<'capability'> = (strategy, run) => {
  const pool = run.pool();
  if (pool.eligible.length === 0) return unassigned('capability', nobodyAvailable(pool));
  const { skills } = run.ctx.directory;
  let best: { id: number; score: number; open: number } | undefined;
  for (let i = 0; i < pool.eligible.length; i++) {
    const candidate = pool.eligible[i]!;
    const levels = skills.get(candidate.userId);
    let score = 0;
    let qualified = true;
    for (const requirement of strategy.skills) {
      const level = levels?.get(requirement.skill);
      if (level === undefined || level < requirement.minLevel) {
        qualified = false;
        break;
      }
      score += level;
    }
    if (!qualified) continue;
    const open = candidate.open;
    if (
      !best ||
      score > best.score ||
      (score === best.score &&
        (open < best.open ||
          (open === best.open && byCode(candidate.userId, pool.eligible[best.id]!.userId) < 0)))
    ) {
      best = { id: i, score, open };
    }
  }
  if (!best) {
    return unassigned(
      'capability',
      `none of the ${pool.eligible.length} available candidates has ${describeSkills(strategy.skills)}`,
    );
  }
  return assigned(
    'capability',
    pool.eligible[best.id]!,
    `most qualified for ${describeSkills(strategy.skills)} (score ${best.score}, ${best.open} open tasks)`,
  );
};

export const describeSkills = (skills: readonly SkillRequirement[]): string =>
  skills.length === 0 ? 'no particular skills' : skills.map((s) => `${s.skill}>=${s.minLevel}`).join(', ');
