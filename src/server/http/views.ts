/**
 * The JSON the API answers with, one schema and one view function per shape. They follow the
 * CLI's `--json` shapes (docs/cli.md): ISO 8601 times, `null` for a field a record lacks, the
 * same names; records the API shows in more detail carry more fields, never other ones.
 */
import { z } from '@hono/zod-openapi';
import type { InstanceState, StoredHistoryEvent } from '../../core/types.js';
import type { InstanceDetails } from '../../engine/engine.js';
import type {
  DefinitionRecord,
  IncidentRecord,
  InstanceSummary,
  JobRecord,
  TaskRecord,
  TaskState,
} from '../../store/store.js';
import type { ApiKey, User } from '../auth/identity-store.js';
import { roles } from '../access/principal.js';

export const isoTime = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString();

const time = z.string().openapi({ format: 'date-time', example: '2025-03-01T09:30:00.000Z' });
const variables = z.record(z.string(), z.unknown()).openapi('Variables');
const instanceState = z.enum(['active', 'completed', 'terminated', 'failed']);

// ---- definitions -----------------------------------------------------------------------------

export const definitionSchema = z
  .object({
    processId: z.string(),
    name: z.string().nullable(),
    version: z.number().int(),
    deployedAt: time,
    resourceName: z.string().nullable(),
  })
  .openapi('Definition');

export function definitionView(definition: Omit<DefinitionRecord, 'source' | 'graph'>) {
  return {
    processId: definition.processId,
    name: definition.name ?? null,
    version: definition.version,
    deployedAt: isoTime(definition.deployedAt)!,
    resourceName: definition.resourceName ?? null,
  };
}

export const definitionSourceSchema = definitionSchema
  .extend({ sourceKind: z.enum(['bpmn', 'graph']), source: z.string() })
  .openapi('DefinitionWithSource');

export const definitionSourceView = (definition: DefinitionRecord) => ({
  ...definitionView(definition),
  sourceKind: definition.sourceKind,
  source: definition.source,
});

// ---- instances -------------------------------------------------------------------------------

export const instanceSummarySchema = z
  .object({
    id: z.string(),
    processId: z.string(),
    version: z.number().int(),
    state: instanceState,
    businessKey: z.string().nullable(),
    startedAt: time,
    endedAt: time.nullable(),
    parentId: z.string().nullable(),
  })
  .openapi('InstanceSummary');

export function instanceSummaryView(instance: InstanceSummary) {
  return {
    id: instance.id,
    processId: instance.processId,
    version: instance.version,
    state: instance.status,
    businessKey: instance.businessKey ?? null,
    startedAt: isoTime(instance.startedAt)!,
    endedAt: isoTime(instance.endedAt),
    parentId: instance.parentId ?? null,
  };
}

export const summaryOfState = (state: InstanceState): InstanceSummary => ({
  id: state.id,
  processId: state.processId,
  version: state.version,
  ...(state.businessKey !== undefined && { businessKey: state.businessKey }),
  status: state.status,
  startedAt: state.startedAt,
  ...(state.endedAt !== undefined && { endedAt: state.endedAt }),
  ...(state.parent && { parentId: state.parent.instanceId }),
});

export const historySchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    elementId: z.string().nullable(),
    elementType: z.string().nullable(),
    at: time,
    actor: z.string().nullable(),
  })
  .openapi('HistoryEvent');

export const historyView = (event: StoredHistoryEvent) => ({
  seq: event.seq,
  type: event.type,
  elementId: event.elementId ?? null,
  elementType: event.elementType ?? null,
  at: isoTime(event.at)!,
  actor: event.actor ?? null,
});

export const incidentSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    processId: z.string(),
    elementId: z.string(),
    jobId: z.string().nullable(),
    message: z.string(),
    createdAt: time,
    resolvedAt: time.nullable(),
  })
  .openapi('Incident');

export const incidentView = (incident: IncidentRecord) => ({
  id: incident.id,
  instanceId: incident.instanceId,
  processId: incident.processId,
  elementId: incident.elementId,
  jobId: incident.jobId ?? null,
  message: incident.message,
  createdAt: isoTime(incident.createdAt)!,
  resolvedAt: isoTime(incident.resolvedAt),
});

export const instanceSchema = instanceSummarySchema
  .extend({
    activeElements: z.array(z.string()),
    variables,
    incidents: z.array(incidentSchema).openapi({ description: 'Open incidents.' }),
    history: z.array(historySchema),
  })
  .openapi('Instance');

