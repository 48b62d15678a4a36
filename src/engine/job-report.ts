/**
 * Reporting a job's outcome, for in-process handlers (the job executor) and external workers
 * (the server's fetch-and-lock protocol) alike: complete with variables, fail (retried after
 * a backoff while retries last, then an incident or the task's BPMN error) or throw a BPMN
 * error. Every report consumes the job at the attempt the reporter holds, so a worker whose
 * lock expired and went to someone else is refused (fencing), by the store, in the step's
 * own transaction.
 *
 * The backoff and what happens when the retries are spent are the task's (its RetryPolicy);
 * a failure carries only what the reporter knows: the error, and optionally retries left and
 * a wait of its own.
 */
import type { Command, Variables } from '../core/types.js';
import type { JobTask } from '../model/graph.js';
import type { JobRecord, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { SluiceError } from './errors.js';
import { backoffMs } from './job-executor.js';

export type JobOutcome =
  | { readonly kind: 'complete'; readonly variables?: Variables; readonly actor?: string }
  | {
      readonly kind: 'fail';
      readonly error: string;
      /** Retries left after this failure; default one less than the job had. */
      readonly retries?: number;
      /** Wait before the retry; default the task's backoff. */
      readonly retryInMs?: number;
    }
  | {
      readonly kind: 'bpmn-error';
      readonly errorCode: string;
      readonly message?: string;
      readonly variables?: Variables;
    };

type JobConsume = { kind: 'job'; jobId: string; attempt: number };
type Submit = (command: Command, consume: JobConsume) => Promise<unknown>;

export class JobReports {
  constructor(
    private readonly store: Store,
    private readonly definitions: Definitions,
    private readonly clock: Clock,
    private readonly submit: Submit,
  ) {}

  /** An outcome reported by attempt `attempt` of job `jobId`. */
  async report(jobId: string, attempt: number, outcome: JobOutcome): Promise<{ instanceId: string }> {
    const job = await this.store.getJob(jobId);
    if (!job) {
      throw new SluiceError(
        'not-found',
        'job-not-found',
        `no job has id '${jobId}': it was completed or cancelled, or never existed`,
        'drop this result; nothing waits for it',
      );
    }
    if (job.attempt !== attempt) {
      throw new SluiceError(
        'conflict',
        'job-superseded',
        `job '${jobId}' attempt ${attempt} is no longer current (the current attempt is ${job.attempt})`,
        'drop this result: the lock expired and the job was handed out again',
      );
    }
    const command = await this.commandFor(job, outcome);
    await this.submit(command, { kind: 'job', jobId, attempt });
    return { instanceId: job.instanceId };
  }

  /** The executor's reports go through here, so that a failure follows the task's policy. */
  async submitExecuted(command: Command, consume: JobConsume): Promise<unknown> {
    if (command.type !== 'fail-job') return this.submit(command, consume);
    const policed = await this.failure(
      { id: command.jobId, instanceId: command.instanceId, attempt: consume.attempt },
      command.error,
      command.retries,
    );
    return this.submit(
      policed.type === 'fail-job' && command.startedAt !== undefined
        ? { ...policed, startedAt: command.startedAt }
        : policed,
      consume,
    );
  }

  private async commandFor(job: JobRecord, outcome: JobOutcome): Promise<Command> {
    const base = { instanceId: job.instanceId, jobId: job.id };
    switch (outcome.kind) {
      case 'complete':
        return {
          type: 'complete-job',
          ...base,
          ...(outcome.variables && { variables: outcome.variables }),
          ...(outcome.actor !== undefined && { actor: outcome.actor }),
        };
      case 'fail':
        return this.failure(
          job,
          outcome.error,
          outcome.retries ?? Math.max(0, job.retries - 1),
          outcome.retryInMs,
        );
      case 'bpmn-error':
        return {
          type: 'throw-error',
          ...base,
          errorCode: outcome.errorCode,
          ...(outcome.message !== undefined && { message: outcome.message }),
          ...(outcome.variables && { variables: outcome.variables }),
        };
    }
  }

  /** A failure under the task's policy: retried after its backoff, or its error once spent. */
  private async failure(
    job: Pick<JobRecord, 'id' | 'instanceId' | 'attempt'>,
    error: string,
    retries: number,
    retryInMs?: number,
  ): Promise<Command> {
    const policy = (await this.taskOf(job.instanceId, job.id))?.retryPolicy;
    const base = { instanceId: job.instanceId, jobId: job.id };
    if (retries <= 0 && policy?.exhaustedErrorCode !== undefined) {
      return { type: 'throw-error', ...base, errorCode: policy.exhaustedErrorCode, message: error };
    }
    const waits = policy?.backoffMs;
    const wait =
      retryInMs ??
      (waits && waits.length > 0 ? waits[Math.min(job.attempt, waits.length) - 1]! : backoffMs(job.attempt));
    return { type: 'fail-job', ...base, error, retries, retryAt: this.clock.now() + wait };
  }

  /** The job task a job belongs to, in the definition version its instance runs on. */
  private async taskOf(instanceId: string, jobId: string): Promise<JobTask | undefined> {
    const record = await this.store.loadInstance(instanceId);
    if (!record) return undefined;
    const { state } = record;
    const token = Object.values(state.tokens).find((t) => t.wait?.kind === 'job' && t.wait.jobId === jobId);
    if (!token) return undefined;
    const { graph } = await this.definitions.graph(state.processId, state.version);
    const element = graph.elements[token.elementId];
    return element && 'retries' in element ? element : undefined;
  }
}
