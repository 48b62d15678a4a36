/**
 * The composition root. `createSluice` wires a store, a clock and a logger to the command
 * processor, the job executor, the timer scheduler and the inbox; everything is passed in,
 * nothing is global, so tests swap any part. Commands (start, complete, correlate ...) work
 * without `run()`; `run()` adds the background work: jobs, timers and inbox deliveries.
 */
import { hostname } from 'node:os';
import type {
  Command,
  HistoryEvent,
  InstanceState,
  StoredHistoryEvent,
  TaskAction,
  Variables,
} from '../core/types.js';
import type { ProcessGraph } from '../model/graph.js';
import { openStore } from '../store/open-store.js';
import type {
  InboxRecord,
  IncidentRecord,
  InstanceFilter,
  InstanceSummary,
  Page,
  Store,
  TaskComment,
  TaskFilter,
  TaskRecord,
} from '../store/store.js';
import { type Clock, systemClock } from './clock.js';
import { CommandProcessor, type StepOutcome } from './command-processor.js';
import {
  Definitions,
  type Deployed,
  type DeployFile,
  type DeployOptions,
  type DeployResult,
} from './definitions.js';
import { SluiceError } from './errors.js';
import { uuidv7 } from './ids.js';
import { InboxDispatcher } from './inbox-dispatcher.js';
import { type JobHandler, JobExecutor } from './job-executor.js';
import { type JobOutcome, JobReports } from './job-report.js';
import { decisionHandler } from './decision-job.js';
import { Decisions, type DeployedDecision, deployWithDecisions } from './decisions.js';
import { DECISION_JOB_TYPE } from '../model/compile-decision.js';
import { type ConnectorOptions, connectorHandlers } from '../connect/connectors.js';
import { type ClusterOptions, ClusterMember } from './cluster.js';
import { SignalBroadcaster } from './signal-broadcaster.js';
import { createVersionChange, type VersionChange } from './migration-api.js';
import { SuspendedVersions } from './suspension.js';
import { TimerScheduler } from './timer-scheduler.js';
import { createWork, type WorkApi, type WorkOptions } from './work-service.js';

