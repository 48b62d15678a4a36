/**
 * Group commit. Commands queue here; whenever the event loop is free the queue is drained in
 * batches: each command is applied to its instance by the pure core, and the whole batch is
 * written in one transaction. A caller's promise settles only after that commit, so nothing is
 * acknowledged that is not durable, and a thousand instances advance for the price of one
 * fsync. Commands for the same instance in one batch chain on each other's state.
 */
import { step } from '../core/step.js';
import {
  type Command,
  CommandRejected,
  type Effect,
  type HistoryEvent,
  type InstanceState,
} from '../core/types.js';
import type { CommitOutcome, Consume, StepRecord, Store } from '../store/store.js';
import { isTransientDatabaseError } from '../store/transient-errors.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { SluiceError } from './errors.js';

export interface StepOutcome {
  readonly state: InstanceState;
  readonly events: readonly HistoryEvent[];
  readonly effects: readonly Effect[];
}

/** What happens after a commit: hand jobs to the executor, arm timers, deliver commands. */
export type AfterCommit = (outcome: StepOutcome) => void;

export interface Lease {
  readonly owner: string;
  readonly ms: number;
  readonly types: ReadonlySet<string>;
}

interface Pending {
  readonly command: Command;
  readonly consume?: Consume;
  readonly resolve: (outcome: StepOutcome) => void;
  readonly reject: (error: Error) => void;
  conflicts: number;
  /** Times the database was unreachable for this command (a restart, a lost connection). */
  outages?: number;
  /** Set once the command was retried against a fresh read after failing on a cached state. */
  reread?: boolean;
}

const maxBatch = 1000;
const maxConflicts = 20;
/** With backoff from 100 ms to 5 s between tries: about a minute without a database. */
const maxOutages = 16;

/**
 * The states this node committed last, so the next step of a busy instance (a job finishing a
 * moment after it was created) needs no read. Bounded, so parked instances still live only in
 * the store; a state changed elsewhere shows up as a revision conflict and is read afresh.
 */
class RecentStates {
  private readonly entries = new Map<string, { state: InstanceState; rev: number }>();
  constructor(private readonly capacity: number) {}

  get(id: string): { state: InstanceState; rev: number } | undefined {
    return this.entries.get(id);
  }

