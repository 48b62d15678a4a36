/**
 * Organisational: the supervisor of the person who started the case. The initiator's teams
 * are tried in id order; a team the initiator supervises themselves passes the question up to
 * its parent group. The supervisor's substitute stands in while they are away.
 */
import { reasonText } from '../candidate-pool.js';
import { assigned, type StrategyHandler, unassigned } from '../strategy-run.js';
import type { DirectorySnapshot } from '../../directory/directory-snapshot.js';

export const organisational: StrategyHandler<'organisational'> = (_strategy, run) => {
  const initiator = run.ctx.task.initiator;
  if (initiator === undefined) return unassigned('organisational', 'the case has no initiator');
  const supervisor = supervisorOf(run.ctx.directory, initiator);
  if (supervisor === undefined)
    return unassigned('organisational', `${initiator} has no supervisor in the directory`);
  const verdict = run.judge(supervisor);
  if (typeof verdict === 'string') {
    return unassigned(
      'organisational',
      `${supervisor}, supervisor of ${initiator}, is ${reasonText(verdict)}`,
    );
  }
  return assigned('organisational', verdict, `${supervisor} supervises ${initiator}, who started the case`);
};

/** The supervisor of a person: of their first team (by id) with one other than themselves, going up. */
export function supervisorOf(directory: DirectorySnapshot, userId: string): string | undefined {
  const groupIds = directory.groupsOf.get(userId) ?? [];
  const teams = groupIds.filter((id) => directory.groups.get(id)?.kind === 'team');
  for (const start of [...teams, ...groupIds.filter((id) => !teams.includes(id))]) {
    const seen = new Set<string>();
    for (
      let id: string | undefined = start;
      id !== undefined && !seen.has(id);
      id = directory.groups.get(id)?.parentId
    ) {
      seen.add(id);
      const supervisor = directory.groups.get(id)?.supervisorId;
      if (supervisor !== undefined && supervisor !== userId) return supervisor;
    }
  }
  return undefined;
}
