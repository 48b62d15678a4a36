/**
 * The Store: where instances, their history and their outbox live. One interface, one test
 * suite, two implementations (SQLite now, PostgreSQL at scale). A commit writes a batch of
 * steps in one transaction; each step is all or nothing inside it, and a step whose instance
 * moved on since it was read (stale `expectedRev`) or whose consumed row is gone is rejected
 * alone, so the engine can retry it from fresh state.
 */
import type {
  Command,
  Effect,
  HistoryEvent,
  InstanceState,
  InstanceStatus,
  StoredHistoryEvent,
  TimerRepeat,
  Variables,
} from '../core/types.js';
import type { ProcessGraph } from '../model/graph.js';
import type { VersionSettings } from './version-settings.js';

export type { VersionSettings };

export interface DefinitionRecord {
  readonly processId: string;
  readonly version: number;
  readonly name?: string;
  /** Hash of the deployed source: deploying the same content again returns this version. */
  readonly hash: string;
  readonly resourceName?: string;
  readonly source: string;
  readonly sourceKind: 'bpmn' | 'graph';
  readonly graph: ProcessGraph;
  readonly deployedAt: number;
}

export interface InstanceRecord {
  readonly state: InstanceState;
  /** Optimistic concurrency: bumped by every commit of the instance. */
  readonly rev: number;
}

/** A row the step takes out of the outbox; if it is gone, the step is stale. */
export type Consume =
  | { readonly kind: 'job'; readonly jobId: string; readonly attempt: number }
  | { readonly kind: 'timer'; readonly timerId: string }
  | { readonly kind: 'inbox'; readonly id: string }
  | { readonly kind: 'signal'; readonly id: string };

export interface StepRecord {
  readonly state: InstanceState;
  /** The rev the step was computed from; 0 for a new instance. */
  readonly expectedRev: number;
  readonly events: readonly HistoryEvent[];
  readonly effects: readonly Effect[];
  readonly consume?: Consume;
  /**
   * Jobs this step creates, of the types this node has handlers for, are leased at once to
   * this node's executor, which runs them straight after the commit without polling.
   */
  readonly lease?: { readonly owner: string; readonly until: number; readonly types: ReadonlySet<string> };
}

export type CommitOutcome = 'committed' | 'conflict' | 'stale';

export interface JobRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly tokenId: string;
  readonly type: string;
  readonly retries: number;
  /** Fencing: each acquisition increments it; only the current attempt may complete the job. */
  readonly attempt: number;
  readonly variables: Variables;
  readonly headers?: Readonly<Record<string, string>>;
  readonly dueAt: number;
  readonly leaseOwner?: string;
  readonly leaseUntil?: number;
  readonly error?: string;
  readonly state: 'ready' | 'failed';
}

export interface TimerRecord {
  readonly id: string;
  readonly instanceId?: string;
  readonly processId: string;
  readonly version: number;
  readonly elementId: string;
  readonly tokenId?: string;
  readonly dueAt: number;
  readonly repeat?: TimerRepeat;
  /** A timer start event: firing starts a new instance. */
  readonly start: boolean;
}

export interface SubscriptionRecord {
  readonly id: string;
  /** Absent for a message start event of a deployed definition. */
  readonly instanceId?: string;
  readonly processId: string;
  readonly version: number;
  readonly elementId: string;
  readonly tokenId?: string;
  /** Signals go to every subscriber; messages to one. */
  readonly channel: 'message' | 'signal';
  readonly name: string;
  readonly correlationKey?: string;
}

export interface SignalRecord {
  readonly id: string;
  readonly name: string;
  readonly variables?: Variables;
}

export interface InboxRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly command: Command;
}

export type TaskState = 'open' | 'completed' | 'cancelled' | 'skipped' | 'failed';

export interface TaskRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly processId: string;
  readonly version: number;
  readonly elementId: string;
  readonly tokenId: string;
  readonly name?: string;
  readonly assignee?: string;
  readonly candidateUsers: readonly string[];
  readonly candidateGroups: readonly string[];
  readonly dueAt?: number;
  readonly followUpAt?: number;
  readonly priority?: number;
  readonly formKey?: string;
  /** While delegated: who delegated it. */
  readonly owner?: string;
  readonly startedAt?: number;
  readonly suspended: boolean;
  readonly state: TaskState;
  readonly createdAt: number;
  readonly endedAt?: number;
  readonly endedBy?: string;
  readonly variables: Variables;
}

