/**
 * What a step writes, as row operations: the instance row, one history row for its events and the
 * outbox rows of its effects. Pure and shared by every dialect, so SQLite and PostgreSQL write
 * exactly the same rows for the same step.
 */
import type { Effect, HistoryEvent, InstanceState, TaskChange } from '../core/types.js';
import type { Database } from './schema.js';
import { operatorRowOps } from './operator-rows.js';
import type { SignalRecord, StepRecord, SubscriptionRecord, TimerRecord } from './store.js';

type Table = keyof Database;
type Row = Record<string, string | number | null>;

export type RowOp =
  | { readonly op: 'insert'; readonly table: Table; readonly row: Row }
  | { readonly op: 'update'; readonly table: Table; readonly id: string; readonly set: Row }
  | { readonly op: 'delete'; readonly table: Table; readonly id: string }
  | { readonly op: 'delete-where'; readonly table: Table; readonly column: string; readonly value: string }
  | {
      readonly op: 'update-where';
      readonly table: Table;
      readonly column: string;
      readonly value: string;
      readonly set: Row;
    };

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** An event as stored inside its step's row: what the row does not already say. */
export type StepEvent = Omit<HistoryEvent, 'instanceId' | 'processId' | 'version'>;

/** Events per history row at most: event seqs are the row's seq * 1024 plus the place in it. */
export const eventsPerRow = 1024;

/** One row for the events of a step (more only past eventsPerRow; see the history migration). */
export function historyRows(state: InstanceState, events: readonly HistoryEvent[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < events.length; i += eventsPerRow) {
    const chunk = events.slice(i, i + eventsPerRow);
    const stored: StepEvent[] = chunk.map(
      ({ instanceId: _i, processId: _p, version: _v, ...event }) => event,
    );
    rows.push({
      instance_id: state.id,
      process_id: state.processId,
      version: state.version,
      at: chunk[0]!.at,
      events: JSON.stringify(stored),
    });
  }
  return rows;
}

export function timerRow(timer: TimerRecord): Row {
  return {
    id: timer.id,
    instance_id: timer.instanceId ?? null,
    process_id: timer.processId,
    version: timer.version,
    element_id: timer.elementId,
    token_id: timer.tokenId ?? null,
    due_at: timer.dueAt,
    repeat: json(timer.repeat),
    start: timer.start ? 1 : 0,
  };
}

export function subscriptionRow(subscription: SubscriptionRecord, createdAt: number): Row {
  return {
    id: subscription.id,
    instance_id: subscription.instanceId ?? null,
    process_id: subscription.processId,
    version: subscription.version,
    element_id: subscription.elementId,
    token_id: subscription.tokenId ?? null,
    channel: subscription.channel,
    name: subscription.name,
    correlation_key: subscription.correlationKey ?? null,
    created_at: createdAt,
  };
}

export function signalRow(signal: SignalRecord, createdAt: number): Row {
  return { id: signal.id, name: signal.name, variables: json(signal.variables), created_at: createdAt };
}

export function instanceRow(state: InstanceState, rev: number): Row {
  return {
    id: state.id,
    process_id: state.processId,
    version: state.version,
    business_key: state.businessKey ?? null,
    status: state.status,
    rev,
    state: JSON.stringify(state),
    started_at: state.startedAt,
    ended_at: state.endedAt ?? null,
    parent_id: state.parent?.instanceId ?? null,
  };
}

function candidateOps(taskId: string, users: readonly string[], groups: readonly string[]): RowOp[] {
  return [
    ...users.map((name): RowOp => ({
      op: 'insert',
      table: 'task_candidates',
      row: { kind: 'user', name, task_id: taskId },
    })),
    ...groups.map((name): RowOp => ({
      op: 'insert',
      table: 'task_candidates',
      row: { kind: 'group', name, task_id: taskId },
    })),
  ];
}

function taskChangeOps(taskId: string, change: TaskChange): RowOp[] {
  const set: Row = {};
  if (change.assignee !== undefined) set.assignee = change.assignee;
  if (change.owner !== undefined) set.owner = change.owner;
  if (change.startedAt !== undefined) set.started_at = change.startedAt;
  if (change.suspended !== undefined) set.suspended = change.suspended ? 1 : 0;
  if (change.priority !== undefined) set.priority = change.priority;
  if (change.dueAt !== undefined) set.due_at = change.dueAt;
  if (change.followUpAt !== undefined) set.follow_up_at = change.followUpAt;
  const ops: RowOp[] = [];
  if (change.candidateUsers !== undefined || change.candidateGroups !== undefined) {
    const users = change.candidateUsers ?? [];
    const groups = change.candidateGroups ?? [];
    set.candidate_users = JSON.stringify(users);
    set.candidate_groups = JSON.stringify(groups);
    ops.push(
      { op: 'delete-where', table: 'task_candidates', column: 'task_id', value: taskId },
      ...candidateOps(taskId, users, groups),
    );
  }
  return [{ op: 'update', table: 'tasks', id: taskId, set }, ...ops];
}

