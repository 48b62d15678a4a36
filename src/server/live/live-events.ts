/**
 * Live events for the web app and for services: task and instance changes as server-sent
 * events, each one checked against what its receiver may see. Operators get every change of
 * their tenant; a `user` gets the tasks they are a candidate for, assigned to or closed, and the
 * instances they started. A receiver that falls too far behind is dropped rather than let its
 * queue grow without bound.
 */
import type { HistoryEvent, InstanceState } from '../../core/types.js';
import type { Store, TaskRecord } from '../../store/store.js';
import { type Principal, seesAllWork } from '../access/principal.js';
import type { Tenancy } from '../access/tenancy.js';
import { isCandidate } from '../access/visibility.js';
import { taskView } from '../http/views.js';
import type { EngineEvents } from './engine-events.js';

export interface LiveMessage {
  readonly event: 'instance' | 'task';
  readonly data: Record<string, unknown>;
  readonly processId: string;
  readonly instanceId: string;
  readonly task?: TaskRecord;
}

const instanceChanges: Partial<Record<HistoryEvent['type'], string>> = {
  'instance.started': 'started',
  'instance.completed': 'completed',
  'instance.terminated': 'terminated',
  'instance.failed': 'failed',
};

const maxQueue = 1000;

export class LiveSubscription implements AsyncIterable<LiveMessage> {
  private readonly queue: LiveMessage[] = [];
  private notify?: () => void;
  closed = false;
  overflowed = false;

  constructor(
    readonly principal: Principal,
    private readonly onClose: (subscription: LiveSubscription) => void,
  ) {}

  push(message: LiveMessage): void {
    if (this.closed) return;
    if (this.queue.length >= maxQueue) {
      this.overflowed = true;
      this.close();
      return;
    }
    this.queue.push(message);
    this.notify?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    this.notify?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LiveMessage> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.notify = resolve));
      delete this.notify;
    }
  }
}

export class LiveEvents {
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly unsubscribe: () => void;
  /** Batches are delivered one after the other, so a stream sees changes in commit order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly tenancy: Tenancy,
    events: EngineEvents,
    private readonly onError: (error: unknown) => void,
  ) {
    this.unsubscribe = events.subscribe((batch, state) => {
      if (this.subscriptions.size === 0) return;
      this.chain = this.chain.then(() => this.deliver(batch, state)).catch(onError);
    });
  }

  /** Open streams of a principal (to cap them). */
  countOf(principal: Principal): number {
    return [...this.subscriptions].filter((s) => s.principal.id === principal.id).length;
  }

  subscribe(principal: Principal): LiveSubscription {
    const subscription = new LiveSubscription(principal, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(subscription);
    return subscription;
  }

  get size(): number {
    return this.subscriptions.size;
  }

  close(): void {
    this.unsubscribe();
    for (const subscription of [...this.subscriptions]) subscription.close();
  }

  private async deliver(batch: readonly HistoryEvent[], state: InstanceState): Promise<void> {
    const messages = await this.messagesOf(batch, state);
    if (messages.length === 0) return;
    const tenant = await this.tenancy.tenantOf(state.processId);
    const starter = messages.some((m) => m.event === 'instance')
      ? await this.tenancy.starterOf(state.id)
      : undefined;
    for (const subscription of this.subscriptions) {
      const { principal } = subscription;
      if (principal.tenant !== tenant) continue;
      for (const message of messages) if (visible(principal, message, starter)) subscription.push(message);
    }
  }

  private async messagesOf(batch: readonly HistoryEvent[], state: InstanceState): Promise<LiveMessage[]> {
    const messages: LiveMessage[] = [];
    const base = { processId: state.processId, instanceId: state.id };
    for (const event of batch) {
      const change = instanceChanges[event.type];
      if (change) {
        messages.push({
          ...base,
          event: 'instance',
          data: {
            change,
            instanceId: state.id,
            processId: state.processId,
            version: state.version,
            state: state.status,
            at: new Date(event.at).toISOString(),
          },
        });
        continue;
      }
      const taskChange = await this.taskChange(event);
      if (taskChange) {
        messages.push({
          ...base,
          event: 'task',
          task: taskChange.task,
          data: {
            change: taskChange.change,
            at: new Date(event.at).toISOString(),
            task: taskView(taskChange.task),
          },
        });
      }
    }
    return messages;
  }

  private async taskChange(event: HistoryEvent): Promise<{ change: string; task: TaskRecord } | undefined> {
    const taskId = typeof event.data?.taskId === 'string' ? event.data.taskId : undefined;
    if (event.type === 'element.enabled' && taskId !== undefined) {
      const task = await this.store.getTask(taskId);
      return task && { change: 'created', task };
    }
    // task.claimed, task.delegated, task.suspended ...: the change is the event's name.
    if (event.type.startsWith('task.') && taskId !== undefined) {
      const task = await this.store.getTask(taskId);
      return task && { change: event.type.slice('task.'.length), task };
    }
    if (
      event.elementType === 'userTask' &&
      (event.type === 'element.completed' || event.type === 'element.cancelled')
    ) {
      const state = event.type === 'element.completed' ? 'completed' : 'cancelled';
      const closed = await this.store.listTasks({ instanceId: event.instanceId, state, limit: 1000 });
      const task = closed.items
        .filter((t) => t.tokenId === event.tokenId && t.elementId === event.elementId)
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      return task && { change: state, task };
    }
    return undefined;
  }
}

function visible(principal: Principal, message: LiveMessage, starter: string | undefined): boolean {
  if (seesAllWork(principal)) return true;
  if (message.event === 'instance') return starter === principal.name;
  const task = message.task!;
  return isCandidate(principal, task) || task.assignee === principal.name || task.endedBy === principal.name;
}
