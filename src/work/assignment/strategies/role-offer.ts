/**
 * Role-based offer: the task goes to the candidate groups as a whole and to the candidate
 * users who can take work now; whoever claims it first does it. Groups are offered as they
 * are, so people who join later see the task too; people excluded by separation of duties are
 * listed so that their claim is refused.
 */
import type { Assignment } from '../assignment-types.js';
import { byCode, type StrategyHandler, unassigned } from '../strategy-run.js';

export const roleOffer: StrategyHandler<'role'> = (_strategy, run) => {
  const { candidates, directory } = run.ctx;
  const groups = (candidates.groups ?? []).filter((id) => directory.groups.has(id));
  const users: string[] = [];
  for (const id of candidates.users ?? []) {
    const verdict = run.judge(id);
    if (typeof verdict !== 'string' && !users.includes(verdict.userId)) users.push(verdict.userId);
  }
  if (groups.length === 0 && users.length === 0) {
    const unknown = (candidates.groups ?? []).filter((id) => !directory.groups.has(id));
    return unassigned(
      'role',
      unknown.length > 0
        ? `no group ${unknown.map((g) => `'${g}'`).join(', ')} in the directory and no available candidate user`
        : 'no candidate group and no available candidate user',
    );
  }
  const excluded =
    groups.length > 0
      ? [...run.excluded].filter((id) => groups.some((g) => directory.members.get(g)?.includes(id)))
      : [];
  const offer: Assignment = {
    kind: 'offered',
    offeredTo: { users, groups },
    ...(excluded.length > 0 && { excluded: excluded.sort(byCode) }),
    strategy: 'role',
    why: `offered to ${[...groups.map((g) => `group ${g}`), ...users].join(', ')}`,
  };
  return offer;
};