export interface Logger {
  error(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

const silentLogger: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

export interface SluiceOptions {
  /** A store, or the path of the SQLite file to open (default ./.sluice/sluice.db). */
  readonly store?: Store;
  readonly db?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly handlers?: Record<string, JobHandler>;
  /** Name of this node in job leases. */
  readonly nodeId?: string;
  readonly executor?: { concurrency?: number; leaseMs?: number; pollMs?: number };
  /** Heartbeats and cluster-wide duties (docs/operations.md). */
  readonly cluster?: ClusterOptions;
  /** How often timers and the inbox are checked for work from other processes. */
  readonly pollMs?: number;
  /**
   * The groups a user belongs to. When given, only the assignee, or a candidate of an
   * unassigned task, may claim, start or complete it; without it anyone may (local use).
   */
  readonly groupsOf?: (user: string) => Promise<readonly string[]> | readonly string[];
  /** People and work: directory, mailer, webhook, forms (docs/work.md). */
  readonly work?: WorkOptions;
  /** Built-in connectors (sluice:http, sluice:email, sluice:webhook): outbound policy, SMTP, secrets. */
  readonly connectors?: ConnectorOptions;
  /** SQLite only: FULL (default) or NORMAL. */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

export interface StartOptions {
  readonly variables?: Variables;
  readonly businessKey?: string;
  readonly version?: number;
  readonly actor?: string;
  /** Chosen by the caller to make a start idempotent: a second start with it is refused 'instance-exists'. */
  readonly instanceId?: string;
}

export interface InstanceDetails extends InstanceSummary {
  readonly activeElements: string[];
  readonly variables: Variables;
  readonly incidents: IncidentRecord[];
  readonly history: StoredHistoryEvent[];
}

export type EventListener = (events: readonly HistoryEvent[], state: InstanceState) => void;

export interface Sluice extends VersionChange {
  readonly store: Store;
  readonly clock: Clock;
  /** People and work: directory, forms, attachments, piles, notifications, a task's RACI and SLA. */
  readonly work: WorkApi;
  /** BPMN and DMN files: processes and decisions become new versions, or none do. */
  deploy(
    files: readonly DeployFile[],
    options?: DeployOptions,
  ): Promise<DeployResult & { readonly decisions: DeployedDecision[] }>;
  /** Deployed DMN decisions: list and evaluate them. */
  readonly decisions: Decisions;
  deployGraph(graph: ProcessGraph): Promise<Deployed>;
  definitions(): ReturnType<Definitions['list']>;
  start(processId: string, options?: StartOptions): Promise<{ instanceId: string; state: InstanceState }>;
  /** Any work-item operation on a user task (claim, delegate, suspend, comment ...), recorded with its actor and reason. */
  taskAction(
    taskId: string,
    action: TaskAction,
    by?: { actor?: string; reason?: string },
  ): Promise<{ instanceId: string }>;
  taskComments(taskId: string): Promise<TaskComment[]>;
  claimTask(taskId: string, actor: string): Promise<{ instanceId: string }>;
  completeTask(
    taskId: string,
    options?: { variables?: Variables; actor?: string },
  ): Promise<{ instanceId: string }>;
  correlate(
    name: string,
    options?: { correlationKey?: string; variables?: Variables },
  ): Promise<{ instanceId: string; started: boolean }>;
  /**
   * Applies a command queued in the inbox outside a step (a webhook delivery, written with its
   * idempotency key), consuming the row; if this node stops first, the inbox dispatcher of
   * any node applies it later. Rejected as `stale` when the dispatcher applied it already.
   */
  applyInbox(row: InboxRecord): Promise<{ instanceId: string }>;
  /** Broadcasts a signal to every instance and process listening for it; returns how many took it. */
  signal(name: string, options?: { variables?: Variables }): Promise<{ delivered: number }>;
  cancel(instanceId: string, options?: { actor?: string; reason?: string }): Promise<void>;
  /** WCP-15: more items for a running multi-instance activity, one instance each. */
  addInstances(
    instanceId: string,
    elementId: string,
    items: readonly unknown[],
    options?: { actor?: string },
  ): Promise<void>;
  /** WCP-17/40: start these offered activities of a running ad-hoc subprocess with sluice:activation="chosen". */
  activateAdHoc(
    instanceId: string,
    elementId: string,
    activityIds: readonly string[],
    options?: { actor?: string },
  ): Promise<void>;
  retryIncident(
    incidentId: string,
    options?: { retries?: number; actor?: string },
  ): Promise<{ instanceId: string }>;
  instance(id: string): Promise<InstanceDetails>;
  instances(filter?: InstanceFilter): Promise<Page<InstanceSummary>>;
  tasks(filter?: TaskFilter): Promise<Page<TaskRecord>>;
  incidents(filter?: { instanceId?: string; open?: boolean }): Promise<IncidentRecord[]>;
  registerHandler(type: string, handler: JobHandler): void;
  /** Reports a job's outcome, fenced by the attempt the reporter's lock came with (external workers). */
  reportJob(jobId: string, attempt: number, outcome: JobOutcome): Promise<{ instanceId: string }>;
  /** Listens to every committed step's history events. Returns an unsubscribe function. */
  onEvents(listener: EventListener): () => void;
  /** Starts the background work: job executor, timer scheduler, inbox. */
  run(): void;
  /** Resolves when no command, job or inbox delivery is in progress in this process. */
  idle(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function createSluice(options: SluiceOptions = {}): Promise<Sluice> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const store =
    options.store ??
    (await openStore(options.db ?? './.sluice/sluice.db', {
      ...(options.synchronous && { synchronous: options.synchronous }),
      onError: (error) => logger.warn({ err: error }, 'database connection lost; reconnecting'),
    }));
  const newId = (): string => uuidv7(clock.now());
  const nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  const decisions = new Decisions(store, clock);
  const handlers = new Map<string, JobHandler>([
    [DECISION_JOB_TYPE, decisionHandler(decisions)],
    ...connectorHandlers(options.connectors ?? {}, () => clock.now()),
    ...Object.entries(options.handlers ?? {}),
  ]);
  const listeners = new Set<EventListener>();
  const definitions = new Definitions(store, clock, newId);
  const pollMs = options.pollMs ?? 1000;
  const executorOptions = {
    concurrency: options.executor?.concurrency ?? 64,
    leaseMs: options.executor?.leaseMs ?? 300_000,
    pollMs: options.executor?.pollMs ?? pollMs,
  };
  let running = false;

  const onError = (error: unknown, what?: unknown): void =>
    logger.error({ err: error, what }, 'background work failed');

  const afterCommit = (outcome: StepOutcome): void => {
    for (const effect of outcome.effects) {
      if (effect.kind === 'create-job' && running && handlers.has(effect.type)) {
        executor.push({
          id: effect.jobId,
          instanceId: outcome.state.id,
          processId: outcome.state.processId,
          elementId: effect.elementId,
          tokenId: effect.tokenId,
          type: effect.type,
          retries: effect.retries,
          attempt: 1,
          variables: effect.variables,
          ...(effect.headers && { headers: effect.headers }),
          dueAt: clock.now(),
          state: 'ready',
        });
      } else if (effect.kind === 'notify' && running) {
        work.notifier.wake();
      } else if (effect.kind === 'schedule-timer') {
        scheduler.notify(effect.dueAt);
      } else if (effect.kind === 'send-command' && running) {
        inbox.deliver(effect.id, effect.command);
      } else if (effect.kind === 'broadcast-signal' && running) {
        void signals
          .deliver({
            id: effect.signalId,
            name: effect.name,
            ...(effect.variables && { variables: effect.variables }),
          })
          .catch(onError);
      } else if ((effect.kind === 'retry-job' || effect.kind === 'resolve-incident') && running) {
        const at = effect.kind === 'retry-job' ? effect.retryAt : clock.now();
        clock.at(at, () => executor.wake());
      }
    }
    if (listeners.size > 0 && outcome.events.length > 0)
      for (const listener of listeners) listener(outcome.events, outcome.state);
  };

  const processor = new CommandProcessor(store, definitions, clock, newId, afterCommit, onError);
  const suspendedVersions = new SuspendedVersions(store, clock);
  const submit = (
    command: Command,
    consume?: Parameters<CommandProcessor['submit']>[1],
  ): Promise<StepOutcome> =>
    command.type === 'start'
      ? suspendedVersions
          .checkStart(command.processId, command.version, definitions)
          .then(() => processor.submit(command, consume))
      : processor.submit(command, consume);
  const reports = new JobReports(store, definitions, clock, submit);
  const executor = new JobExecutor(
    store,
    clock,
    handlers,
    (command, consume) => reports.submitExecuted(command, consume),
    nodeId,
    executorOptions,
    onError,
  );
  const scheduler = new TimerScheduler(store, clock, newId, submit, pollMs, onError, () =>
    cluster.performs('timers'),
  );
  const work = createWork(store, definitions, clock, newId, submit, options.work ?? {}, pollMs, onError);
  const inbox = new InboxDispatcher(
    store,
    clock,
    (command, consume) => work.router.answer(command).then((answered) => submit(answered, consume)),
    pollMs,
    onError,
  );
  const signals = new SignalBroadcaster(store, clock, newId, submit, pollMs, onError);
  const cluster = new ClusterMember(
    store,
    clock,
    nodeId,
    {
      jobs: () => executor.wake(),
      timers: () => scheduler.fire(),
      inbox: () => inbox.wake(),
      signals: () => signals.wake(),
    },
    onError,
    options.cluster,
  );

  const taskOf = async (taskId: string): Promise<TaskRecord> => {
    const task = await store.getTask(taskId);
    if (!task)
      throw new SluiceError(
        'not-found',
        'task-not-found',
        `no task has id '${taskId}'`,
        "list open tasks with 'sluice tasks'",
      );
    if (task.state !== 'open') {
      throw new SluiceError(
        'conflict',
        'task-not-open',
        `task '${taskId}' is ${task.state} already`,
        'nothing to do: the task is closed',
      );
    }
    return task;
  };

  const sluice: Sluice = {
    store,
    clock,
    work: work.api,
    deploy: (files, deployOptions) =>
      deployWithDecisions(decisions, files, (bpmn) => definitions.deployFiles(bpmn, deployOptions)),
    decisions,
    deployGraph: (graph) => definitions.deployGraph(graph),
    ...createVersionChange(
      { store, definitions, clock, newId, submit, wake: () => (scheduler.fire(), executor.wake()) },
      suspendedVersions,
    ),
    definitions: () => definitions.list(),

    async start(processId, start = {}) {
      const { version } = await definitions.graph(processId, start.version ?? 0);
      const instanceId = start.instanceId ?? newId();
      const outcome = await submit({
        type: 'start',
        instanceId,
        processId,
        version,
        ...(start.variables && { variables: start.variables }),
        ...(start.businessKey !== undefined && { businessKey: start.businessKey }),
        ...(start.actor !== undefined && { actor: start.actor }),
      });
      return { instanceId, state: outcome.state };
    },

    async taskAction(taskId, action, by = {}) {
      const task = await taskOf(taskId);
      const actorGroups =
        options.groupsOf && by.actor !== undefined
          ? await options.groupsOf(by.actor)
          : options.groupsOf
            ? []
            : undefined;
      await work.check(task, action, by.actor);
      await submit({
        type: 'task',
        instanceId: task.instanceId,
        taskId,
        action,
        ...(by.actor !== undefined && { actor: by.actor }),
        ...(by.reason !== undefined && { reason: by.reason }),
        ...(actorGroups !== undefined && { actorGroups }),
      });
      return { instanceId: task.instanceId };
    },
    claimTask: (taskId, actor) => sluice.taskAction(taskId, { op: 'claim' }, { actor }),
    completeTask: (taskId, complete = {}) =>
      sluice.taskAction(
        taskId,
        { op: 'complete', ...(complete.variables && { variables: complete.variables }) },
        complete.actor !== undefined ? { actor: complete.actor } : {},
      ),
    taskComments: (taskId) => store.taskComments(taskId),

    applyInbox: (row) =>
      work.router
        .answer(row.command)
        .then((command) => submit(command, { kind: 'inbox', id: row.id }))
        .then(() => ({ instanceId: row.instanceId })),

    async correlate(name, message = {}) {
      const subscriptions = await store.findSubscriptions(name, message.correlationKey);
      for (const sub of subscriptions.filter((s) => s.instanceId !== undefined)) {
        try {
          await submit({
            type: 'correlate-message',
            instanceId: sub.instanceId!,
            subscriptionId: sub.id,
            messageName: name,
            ...(message.variables && { variables: message.variables }),
          });
          return { instanceId: sub.instanceId!, started: false };
        } catch (error) {
          if (!(error instanceof SluiceError) || error.code !== 'trigger-gone') throw error;
        }
      }
      const startSub = subscriptions.find((s) => s.instanceId === undefined);
      if (startSub) {
        const instanceId = newId();
        await submit({
          type: 'start',
          instanceId,
          processId: startSub.processId,
          version: startSub.version,
          startEventId: startSub.elementId,
          ...(message.variables && { variables: message.variables }),
          ...(message.correlationKey !== undefined && { businessKey: message.correlationKey }),
        });
        return { instanceId, started: true };
      }
      const key =
        message.correlationKey === undefined ? '' : ` with correlation key '${message.correlationKey}'`;
      throw new SluiceError(
        'not-found',
        'message-not-correlated',
        `no instance waits for message '${name}'${key}, and no deployed process starts with it`,
        'check the message name and key, or deploy a process with a message start event of that name',
      );
    },

    async signal(name, signal = {}) {
      const record = { id: newId(), name, ...(signal.variables && { variables: signal.variables }) };
      await store.addSignal(record, clock.now());
      return { delivered: await signals.deliver(record) };
    },

    async cancel(instanceId, cancel = {}) {
      await submit({
        type: 'cancel',
        instanceId,
        ...(cancel.actor && { actor: cancel.actor }),
        ...(cancel.reason && { reason: cancel.reason }),
      });
    },

    async addInstances(instanceId, elementId, items, by = {}) {
      await submit({
        type: 'add-instances',
        instanceId,
        elementId,
        items,
        ...(by.actor !== undefined && { actor: by.actor }),
      });
    },

    async activateAdHoc(instanceId, elementId, activityIds, by = {}) {
      await submit({
        type: 'activate-ad-hoc',
        instanceId,
        elementId,
        activityIds,
        ...(by.actor !== undefined && { actor: by.actor }),
      });
    },

    async retryIncident(incidentId, retry = {}) {
      const incident = await store.getIncident(incidentId);
      if (!incident)
        throw new SluiceError(
          'not-found',
          'incident-not-found',
          `no incident has id '${incidentId}'`,
          "list open incidents with 'sluice incidents'",
        );
      if (incident.resolvedAt !== undefined)
        throw new SluiceError(
          'conflict',
          'incident-resolved',
          `incident '${incidentId}' is resolved already`,
        );
      await submit({
        type: 'retry-incident',
        instanceId: incident.instanceId,
        incidentId,
        retries: retry.retries ?? 1,
        ...(retry.actor && { actor: retry.actor }),
      });
      return { instanceId: incident.instanceId };
    },

    async instance(id) {
      const record = await store.loadInstance(id);
      if (!record)
        throw new SluiceError(
          'not-found',
          'instance-not-found',
          `no instance has id '${id}'`,
          "list instances with 'sluice instances'",
        );
      const { state } = record;
      const [history, incidents] = await Promise.all([
        store.history(id),
        store.listIncidents({ instanceId: id }),
      ]);
      return {
        id: state.id,
        processId: state.processId,
        version: state.version,
        ...(state.businessKey !== undefined && { businessKey: state.businessKey }),
        status: state.status,
        startedAt: state.startedAt,
        ...(state.endedAt !== undefined && { endedAt: state.endedAt }),
        ...(state.parent && { parentId: state.parent.instanceId }),
        activeElements: Object.values(state.tokens).map((t) => t.elementId),
        variables: state.scopes[state.id]?.vars ?? {},
        incidents,
        history,
      };
    },
    instances: (filter = {}) => store.listInstances(filter),
    tasks: (filter = {}) => store.listTasks(filter),
    incidents: (filter = {}) => store.listIncidents(filter),

    registerHandler(type, handler) {
      handlers.set(type, handler);
      processor.lease = { owner: nodeId, ms: executorOptions.leaseMs, types: new Set(handlers.keys()) };
    },
    reportJob: (jobId, attempt, outcome) => reports.report(jobId, attempt, outcome),
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    run() {
      if (running) return;
      running = true;
      processor.lease = { owner: nodeId, ms: executorOptions.leaseMs, types: new Set(handlers.keys()) };
      executor.start();
      scheduler.start();
      inbox.start();
      signals.start();
      cluster.start();
      work.notifier.start();
    },
    async idle() {
      const busy = (): number =>
        processor.pending + executor.busy + scheduler.busy + inbox.busy + signals.busy + work.notifier.busy;
      for (let quiet = 0; quiet < 3;) {
        await processor.idle();
        await executor.idle();
        await new Promise((resolve) => setImmediate(resolve));
        quiet = busy() === 0 ? quiet + 1 : 0;
      }
    },
    async stop() {
      running = false;
      delete processor.lease;
      executor.stop();
      scheduler.stop();
      inbox.stop();
      signals.stop();
      await cluster.stop();
      work.notifier.stop();
      await sluice.idle();
    },
    async close() {
      await sluice.stop();
      await store.close();
    },
  };
  return sluice;
}
