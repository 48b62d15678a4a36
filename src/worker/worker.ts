/**
 * `sluice/worker`: an external worker over the server's fetch-and-lock protocol. It long-polls
 * for jobs of the types it handles, runs up to `concurrency` of them at once, keeps each lock
 * alive while its handler runs (extending at half the lock), and reports each job with the
 * attempt its lock came with: complete with the handler's variables, a BPMN error when the
 * handler throws BpmnError, a failure (retried by the engine under the task's policy) for
 * anything else. A report the server refuses as superseded (409: the lock expired and another
 * worker holds the job) is dropped: that worker reports instead.
 *
 * `stop()` is graceful: no new fetches, the open long poll is cut, and it resolves once the
 * jobs in hand are reported.
 */
import { BpmnError } from '../engine/errors.js';

export { BpmnError };

export type Variables = Record<string, unknown>;

export interface WorkerJob {
  readonly id: string;
  readonly type: string;
  readonly attempt: number;
  readonly retries: number;
  readonly instanceId: string;
  readonly processId: string;
  readonly elementId: string;
  readonly variables: Variables;
  readonly headers: Readonly<Record<string, string>>;
}

/** Returns the variables to set, or nothing. Throw BpmnError for a business outcome. */
export type WorkerHandler = (job: WorkerJob) => Promise<Variables | void> | Variables | void;

export interface WorkerOptions {
  /** The server, e.g. http://127.0.0.1:8080. */
  readonly baseUrl: string;
  /** An API key with the worker role. */
  readonly apiKey: string;
  /** Names this worker in locks (default `default`). */
  readonly workerId?: string;
  /** Jobs run at once (default 8). */
  readonly concurrency?: number;
  /** How long a fetched job stays locked to this worker, extended while it runs (default 60 s). */
  readonly lockMs?: number;
  /** How long one fetch waits for a job when none is due (default 20 s). */
  readonly waitMs?: number;
  /** Called with errors of the worker's own (network, refused reports); default console.error. */
  readonly onError?: (error: unknown) => void;
  readonly fetch?: typeof fetch;
}

export interface Worker {
  /** Handles jobs of this type. Call before start(). */
  subscribe(type: string, handler: WorkerHandler): Worker;
  start(): void;
  stop(): Promise<void>;
  /** Jobs reported so far, by outcome. */
  readonly counts: { completed: number; failed: number; bpmnErrors: number; superseded: number };
}

export class WorkerHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerHttpError';
  }
}

export function createWorker(options: WorkerOptions): Worker {
  const handlers = new Map<string, WorkerHandler>();
  const send = options.fetch ?? fetch;
  const workerId = options.workerId ?? 'default';
  const concurrency = options.concurrency ?? 8;
  const lockMs = options.lockMs ?? 60_000;
  const waitMs = options.waitMs ?? 20_000;
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const counts = { completed: 0, failed: 0, bpmnErrors: 0, superseded: 0 };
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let poll: AbortController | undefined;
  let loop: Promise<void> | undefined;

  const call = async (path: string, body: unknown, signal?: AbortSignal): Promise<unknown> => {
    const response = await send(new URL(path, options.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal && { signal }),
    });
    const text = await response.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const problem = (json ?? {}) as { code?: string; detail?: string };
      throw new WorkerHttpError(
        response.status,
        problem.code ?? 'http-error',
        `${path}: ${response.status} ${problem.detail ?? text}`,
      );
    }
    return json;
  };

  const report = async (job: WorkerJob, outcome: string, body: Record<string, unknown>): Promise<boolean> => {
    try {
      await call(`/api/v1/jobs/${encodeURIComponent(job.id)}/${outcome}`, { attempt: job.attempt, ...body });
      return true;
    } catch (error) {
      if (error instanceof WorkerHttpError && error.status === 409) {
        counts.superseded++;
        return false;
      }
      throw error;
    }
  };

  const work = async (job: WorkerJob): Promise<void> => {
    const handler = handlers.get(job.type)!;
    // Keep the lock while the handler runs: extend at half the lock, until it returns.
    const renew = setInterval(() => {
      call(`/api/v1/jobs/${encodeURIComponent(job.id)}/extend-lock`, {
        workerId,
        attempt: job.attempt,
        lockMs,
      }).catch(onError);
    }, lockMs / 2);
    try {
      let result: Variables | void;
      try {
        result = await handler(job);
      } catch (error) {
        if (error instanceof BpmnError) {
          if (
            await report(job, 'bpmn-error', {
              errorCode: error.code,
              message: error.message,
              ...(error.variables && { variables: error.variables }),
            })
          )
            counts.bpmnErrors++;
        } else if (
          await report(job, 'fail', { error: error instanceof Error ? error.message : String(error) })
        ) {
          counts.failed++;
        }
        return;
      }
      if (await report(job, 'complete', result ? { variables: result } : {})) counts.completed++;
    } finally {
      clearInterval(renew);
    }
  };

  const fetchLoop = async (): Promise<void> => {
    while (running) {
      const free = concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      poll = new AbortController();
      let jobs: WorkerJob[] = [];
      try {
        const answer = (await call(
          '/api/v1/jobs/fetch-and-lock',
          { workerId, types: [...handlers.keys()], maxJobs: Math.min(free, 100), lockMs, waitMs },
          poll.signal,
        )) as { jobs: WorkerJob[] };
        jobs = answer.jobs;
      } catch (error) {
        if (!running) break;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      for (const job of jobs) {
        const task: Promise<void> = work(job)
          .catch(onError)
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    }
  };

  const worker: Worker = {
    counts,
    subscribe(type, handler) {
      handlers.set(type, handler);
      return worker;
    },
    start() {
      if (running) return;
      if (handlers.size === 0)
        throw new Error('the worker subscribes to no job type; call subscribe(type, handler) first');
      running = true;
      loop = fetchLoop();
    },
    async stop() {
      running = false;
      poll?.abort();
      await loop;
      await Promise.all(inFlight);
    },
  };
  return worker;
}
