/**
 * The lifecycle operations on a user task, one entry each: the body it takes, who may do it
 * and the engine action it becomes. Work on the task (claim, complete, delegate ...) is for its
 * assignee or candidates; steering it (reassign, suspend, skip ...) is for operators.
 */
import { z } from '@hono/zod-openapi';
import type { TaskAction } from '../../core/types.js';
import type { ObjectRule } from '../access/object-rules.js';
import type { Role } from '../access/principal.js';
import { namePattern } from '../auth/identity-store.js';
import { variablesSchema } from '../http/views.js';

const reason = z.string().max(1000).optional().openapi({ description: 'Why; recorded in the history.' });
const userName = z.string().regex(namePattern, 'a user name');

/** One lifecycle operation: its body, who may do it, and the action it becomes. */
export interface Operation<S extends z.ZodObject> {
  readonly summary: string;
  readonly body: S;
  readonly roles: readonly Role[];
  readonly object: ObjectRule;
  /** User names in the body that must be users of the caller's tenant. */
  readonly people?: (body: z.infer<S>) => string[];
  readonly action: (body: z.infer<S>) => TaskAction;
}

const op = <S extends z.ZodObject>(operation: Operation<S>): Operation<S> => operation;
const worker = ['operator', 'user'] as const;

export const operations = {
  claim: op({
    summary: 'Assign the task to oneself',
    body: z.object({ reason }),
    roles: worker,
    object: 'task-work',
    action: () => ({ op: 'claim' }),
  }),
  unclaim: op({
    summary: 'Give the task back to its candidates',
    body: z.object({ reason }),
    roles: worker,
    object: 'task-work',
    action: () => ({ op: 'unclaim' }),
  }),
  start: op({
    summary: 'Mark the work begun (claims it when unassigned)',
    body: z.object({ reason }),
    roles: worker,
    object: 'task-work',
    action: () => ({ op: 'start' }),
  }),
  complete: op({
    summary: 'Complete the task, setting variables; the instance moves on',
    body: z.object({ variables: variablesSchema.optional(), reason }),
    roles: worker,
    object: 'task-work',
    action: (b) => ({ op: 'complete', ...(b.variables && { variables: b.variables }) }),
  }),
  delegate: op({
    summary: 'Hand the task to someone who resolves it back (the owner stays)',
    body: z.object({ to: userName, reason }),
    roles: worker,
    object: 'task-work',
    people: (b) => [b.to],
    action: (b) => ({ op: 'delegate', to: b.to }),
  }),
  resolve: op({
    summary: 'Give a delegated task back to its owner, with variables',
    body: z.object({ variables: variablesSchema.optional(), reason }),
    roles: worker,
    object: 'task-work',
    action: (b) => ({ op: 'resolve', ...(b.variables && { variables: b.variables }) }),
  }),
  fail: op({
    summary: 'Give up on the task: a business error an error boundary event catches',
    body: z.object({
      errorCode: z.string().min(1).max(200).optional(),
      message: z.string().max(10_000).optional(),
      reason,
    }),
    roles: worker,
    object: 'task-work',
    action: (b) => ({
      op: 'fail',
      ...(b.errorCode !== undefined && { errorCode: b.errorCode }),
      ...(b.message !== undefined && { message: b.message }),
    }),
  }),
  reassign: op({
    summary: 'Assign the task to someone else',
    body: z.object({ to: userName, reason }),
    roles: ['operator'],
    object: 'task',
    people: (b) => [b.to],
    action: (b) => ({ op: 'reassign', to: b.to }),
  }),
  forward: op({
    summary: 'Offer the task to other candidates (unassigns it)',
    body: z.object({
      users: z.array(userName).max(200).default([]),
      groups: z.array(userName).max(200).default([]),
      reason,
    }),
    roles: ['operator'],
    object: 'task',
    people: (b) => b.users,
    action: (b) => ({ op: 'forward', users: b.users, groups: b.groups }),
  }),
  escalate: op({
    summary: 'Assign the task to someone with more say, maybe at a higher priority',
    body: z.object({ to: userName, priority: z.number().int().min(0).max(100).optional(), reason }),
    roles: ['operator'],
    object: 'task',
    people: (b) => [b.to],
    action: (b) => ({ op: 'escalate', to: b.to, ...(b.priority !== undefined && { priority: b.priority }) }),
  }),
  suspend: op({
    summary: 'Hold the task: nobody may work on it until resumed',
    body: z.object({ reason }),
    roles: ['operator'],
    object: 'task',
    action: () => ({ op: 'suspend' }),
  }),
  resume: op({
    summary: 'Release a suspended task',
    body: z.object({ reason }),
    roles: ['operator'],
    object: 'task',
    action: () => ({ op: 'resume' }),
  }),
  skip: op({
    summary: 'Close the task without its work; the instance moves on',
    body: z.object({ reason }),
    roles: ['operator'],
    object: 'task',
    action: () => ({ op: 'skip' }),
  }),
  update: op({
    summary: 'Change the task’s priority, due date or follow-up date',
    body: z.object({
      priority: z.number().int().min(0).max(100).optional(),
      due: z.iso.datetime().nullable().optional(),
      followUp: z.iso.datetime().nullable().optional(),
      reason,
    }),
    roles: ['operator'],
    object: 'task',
    action: (b) => ({
      op: 'update',
      ...(b.priority !== undefined && { priority: b.priority }),
      ...(b.due !== undefined && { dueAt: b.due === null ? null : Date.parse(b.due) }),
      ...(b.followUp !== undefined && { followUpAt: b.followUp === null ? null : Date.parse(b.followUp) }),
    }),
  }),
};

export type OperationName = keyof typeof operations;
