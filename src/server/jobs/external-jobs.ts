/**
 * The external-worker protocol: a worker fetches jobs of the types it handles and locks them
 * for a while (a lease in the engine's terms), works, then reports completion, a technical
 * failure (retried with backoff, an incident when the retries are used up) or a BPMN error.
 * Each report carries the attempt number the lock came with, so a worker whose lock expired
 * and went to someone else cannot report over them.
 */
import type { Clock } from '../../engine/clock.js';
import type { Sluice } from '../../engine/engine.js';
import type { JobOutcome } from '../../engine/job-report.js';
import type { JobRecord } from '../../store/store.js';
import type { Principal } from '../access/principal.js';
import type { Tenancy } from '../access/tenancy.js';
import { lockOwner } from '../access/visibility.js';
import { HttpProblem } from '../http/problem-details.js';
import type { EngineEvents } from '../live/engine-events.js';

export interface FetchRequest {
  readonly workerId: string;
  readonly types: readonly string[];
  readonly maxJobs: number;
  readonly lockMs: number;
  /** Long polling: wait up to this long for a job when none is due. */
  readonly waitMs: number;
}

const pollMs = 1000;

export class ExternalJobs {
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly sluice: Sluice,
    private readonly clock: Clock,
    private readonly tenancy: Tenancy,
    events: EngineEvents,
  ) {
    // A job created here wakes the long polls at once; jobs other nodes create are found by polling.
    events.subscribe((batch) => {
      if (batch.some((event) => event.type === 'element.enabled' && event.data?.jobId !== undefined))
        this.wake();
    });
  }

  async fetchAndLock(
    principal: Principal,
    request: FetchRequest,
    signal?: AbortSignal,
  ): Promise<JobRecord[]> {
    const until = Date.now() + request.waitMs;
    for (;;) {
      const jobs = await this.acquire(principal, request);
      if (jobs.length > 0 || this.closed || signal?.aborted || Date.now() >= until) return jobs;
      await this.sleep(Math.min(pollMs, until - Date.now()), signal);
    }
  }

  /** Leases due jobs, keeps those of the caller's tenant and lets go of the others at once. */
  private async acquire(principal: Principal, request: FetchRequest): Promise<JobRecord[]> {
    const owner = lockOwner(principal, request.workerId);
    const jobs = await this.sluice.store.acquireJobs({
      owner,
      now: this.clock.now(),
      leaseMs: request.lockMs,
      limit: request.maxJobs,
      types: request.types,
    });
    const mine: JobRecord[] = [];
    const foreign: JobRecord[] = [];
    for (const job of jobs)
      ((await this.tenancy.owns(principal.tenant, job.processId)) ? mine : foreign).push(job);
    if (foreign.length > 0) await this.sluice.store.extendLeases(owner, foreign, 0);
    return mine;
  }

  /** Reports an outcome, fenced by the attempt the worker's lock came with. */
  async report(job: JobRecord, attempt: number, outcome: JobOutcome): Promise<void> {
    this.checkAttempt(job, attempt);
    await this.sluice.reportJob(job.id, attempt, outcome);
  }

  async extendLock(
    principal: Principal,
    job: JobRecord,
    workerId: string,
    attempt: number,
    lockMs: number,
  ): Promise<number> {
    this.checkAttempt(job, attempt);
    const until = this.clock.now() + lockMs;
    const renewed = await this.sluice.store.extendLeases(
      lockOwner(principal, workerId),
      [{ id: job.id, attempt }],
      until,
    );
    if (renewed === 0) {
      throw new HttpProblem(
        409,
        'job-not-locked',
        `job '${job.id}' is not locked by worker '${workerId}'`,
        'extend with the workerId the job was fetched with',
      );
    }
    return until;
  }

  private checkAttempt(job: JobRecord, attempt: number): void {
    if (job.attempt !== attempt) {
      throw new HttpProblem(
        409,
        'job-superseded',
        `job '${job.id}' attempt ${attempt} is no longer current (the current attempt is ${job.attempt})`,
        'drop this result: the lock expired and the job was handed out again',
      );
    }
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Ends every long poll (server shutdown). */
  close(): void {
    this.closed = true;
    this.wake();
  }
}
