/** Direct: the person the model or the strategy names; their substitute when they are away. */
import { reasonText } from '../candidate-pool.js';
import { assigned, type StrategyHandler, unassigned } from '../strategy-run.js';

export const direct: StrategyHandler<'direct'> = (strategy, run) => {
  const { task, candidates } = run.ctx;
  const only = candidates.users?.length === 1 && !candidates.groups?.length ? candidates.users[0] : undefined;
  const target = strategy.user ?? task.assignee ?? only;
  if (target === undefined)
    return unassigned('direct', 'no assignee is named: give sluice:assignee or one candidate user');
  const verdict = run.judge(target);
  if (typeof verdict === 'string') return unassigned('direct', `${target} is ${reasonText(verdict)}`);
  return assigned('direct', verdict, `${target} is named as the assignee`);
};