export interface IncidentRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly jobId?: string;
  readonly message: string;
  readonly createdAt: number;
  readonly resolvedAt?: number;
}

export interface InstanceSummary {
  readonly id: string;
  readonly processId: string;
  readonly version: number;
  readonly businessKey?: string;
  readonly status: InstanceStatus;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly parentId?: string;
}

export interface Page<T> {
  readonly items: T[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

export interface InstanceFilter {
  readonly processId?: string;
  readonly status?: InstanceStatus;
  readonly businessKey?: string;
  readonly limit?: number;
  readonly after?: string;
}

export interface TaskFilter {
  readonly assignee?: string;
  readonly candidateUser?: string;
  readonly candidateGroup?: string;
  /** "Mine and my groups'": assigned to the user, or unassigned and offered to them or a group. */
  readonly workableBy?: { readonly user: string; readonly groups: readonly string[] };
  readonly instanceId?: string;
  readonly processId?: string;
  /** Due before this instant (epoch ms). */
  readonly dueBefore?: number;
  readonly state?: TaskState;
  /** Default: creation order, paged by `after`. By due date or priority, paged by `offset`. */
  readonly orderBy?: 'created' | 'due' | 'priority';
  readonly limit?: number;
  readonly after?: string;
  readonly offset?: number;
}

export interface TaskComment {
  readonly id: string;
  readonly taskId: string;
  readonly actor?: string;
  readonly text: string;
  readonly at: number;
}

export type WorkKind = 'jobs' | 'timers' | 'inbox' | 'signals';

export interface NodeRecord {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: number;
  readonly heartbeatAt: number;
  /** The node counts as alive until then; its job leases are its own to renew. */
  readonly leaseUntil: number;
  readonly alive: boolean;
  /** Cluster-wide duties it holds, e.g. 'timers'. */
  readonly singletons: readonly string[];
  /** Jobs it holds under a live lease now. */
  readonly jobLeases: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Rows inserted, updated or deleted by commits since the store opened (for benchmarks). */
  readonly rowsWritten: number;

  // definitions
  /**
   * Stores a new version of a process (or returns the existing one with the same hash) and,
   * in the same transaction, replaces the start timers and message start subscriptions of
   * the older versions with those of the new one.
   */
  deploy(
    definition: Omit<DefinitionRecord, 'version'>,
    starts: (version: number) => { timers: TimerRecord[]; messages: SubscriptionRecord[] },
  ): Promise<{ definition: DefinitionRecord; created: boolean }>;
  findDefinition(processId: string, version?: number): Promise<DefinitionRecord | undefined>;
  findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined>;
  listDefinitions(): Promise<Omit<DefinitionRecord, 'source' | 'graph'>[]>;

  // instances and steps
  loadInstance(id: string): Promise<InstanceRecord | undefined>;
  /** `now` stamps outbox rows (task creation, incident time); steps carry their own event times. */
  commit(steps: readonly StepRecord[], now: number): Promise<CommitOutcome[]>;
  /** Removes a consumed row whose command was rejected (a stale timer, a duplicate inbox entry). */
  discard(consume: Consume): Promise<void>;

  // queries
  listInstances(filter: InstanceFilter): Promise<Page<InstanceSummary>>;
  history(instanceId: string): Promise<StoredHistoryEvent[]>;
  getTask(id: string): Promise<TaskRecord | undefined>;
  listTasks(filter: TaskFilter): Promise<Page<TaskRecord>>;
  countTasks(filter: TaskFilter): Promise<number>;
  taskComments(taskId: string): Promise<TaskComment[]>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  listIncidents(filter: { instanceId?: string; open?: boolean }): Promise<IncidentRecord[]>;
  getJob(id: string): Promise<JobRecord | undefined>;
  countOpen(): Promise<{ jobs: number; timers: number; inbox: number }>;

  // work for the scheduler and executors
  acquireJobs(options: {
    owner: string;
    now: number;
    leaseMs: number;
    limit: number;
    types?: readonly string[];
  }): Promise<JobRecord[]>;
  /** Renews the leases this owner still holds on running jobs; returns how many it renewed. */
  extendLeases(
    owner: string,
    jobs: readonly { id: string; attempt: number }[],
    until: number,
  ): Promise<number>;
  dueTimers(until: number, limit: number): Promise<TimerRecord[]>;
  nextTimerDue(): Promise<number | undefined>;
  findSubscriptions(
    name: string,
    correlationKey: string | undefined,
    channel?: 'message' | 'signal',
  ): Promise<SubscriptionRecord[]>;
  /** Records a signal thrown from outside an instance, to be broadcast. */
  addSignal(signal: SignalRecord, now: number): Promise<void>;
  pendingSignals(limit: number): Promise<SignalRecord[]>;
  pendingInbox(limit: number): Promise<InboxRecord[]>;

  // cluster
  /**
   * Calls `listener` when another node wrote work this node may take: jobs not leased to
   * anyone, timers, inbox rows or signals (PostgreSQL LISTEN/NOTIFY; on SQLite never).
   */
  onWork(listener: (kind: WorkKind) => void): () => void;
  /**
   * Takes, or confirms it still holds, a cluster-wide lock that lasts as long as this store's
   * session (a PostgreSQL advisory lock); true while held. SQLite has one writer: always true.
   */
  holdLock(name: string): Promise<boolean>;
  /** Lets go of a lock taken with holdLock (a node stopping), so another node takes it at once. */
  releaseLock(name: string): Promise<void>;
  /** Writes this node's row with a lease of `ttlMs`, and forgets nodes dead for a day. */
  heartbeat(node: Omit<NodeRecord, 'leaseUntil' | 'jobLeases' | 'alive'>, ttlMs: number): Promise<void>;
  listNodes(now: number): Promise<NodeRecord[]>;

  // rules and automation (rules-store.ts answers them for any kysely store)
  deployDecision(
    decision: Omit<DecisionRecord, 'version'>,
  ): Promise<{ decision: DecisionRecord; created: boolean }>;
  findDecision(decisionId: string, version?: number): Promise<DecisionRecord | undefined>;
  listDecisions(): Promise<Omit<DecisionRecord, 'source'>[]>;
  saveWebhook(webhook: WebhookRecord): Promise<void>;
  getWebhook(name: string): Promise<WebhookRecord | undefined>;
  /**
   * Records a webhook delivery once per idempotency key and, in the same transaction, queues
   * the command it carries as an inbox row; a repeat writes nothing and gets the first one's
   * instance.
   */
  /** The instance the delivery of this key acted on, if it was delivered before. */
  findDelivery(webhook: string, key: string): Promise<string | undefined>;
  claimDelivery(
    delivery: { webhook: string; key: string; now: number },
    inbox: InboxRecord,
  ): Promise<{ instanceId: string; first: boolean }>;

  // versions and change (version-settings.ts answers them for any kysely store)
  versionSettings(processId?: string): Promise<VersionSettings[]>;
  saveVersionSettings(
    processId: string,
    version: number,
    change: { suspended?: boolean; historyTtlMs?: number | null },
    now: number,
  ): Promise<void>;
  /** Deletes up to `limit` instances of the version ended before `endedBefore`, with their history. */
  purgeEnded(
    processId: string,
    version: number,
    endedBefore: number,
    limit: number,
  ): Promise<{ instances: number; historyRows: number }>;

  close(): Promise<void>;
}

/** One decision of a deployed DMN file; `source` is the whole file (a decision may require others in it). */
export interface DecisionRecord {
  readonly decisionId: string;
  readonly version: number;
  readonly name?: string;
  readonly hash: string;
  readonly resourceName?: string;
  readonly source: string;
  readonly deployedAt: number;
}

/** An inbound webhook: what a signed delivery to it does. */
export interface WebhookRecord {
  readonly name: string;
  /** The HMAC-SHA256 key deliveries are signed with. */
  readonly secret: string;
  /** Start the latest version of a process, or correlate a message. */
  readonly action:
    { readonly start: string } | { readonly message: string; readonly correlationKey?: string };
  /** FEEL over `body` and `headers` giving the variables (a context); default the body. */
  readonly variables?: string;
  /** FEEL over `body` and `headers` giving the idempotency key; default the Idempotency-Key header. */
  readonly idempotencyKey?: string;
  readonly updatedAt: number;
}
