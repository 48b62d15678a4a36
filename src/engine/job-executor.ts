/**
 * Runs service-task jobs with the handlers registered in this process. Jobs created by this
 * node's own steps arrive leased straight after their commit; jobs from elsewhere (another
 * process, an expired lease) are acquired by polling. A handler's result goes back as a
 * command that carries the job's attempt number, so a result from a superseded attempt is
 * refused by the store (fencing).
 */
import type { Command, Variables } from '../core/types.js';
import type { JobRecord, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { BpmnError } from './errors.js';

export interface JobContext {
  readonly id: string;
  readonly type: string;
  readonly instanceId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly attempt: number;
  readonly retries: number;
  readonly variables: Variables;
  readonly headers: Readonly<Record<string, string>>;
}

/** Returns the variables to set, or nothing. Throw BpmnError for a business outcome. */
export type JobHandler = (job: JobContext) => Promise<Variables | void> | Variables | void;

export interface ExecutorOptions {
  readonly concurrency: number;
  readonly leaseMs: number;
  readonly pollMs: number;
}

/** Exponential backoff between retries: 1 s, 2 s, 4 s ... at most 5 minutes. */
export const backoffMs = (attempt: number): number => Math.min(1000 * 2 ** Math.max(0, attempt - 1), 300_000);

export class JobExecutor {
  private readonly queue: JobRecord[] = [];
  private active = 0;
  private running = false;
  private cancelPoll?: () => void;
  private polling = false;
  private pollAgain = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly handlers: Map<string, JobHandler>,
    private readonly submit: (
      command: Command,
      consume: { kind: 'job'; jobId: string; attempt: number },
    ) => Promise<unknown>,
    private readonly owner: string,
    private readonly options: ExecutorOptions,
    private readonly onError: (error: unknown, job: JobRecord | undefined) => void,
  ) {}

  start(): void {
    this.running = true;
    this.poll();
    this.renewLeases();
  }

  stop(): void {
    this.running = false;
    this.cancelPoll?.();
    this.cancelRenewal?.();
  }

  private readonly runningJobs = new Map<string, JobRecord>();
  private cancelRenewal?: () => void;

  /**
   * A handler may run longer than its lease, and a job may wait in this node's queue. Every
   * half lease, the leases of the jobs running or queued here are renewed, so no other worker
   * takes a job that is alive and well.
   */
  private renewLeases(): void {
    if (!this.running) return;
    this.cancelRenewal = this.clock.at(this.clock.now() + this.options.leaseMs / 2, () => {
      // Queued jobs too: a node with a backlog must not let another take work it will run.
      const jobs = [...this.runningJobs.values(), ...this.queue].map((job) => ({
        id: job.id,
        attempt: job.attempt,
      }));
      const until = this.clock.now() + this.options.leaseMs;
      void (jobs.length > 0 ? this.store.extendLeases(this.owner, jobs, until) : Promise.resolve(0))
        .catch((error: unknown) => this.onError(error, undefined))
        .finally(() => this.renewLeases());
    });
  }

  /** Jobs leased to this node by its own commit. */
  push(job: JobRecord): void {
    this.queue.push(job);
    this.pump();
  }

  /** Jobs queued, running or reporting here, and a poll under way (its jobs are on the way). */
  get busy(): number {
    return this.active + this.queue.length + this.reporting + (this.polling ? 1 : 0);
  }

  /** Resolves when no job is queued or running here. */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.active < this.options.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.active++;
      this.runningJobs.set(job.id, job);
      void this.execute(job).then((command) => {
        this.active--;
        this.runningJobs.delete(job.id);
        // The slot is free once the handler has returned; the result commits in the next
        // group commit without holding back the next handler.
        if (command) this.report(command, job);
        this.pump();
        this.settle();
      });
    }
  }

  private reporting = 0;

  private report(command: Command, job: JobRecord): void {
    this.reporting++;
    this.submit(command, { kind: 'job', jobId: job.id, attempt: job.attempt })
      .catch((error: unknown) => this.onError(error, job))
      .finally(() => {
        this.reporting--;
        this.settle();
      });
  }

  private settle(): void {
    if (this.busy === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  /** Runs the handler and turns its outcome into the command that reports it. */
  private async execute(job: JobRecord): Promise<Command | undefined> {
    const handler = this.handlers.get(job.type);
    if (!handler) return undefined; // leased here only when a handler was registered; it was removed since
    const startedAt = this.clock.now();
    try {
      const result = await handler({
        id: job.id,
        type: job.type,
        instanceId: job.instanceId,
        processId: job.processId,
        elementId: job.elementId,
        attempt: job.attempt,
        retries: job.retries,
        // A copy: jobs leased by this node's own commit share their variables with the
        // instance state the engine keeps, and a handler may change what it is given.
        variables: structuredClone(job.variables),
        headers: job.headers ?? {},
      });
      return {
        type: 'complete-job',
        instanceId: job.instanceId,
        jobId: job.id,
        startedAt,
        ...(result && { variables: result }),
      };
    } catch (error) {
      if (error instanceof BpmnError) {
        return {
          type: 'throw-error',
          instanceId: job.instanceId,
          jobId: job.id,
          errorCode: error.code,
          message: error.message,
          ...(error.variables && { variables: error.variables }),
        };
      }
      // An error that says retrying cannot help (`retryable: false`) goes straight to an incident.
      const retryable = (error as { retryable?: unknown } | null)?.retryable !== false;
      const retries = retryable ? Math.max(0, job.retries - 1) : 0;
      const message = error instanceof Error ? error.message : String(error);
      return {
        type: 'fail-job',
        instanceId: job.instanceId,
        jobId: job.id,
        error: message,
        retries,
        retryAt: this.clock.now() + backoffMs(job.attempt),
        startedAt,
      };
    }
  }

  /** Acquires due jobs of the handled types that no live lease holds. */
  private poll(): void {
    if (!this.running) return;
    if (this.polling) {
      // A wake during a poll (a retry fell due, another node announced work) must not be lost.
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    void (async () => {
      let found = 0;
      try {
        const free = this.options.concurrency * 2 - (this.busy - 1);
        if (free > 0 && this.handlers.size > 0) {
          const jobs = await this.store.acquireJobs({
            owner: this.owner,
            now: this.clock.now(),
            leaseMs: this.options.leaseMs,
            limit: free,
            types: [...this.handlers.keys()],
          });
          found = jobs.length;
          for (const job of jobs) this.push(job);
        }
      } catch (error) {
        this.onError(error, undefined);
      } finally {
        this.polling = false;
        this.settle();
        const again = this.pollAgain;
        this.pollAgain = false;
        if (this.running) {
          this.cancelPoll = this.clock.at(
            this.clock.now() + (found > 0 || again ? 0 : this.options.pollMs),
            () => this.poll(),
          );
        }
      }
    })();
  }

  /** Polls now, e.g. after a virtual clock moved or a retry fell due. */
  wake(): void {
    this.cancelPoll?.();
    this.poll();
  }
}