/** The outbox rows of one effect. `now` stamps rows that record when they were written. */
export function effectOps(effect: Effect, step: StepRecord, now: number): RowOp[] {
  const state = step.state;
  switch (effect.kind) {
    case 'create-job': {
      const lease = step.lease?.types.has(effect.type) ? step.lease : undefined;
      return [
        {
          op: 'insert',
          table: 'jobs',
          row: {
            id: effect.jobId,
            instance_id: state.id,
            process_id: state.processId,
            element_id: effect.elementId,
            token_id: effect.tokenId,
            type: effect.type,
            state: 'ready',
            retries: effect.retries,
            attempt: lease ? 1 : 0,
            due_at: now,
            lease_owner: lease?.owner ?? null,
            lease_until: lease?.until ?? null,
            error: null,
            payload: JSON.stringify({ variables: effect.variables, headers: effect.headers }),
          },
        },
      ];
    }
    case 'retry-job':
      return [
        {
          op: 'update',
          table: 'jobs',
          id: effect.jobId,
          set: {
            retries: effect.retries,
            due_at: effect.retryAt,
            lease_owner: null,
            lease_until: null,
            error: effect.error,
          },
        },
      ];
    case 'delete-job':
      return [{ op: 'delete', table: 'jobs', id: effect.jobId }];
    case 'create-task':
      return [
        {
          op: 'insert',
          table: 'tasks',
          row: {
            id: effect.taskId,
            instance_id: state.id,
            process_id: state.processId,
            version: state.version,
            element_id: effect.elementId,
            token_id: effect.tokenId,
            name: effect.name ?? null,
            assignee: effect.assignee ?? null,
            candidate_users: JSON.stringify(effect.candidateUsers),
            candidate_groups: JSON.stringify(effect.candidateGroups),
            due_at: effect.dueAt ?? null,
            follow_up_at: effect.followUpAt ?? null,
            priority: effect.priority ?? null,
            form_key: effect.formKey ?? null,
            owner: null,
            started_at: null,
            suspended: 0,
            state: 'open',
            created_at: now,
            ended_at: null,
            ended_by: null,
            variables: JSON.stringify(effect.variables),
          },
        },
        ...candidateOps(effect.taskId, effect.candidateUsers, effect.candidateGroups),
      ];
    case 'update-task':
      return taskChangeOps(effect.taskId, effect.set);
    case 'close-task':
      return [
        {
          op: 'update',
          table: 'tasks',
          id: effect.taskId,
          set: { state: effect.outcome, ended_at: now, ended_by: effect.actor ?? null },
        },
        { op: 'delete-where', table: 'task_candidates', column: 'task_id', value: effect.taskId },
      ];
    case 'add-comment':
      return [
        {
          op: 'insert',
          table: 'task_comments',
          row: {
            id: effect.commentId,
            task_id: effect.taskId,
            instance_id: state.id,
            actor: effect.actor ?? null,
            text: effect.text,
            at: now,
          },
        },
      ];
    case 'schedule-timer':
      return [
        {
          op: 'insert',
          table: 'timers',
          row: timerRow({
            id: effect.timerId,
            ...(!effect.start && { instanceId: state.id }),
            processId: effect.start?.processId ?? state.processId,
            version: effect.start?.version ?? state.version,
            elementId: effect.elementId,
            ...(effect.tokenId !== undefined && { tokenId: effect.tokenId }),
            dueAt: effect.dueAt,
            ...(effect.repeat && { repeat: effect.repeat }),
            start: effect.start !== undefined,
          }),
        },
      ];
    case 'cancel-timer':
      return [{ op: 'delete', table: 'timers', id: effect.timerId }];
    case 'subscribe-message':
      return [
        {
          op: 'insert',
          table: 'subscriptions',
          row: subscriptionRow(
            {
              id: effect.subscriptionId,
              instanceId: state.id,
              processId: state.processId,
              version: state.version,
              elementId: effect.elementId,
              tokenId: effect.tokenId,
              channel: effect.channel ?? 'message',
              name: effect.name,
              ...(effect.correlationKey !== undefined && { correlationKey: effect.correlationKey }),
            },
            now,
          ),
        },
      ];
    case 'broadcast-signal':
      return [
        {
          op: 'insert',
          table: 'signals',
          row: signalRow(
            {
              id: effect.signalId,
              name: effect.name,
              ...(effect.variables && { variables: effect.variables }),
            },
            now,
          ),
        },
      ];
    case 'unsubscribe-message':
      return [{ op: 'delete', table: 'subscriptions', id: effect.subscriptionId }];
    case 'send-command':
      return [
        {
          op: 'insert',
          table: 'inbox',
          row: {
            id: effect.id,
            instance_id: effect.command.instanceId,
            command: JSON.stringify(effect.command),
            created_at: now,
          },
        },
      ];
    case 'notify':
      return [
        {
          op: 'insert',
          table: 'notifications',
          row: {
            id: effect.notificationId,
            key: effect.key,
            user_id: effect.user,
            type: effect.type,
            task_id: effect.taskId ?? null,
            instance_id: state.id,
            data: JSON.stringify(effect.data),
            created_at: now,
            sent_at: null,
            attempts: 0,
            error: null,
            read_at: null,
          },
        },
      ];
    case 'raise-incident':
      return [
        {
          op: 'insert',
          table: 'incidents',
          row: {
            id: effect.incidentId,
            instance_id: state.id,
            process_id: state.processId,
            element_id: effect.elementId,
            job_id: effect.jobId || null,
            message: effect.message,
            created_at: now,
            resolved_at: null,
          },
        },
        ...(effect.jobId
          ? [
              {
                op: 'update',
                table: 'jobs',
                id: effect.jobId,
                set: { state: 'failed', error: effect.message, lease_owner: null, lease_until: null },
              } as const,
            ]
          : []),
      ];
    case 'move-rows':
    case 'suspend-rows':
      return operatorRowOps(effect, state.id);
    case 'resolve-incident':
      return [
        { op: 'update', table: 'incidents', id: effect.incidentId, set: { resolved_at: now } },
        ...(effect.jobId && effect.retries > 0
          ? [
              {
                op: 'update',
                table: 'jobs',
                id: effect.jobId,
                set: {
                  state: 'ready',
                  retries: effect.retries,
                  due_at: now,
                  lease_owner: null,
                  lease_until: null,
                  error: null,
                },
              } as const,
            ]
          : []),
      ];
  }
}
