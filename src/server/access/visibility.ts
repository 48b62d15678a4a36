/**
 * What a caller may see and do with work items, in one place. Operators and admins see all
 * the work of their tenant; a `user` sees the tasks they may work on (and those they closed)
 * and the instances they started or have such a task in. Only a task's assignee, or while it
 * is unassigned one of its candidates, may claim or complete it: that binds admins too.
 */
import type { TaskRecord } from '../../store/store.js';
import { type Principal, seesAllWork } from './principal.js';

export const isCandidate = (principal: Principal, task: TaskRecord): boolean =>
  task.candidateUsers.includes(principal.name) ||
  task.candidateGroups.some((group) => principal.groups.includes(group));

export const mayWorkOn = (principal: Principal, task: TaskRecord): boolean =>
  task.assignee === principal.name || (task.assignee === undefined && isCandidate(principal, task));

export const maySeeTask = (principal: Principal, task: TaskRecord): boolean =>
  seesAllWork(principal) || mayWorkOn(principal, task) || task.endedBy === principal.name;

/** The lock owner of jobs an external worker fetched: one per credential and worker name. */
export const lockOwner = (principal: Principal, workerId: string): string =>
  `${lockPrefix(principal)}${workerId}`;

export const lockPrefix = (principal: Principal): string => `ext:${principal.id}:`;
