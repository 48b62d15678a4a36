/** Rows back to records. Shared by every dialect. */
import type { Command, InstanceStatus, StoredHistoryEvent, TimerRepeat } from '../core/types.js';
import type { ProcessGraph } from '../model/graph.js';
import { eventsPerRow, type StepEvent } from './outbox-rows.js';
import type {
  DefinitionRow,
  HistoryRow,
  IncidentRow,
  InstanceRow,
  JobRow,
  SubscriptionRow,
  TaskRow,
  TimerRow,
} from './schema.js';
import type {
  DefinitionRecord,
  IncidentRecord,
  InstanceSummary,
  JobRecord,
  SubscriptionRecord,
  TaskRecord,
  TaskState,
  TimerRecord,
} from './store.js';

type Selected<T> = { [K in keyof T]: T[K] extends { __select__: infer S } ? S : T[K] };

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
const num = (value: number | string): number => (typeof value === 'string' ? Number(value) : value);
const optNum = (value: number | string | null): number | undefined =>
  value === null ? undefined : num(value);

export function definitionRecord(row: DefinitionRow): DefinitionRecord {
  return {
    processId: row.process_id,
    version: num(row.version),
    ...(row.name !== null && { name: row.name }),
    hash: row.hash,
    ...(row.resource_name !== null && { resourceName: row.resource_name }),
    source: row.source,
    sourceKind: row.source_kind as DefinitionRecord['sourceKind'],
    graph: JSON.parse(row.graph) as ProcessGraph,
    deployedAt: num(row.deployed_at),
  };
}

export function instanceSummary(row: Omit<InstanceRow, 'state' | 'rev'>): InstanceSummary {
  return {
    id: row.id,
    processId: row.process_id,
    version: num(row.version),
    ...(row.business_key !== null && { businessKey: row.business_key }),
    status: row.status as InstanceStatus,
    startedAt: num(row.started_at),
    ...(row.ended_at !== null && { endedAt: num(row.ended_at) }),
    ...(row.parent_id !== null && { parentId: row.parent_id }),
  };
}

/**
 * The events of a step row. Each event's seq is the row's seq times 1024 plus its place in the
 * step, so seqs keep commit order and stay unique (a step never records more than 1024 events).
 */
export function historyEvents(row: Selected<HistoryRow>): StoredHistoryEvent[] {
  const base = num(row.seq) * eventsPerRow;
  const events = JSON.parse(row.events) as StepEvent[];
  return events.map((event, i) => ({
    seq: base + i,
    instanceId: row.instance_id,
    processId: row.process_id,
    version: num(row.version),
    ...event,
  }));
}

export function jobRecord(row: JobRow): JobRecord {
  const payload = JSON.parse(row.payload) as Pick<JobRecord, 'variables' | 'headers'>;
  return {
    id: row.id,
    instanceId: row.instance_id,
    processId: row.process_id,
    elementId: row.element_id,
    tokenId: row.token_id,
    type: row.type,
    retries: num(row.retries),
    attempt: num(row.attempt),
    variables: payload.variables,
    ...(payload.headers && { headers: payload.headers }),
    dueAt: num(row.due_at),
    ...(row.lease_owner !== null && { leaseOwner: row.lease_owner }),
    ...(row.lease_until !== null && { leaseUntil: num(row.lease_until) }),
    ...(row.error !== null && { error: row.error }),
    state: row.state as JobRecord['state'],
  };
}

export function timerRecord(row: TimerRow): TimerRecord {
  return {
    id: row.id,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    processId: row.process_id,
    version: num(row.version),
    elementId: row.element_id,
    ...(row.token_id !== null && { tokenId: row.token_id }),
    dueAt: num(row.due_at),
    ...(row.repeat !== null && { repeat: JSON.parse(row.repeat) as TimerRepeat }),
    start: num(row.start) === 1,
  };
}

export function subscriptionRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    ...(row.instance_id !== null && { instanceId: row.instance_id }),
    processId: row.process_id,
    version: num(row.version),
    elementId: row.element_id,
    ...(row.token_id !== null && { tokenId: row.token_id }),
    channel: row.channel === 'signal' ? 'signal' : 'message',
    name: row.name,
    ...(row.correlation_key !== null && { correlationKey: row.correlation_key }),
  };
}

export function taskRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    processId: row.process_id,
    version: num(row.version),
    elementId: row.element_id,
    tokenId: row.token_id,
    ...(row.name !== null && { name: row.name }),
    ...(row.assignee !== null && { assignee: row.assignee }),
    candidateUsers: JSON.parse(row.candidate_users) as string[],
    candidateGroups: JSON.parse(row.candidate_groups) as string[],
    ...(row.due_at !== null && { dueAt: num(row.due_at) }),
    ...(row.follow_up_at !== null && { followUpAt: num(row.follow_up_at) }),
    ...(row.priority !== null && { priority: num(row.priority) }),
    ...(row.form_key !== null && { formKey: row.form_key }),
    ...(row.owner !== null && { owner: row.owner }),
    ...(row.started_at !== null && { startedAt: num(row.started_at) }),
    suspended: num(row.suspended) === 1,
    state: row.state as TaskState,
    createdAt: num(row.created_at),
    ...(row.ended_at !== null && { endedAt: num(row.ended_at) }),
    ...(row.ended_by !== null && { endedBy: row.ended_by }),
    variables: JSON.parse(row.variables) as TaskRecord['variables'],
  };
}

export function incidentRecord(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    processId: row.process_id,
    elementId: row.element_id,
    ...(row.job_id !== null && { jobId: row.job_id }),
    message: row.message,
    createdAt: num(row.created_at),
    ...(optNum(row.resolved_at) !== undefined && { resolvedAt: num(row.resolved_at!) }),
  };
}

export const parseCommand = (text: string): Command => JSON.parse(text) as Command;
export { opt };
