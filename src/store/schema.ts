/** Row types of the tables, for kysely's typed queries. */
import type { Generated } from 'kysely';

export interface DefinitionRow {
  process_id: string;
  version: number;
  name: string | null;
  hash: string;
  resource_name: string | null;
  source: string;
  source_kind: string;
  graph: string;
  deployed_at: number;
}
export interface InstanceRow {
  id: string;
  process_id: string;
  version: number;
  business_key: string | null;
  status: string;
  rev: number;
  state: string;
  started_at: number;
  ended_at: number | null;
  parent_id: string | null;
}
/** One step's history events; `events` is a JSON array of StepEvent. */
export interface HistoryRow {
  seq: Generated<number>;
  instance_id: string;
  process_id: string;
  version: number;
  at: number;
  events: string;
}
export interface JobRow {
  id: string;
  instance_id: string;
  process_id: string;
  element_id: string;
  token_id: string;
  type: string;
  state: string;
  retries: number;
  attempt: number;
  due_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  error: string | null;
  payload: string;
  /** 1 while its instance is suspended (0005-versions): not acquired. */
  suspended: number;
}
export interface TimerRow {
  id: string;
  instance_id: string | null;
  process_id: string;
  version: number;
  element_id: string;
  token_id: string | null;
  due_at: number;
  repeat: string | null;
  start: number;
  /** 1 while its instance or process version is suspended (0005-versions): not due. */
  suspended: number;
}
export interface SubscriptionRow {
  id: string;
  instance_id: string | null;
  process_id: string;
  version: number;
  element_id: string;
  token_id: string | null;
  channel: string;
  name: string;
  correlation_key: string | null;
  created_at: number;
}
export interface SignalRow {
  id: string;
  name: string;
  variables: string | null;
  created_at: number;
}
export interface InboxRow {
  id: string;
  instance_id: string;
  command: string;
  created_at: number;
}
export interface TaskRow {
  id: string;
  instance_id: string;
  process_id: string;
  version: number;
  element_id: string;
  token_id: string;
  name: string | null;
  assignee: string | null;
  candidate_users: string;
  candidate_groups: string;
  due_at: number | null;
  follow_up_at: number | null;
  priority: number | null;
  form_key: string | null;
  owner: string | null;
  started_at: number | null;
  suspended: number;
  state: string;
  created_at: number;
  ended_at: number | null;
  ended_by: string | null;
  variables: string;
}
export interface TaskCandidateRow {
  kind: string;
  name: string;
  task_id: string;
}
export interface TaskCommentRow {
  id: string;
  task_id: string;
  instance_id: string;
  actor: string | null;
  text: string;
  at: number;
}
export interface IncidentRow {
  id: string;
  instance_id: string;
  process_id: string;
  element_id: string;
  job_id: string | null;
  message: string;
  created_at: number;
  resolved_at: number | null;
}

export interface NodeRow {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  heartbeat_at: number;
  lease_until: number;
  singletons: string;
}

export interface Database {
  definitions: DefinitionRow;
  instances: InstanceRow;
  history: HistoryRow;
  jobs: JobRow;
  timers: TimerRow;
  subscriptions: SubscriptionRow;
  inbox: InboxRow;
  signals: SignalRow;
  tasks: TaskRow;
  task_candidates: TaskCandidateRow;
  task_comments: TaskCommentRow;
  incidents: IncidentRow;
  notifications: NotificationRow;
  nodes: NodeRow;
  version_settings: VersionSettingsRow;
}

/** Per process version: suspended, and how long ended instances' history is kept (0005-versions). */
export interface VersionSettingsRow {
  process_id: string;
  version: number;
  suspended: number;
  history_ttl_ms: number | null;
  updated_at: number;
}

/** A notification to one person: the outbox of the notifier and the in-app feed (0003-work). */
export interface NotificationRow {
  id: string;
  key: string;
  user_id: string;
  type: string;
  task_id: string | null;
  instance_id: string;
  data: string;
  created_at: number;
  sent_at: number | null;
  attempts: number;
  error: string | null;
  read_at: number | null;
}