  set(id: string, entry: { state: InstanceState; rev: number }): void {
    this.entries.delete(id);
    if (entry.state.status !== 'active') return;
    this.entries.set(id, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}

export class CommandProcessor {
  private queue: Pending[] = [];
  private draining = false;
  private idleWaiters: (() => void)[] = [];
  private readonly recent = new RecentStates(4096);
  lease?: Lease;

  constructor(
    private readonly store: Store,
    private readonly definitions: Definitions,
    private readonly clock: Clock,
    private readonly newId: () => string,
    private readonly afterCommit: AfterCommit,
    private readonly onError: (error: unknown, command: Command) => void,
  ) {}

  /** Applies a command; settles after its step is committed (or rejected). */
  submit(command: Command, consume?: Consume): Promise<StepOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ command, ...(consume && { consume }), resolve, reject, conflicts: 0 });
      this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length + this.waitingOut;
  }

  private waitingOut = 0;
  private keepAlive: NodeJS.Timeout | undefined;

  /**
   * The database could not be reached: the command keeps its place and is tried again after a
   * pause, so a database restart delays work but neither loses nor rejects it. A commit whose
   * answer was lost may have landed; the retry then meets the new revision, re-reads, and the
   * command is judged against the state it made (a job result becomes stale, not applied twice).
   */
  private retryAfterOutage(pending: Pending, error: unknown): boolean {
    if (!isTransientDatabaseError(error) || (pending.outages ?? 0) >= maxOutages) return false;
    pending.outages = (pending.outages ?? 0) + 1;
    this.recent.delete(pending.command.instanceId);
    // Somebody awaits this command: the process must not end while it waits out the outage
    // (the clock's timers do not keep it alive on their own).
    if (this.waitingOut++ === 0) this.keepAlive = setInterval(() => undefined, 60_000);
    this.clock.at(this.clock.now() + Math.min(100 * 2 ** (pending.outages - 1), 5000), () => {
      if (--this.waitingOut === 0) clearInterval(this.keepAlive);
      this.queue.push(pending);
      this.schedule();
    });
    return true;
  }

  /** Resolves once every queued command has been committed or rejected. */
  idle(): Promise<void> {
    if (!this.draining && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, maxBatch);
        await this.process(batch);
      }
    } finally {
      this.draining = false;
      if (this.queue.length > 0) this.schedule();
      else for (const waiter of this.idleWaiters.splice(0)) waiter();
    }
  }

  private async process(batch: Pending[]): Promise<void> {
    const now = this.clock.now();
    const ctx = { now, newId: this.newId };
    const local = new Map<string, { state: InstanceState; rev: number }>();
    const steps: StepRecord[] = [];
    const owners: Pending[] = [];
    const discards: Consume[] = [];
    const lease = this.lease && {
      owner: this.lease.owner,
      until: now + this.lease.ms,
      types: this.lease.types,
    };

    for (const pending of batch) {
      const { command } = pending;
      let cached = false;
      try {
        let current = local.get(command.instanceId);
        if (!current && !pending.reread) {
          current = this.recent.get(command.instanceId);
          cached = current !== undefined;
        }
        if (!current) {
          const loaded = await this.store.loadInstance(command.instanceId);
          if (loaded) current = { state: loaded.state, rev: loaded.rev };
        }
        const processId = command.type === 'start' ? command.processId : current?.state.processId;
        const version = command.type === 'start' ? command.version : current?.state.version;
        if (processId === undefined || version === undefined) {
          throw new SluiceError(
            'not-found',
            'instance-not-found',
            `instance '${command.instanceId}' does not exist`,
            "list instances with 'sluice instances'",
          );
        }
        const { graph, version: resolved } = await this.definitions.graph(processId, version);
        const resolvedCommand =
          command.type === 'start' && command.version !== resolved
            ? { ...command, version: resolved }
            : command;
        const result = step(graph, current?.state, resolvedCommand, ctx);
        steps.push({
          state: result.state,
          expectedRev: current?.rev ?? 0,
          events: result.events,
          effects: result.effects,
          ...(pending.consume && { consume: pending.consume }),
          ...(lease && { lease }),
        });
        owners.push(pending);
        local.set(command.instanceId, { state: result.state, rev: (current?.rev ?? 0) + 1 });
      } catch (error) {
        if (this.retryAfterOutage(pending, error)) continue;
        if (cached && error instanceof CommandRejected) {
          // Another process may have moved the instance on: judge the command on a fresh read.
          this.recent.delete(command.instanceId);
          pending.reread = true;
          this.queue.push(pending);
          continue;
        }
        // A rejected command still takes its row out of the outbox (a stale timer, a
        // duplicate delivery), except a start that waits for its process to be deployed.
        // ... or a command for a suspended instance: its timer, job or delivery waits for the resume.
        const waitsForDeploy =
          (error instanceof SluiceError &&
            error.code === 'process-not-found' &&
            pending.consume?.kind === 'inbox') ||
          (error instanceof CommandRejected && error.code === 'instance-suspended');
        if (pending.consume && !waitsForDeploy) discards.push(pending.consume);
        pending.reject(toSluiceError(error, command));
        if (!(error instanceof CommandRejected) && !(error instanceof SluiceError))
          this.onError(error, command);
      }
    }

    const outcomes = await this.commit(steps, owners, now);
    for (const consume of discards) {
      // A row left behind is consumed again later and rejected again: harmless.
      await this.store.discard(consume).catch(() => undefined);
    }
    outcomes.forEach((outcome, i) => {
      const pending = owners[i]!;
      const committed = steps[i]!;
      if (outcome === 'later') return;
      if (outcome === 'committed') {
        this.recent.set(committed.state.id, { state: committed.state, rev: committed.expectedRev + 1 });
        const result = { state: committed.state, events: committed.events, effects: committed.effects };
        pending.resolve(result);
        this.afterCommit(result);
      } else if (outcome === 'conflict' && pending.conflicts++ < maxConflicts) {
        this.recent.delete(committed.state.id);
        this.queue.push(pending); // retried from fresh state
      } else if (outcome === 'conflict') {
        pending.reject(
          new SluiceError(
            'conflict',
            'instance-busy',
            `instance '${pending.command.instanceId}' kept changing under this command`,
            'try again',
          ),
        );
      } else if (outcome === 'stale') {
        pending.reject(staleError(pending));
      } else {
        pending.reject(
          new SluiceError(
            'rejected',
            'internal',
            `the step of instance '${pending.command.instanceId}' could not be written; see the log`,
          ),
        );
      }
    });
  }

  /**
   * One transaction for the batch; if it fails as a whole, each step alone, to isolate the bad
   * one. When the database is unreachable, every step waits for it instead ('later').
   */
  private async commit(
    steps: StepRecord[],
    owners: Pending[],
    now: number,
  ): Promise<(CommitOutcome | 'failed' | 'later')[]> {
    if (steps.length === 0) return [];
    const laterOrFailed = (pending: Pending, error: unknown): 'later' | 'failed' => {
      if (this.retryAfterOutage(pending, error)) return 'later';
      this.onError(error, pending.command);
      return 'failed';
    };
    try {
      return await this.store.commit(steps, now);
    } catch (batchError) {
      if (steps.length === 1 || isTransientDatabaseError(batchError))
        return owners.map((pending) => laterOrFailed(pending, batchError));
      const outcomes: (CommitOutcome | 'failed' | 'later')[] = [];
      for (const [i, s] of steps.entries()) {
        try {
          outcomes.push(...(await this.store.commit([s], now)));
        } catch (error) {
          outcomes.push(laterOrFailed(owners[i]!, error));
        }
      }
      return outcomes;
    }
  }
}

function staleError(pending: Pending): SluiceError {
  const consume = pending.consume;
  if (consume?.kind === 'job') {
    return new SluiceError(
      'conflict',
      'job-superseded',
      `job '${consume.jobId}' attempt ${consume.attempt} is no longer current: its lease expired and it was handed to another worker, or it was cancelled`,
      'drop this result; the current attempt will report',
    );
  }
  return new SluiceError(
    'conflict',
    'stale',
    `the ${consume?.kind ?? 'command'} this command consumes is gone (fired, delivered or cancelled already)`,
  );
}

function toSluiceError(error: unknown, command: Command): Error {
  if (error instanceof SluiceError) return error;
  if (error instanceof CommandRejected) {
    const kind = error.code.endsWith('not-found') ? 'not-found' : 'rejected';
    return new SluiceError(kind, error.code, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SluiceError(
    'rejected',
    'internal',
    `command '${command.type}' on instance '${command.instanceId}' failed: ${message}`,
  );
}