export const instanceView = (instance: InstanceDetails) => ({
  ...instanceSummaryView(instance),
  activeElements: instance.activeElements,
  variables: instance.variables,
  incidents: instance.incidents.filter((i) => i.resolvedAt === undefined).map(incidentView),
  history: instance.history.map(historyView),
});

// ---- tasks -----------------------------------------------------------------------------------

/** Every state a task record can be in; the type check below fails when the store adds one. */
export const taskStates = [
  'open',
  'completed',
  'cancelled',
  'skipped',
  'failed',
] as const satisfies readonly TaskState[];
type Exhaustive<T extends never> = T;
type _EveryTaskState = Exhaustive<Exclude<TaskState, (typeof taskStates)[number]>>;

export const taskSchema = z
  .object({
    id: z.string(),
    elementId: z.string(),
    name: z.string().nullable(),
    instanceId: z.string(),
    processId: z.string(),
    state: z.enum(taskStates),
    assignee: z.string().nullable(),
    owner: z.string().nullable().openapi({ description: 'While delegated: who delegated it.' }),
    suspended: z.boolean(),
    startedAt: time.nullable(),
    candidateUsers: z.array(z.string()),
    candidateGroups: z.array(z.string()),
    due: time.nullable(),
    followUp: time.nullable(),
    priority: z.number().nullable(),
    formKey: z.string().nullable(),
    createdAt: time,
    endedAt: time.nullable(),
    endedBy: z.string().nullable(),
  })
  .openapi('Task');

export const taskView = (task: TaskRecord) => ({
  id: task.id,
  elementId: task.elementId,
  name: task.name ?? null,
  instanceId: task.instanceId,
  processId: task.processId,
  state: task.state,
  assignee: task.assignee ?? null,
  owner: task.owner ?? null,
  suspended: task.suspended,
  startedAt: isoTime(task.startedAt),
  candidateUsers: [...task.candidateUsers],
  candidateGroups: [...task.candidateGroups],
  due: isoTime(task.dueAt),
  followUp: isoTime(task.followUpAt),
  priority: task.priority ?? null,
  formKey: task.formKey ?? null,
  createdAt: isoTime(task.createdAt)!,
  endedAt: isoTime(task.endedAt),
  endedBy: task.endedBy ?? null,
});

export const taskDetailSchema = taskSchema
  .extend({ variables: variables.openapi({ description: 'The variables the task was created with.' }) })
  .openapi('TaskDetail');

export const taskDetailView = (task: TaskRecord) => ({ ...taskView(task), variables: task.variables });

// ---- jobs ------------------------------------------------------------------------------------

export const jobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    attempt: z
      .number()
      .int()
      .openapi({ description: 'Send it back with the report: it fences stale workers.' }),
    retries: z.number().int(),
    instanceId: z.string(),
    processId: z.string(),
    elementId: z.string(),
    variables,
    headers: z.record(z.string(), z.string()),
    lockedUntil: time.nullable(),
    error: z.string().nullable(),
  })
  .openapi('Job');

export const jobView = (job: JobRecord) => ({
  id: job.id,
  type: job.type,
  attempt: job.attempt,
  retries: job.retries,
  instanceId: job.instanceId,
  processId: job.processId,
  elementId: job.elementId,
  variables: job.variables,
  headers: { ...job.headers },
  lockedUntil: isoTime(job.leaseUntil),
  error: job.error ?? null,
});

// ---- identities ------------------------------------------------------------------------------

export const roleSchema = z.enum(roles).openapi('Role');

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    tenant: z.string(),
    roles: z.array(roleSchema),
    groups: z.array(z.string()),
    disabled: z.boolean(),
    createdAt: time,
  })
  .openapi('User');

export const userView = (user: User) => ({
  id: user.id,
  username: user.username,
  tenant: user.tenant,
  roles: user.roles,
  groups: user.groups,
  disabled: user.disabled,
  createdAt: isoTime(user.createdAt)!,
});

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tenant: z.string(),
    roles: z.array(roleSchema),
    createdAt: time,
    createdBy: z.string(),
    lastUsedAt: time.nullable(),
    revokedAt: time.nullable(),
  })
  .openapi('ApiKey');

export const apiKeyView = (key: ApiKey) => ({
  id: key.id,
  name: key.name,
  tenant: key.tenant,
  roles: key.roles,
  createdAt: isoTime(key.createdAt)!,
  createdBy: key.createdBy,
  lastUsedAt: isoTime(key.lastUsedAt),
  revokedAt: isoTime(key.revokedAt),
});

export { variables as variablesSchema };
