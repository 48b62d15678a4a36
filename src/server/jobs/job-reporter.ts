/**
 * Reports an external worker's outcome for a job back to the engine, fenced by the attempt
 * number the worker got when it locked the job: a report from a superseded attempt is refused.
 *
 * The engine has no public method for this yet (`Sluice.reportJob`, requested). Until it has,
 * the server runs the same command path with a processor of its own on the same store: the
 * store's revision check and job fencing keep it correct beside the engine's processor, and
 * its committed events are published to the server's listeners. What it cannot do is hand the
 * work its steps create (jobs for in-process handlers, timers) straight to the engine's
 * executor and scheduler; they pick it up on their next poll.
 */
import type { Command, Variables } from '../../core/types.js';
import { CommandProcessor } from '../../engine/command-processor.js';
import { Definitions } from '../../engine/definitions.js';
import type { Sluice } from '../../engine/engine.js';
import { uuidv7 } from '../../engine/ids.js';
import type { JobRecord } from '../../store/store.js';
import type { EngineEvents } from '../live/engine-events.js';

export type JobOutcome =
  | { readonly kind: 'complete'; readonly variables?: Variables; readonly actor?: string }
  | { readonly kind: 'fail'; readonly error: string; readonly retries: number; readonly retryAt: number }
  | {
      readonly kind: 'bpmn-error';
      readonly errorCode: string;
      readonly message?: string;
      readonly variables?: Variables;
    };

/** The method asked of the engine; used as soon as it exists. */
interface ReportsJobs {
  reportJob(jobId: string, attempt: number, outcome: JobOutcome): Promise<unknown>;
}

export type JobReporter = (job: JobRecord, attempt: number, outcome: JobOutcome) => Promise<void>;

const reportsJobs = (sluice: Sluice): sluice is Sluice & ReportsJobs =>
  typeof (sluice as Partial<ReportsJobs>).reportJob === 'function';

export function jobReporter(
  sluice: Sluice,
  events: EngineEvents,
  onError: (error: unknown) => void,
): JobReporter {
  if (reportsJobs(sluice)) {
    return async (job, attempt, outcome) => {
      await sluice.reportJob(job.id, attempt, outcome);
    };
  }
  const newId = (): string => uuidv7(sluice.clock.now());
  const definitions = new Definitions(sluice.store, sluice.clock, newId);
  const processor = new CommandProcessor(
    sluice.store,
    definitions,
    sluice.clock,
    newId,
    (outcome) => {
      if (outcome.events.length > 0) events.publish(outcome.events, outcome.state);
    },
    onError,
  );
  return async (job, attempt, outcome) => {
    await processor.submit(commandFor(job, outcome), { kind: 'job', jobId: job.id, attempt });
  };
}

function commandFor(job: JobRecord, outcome: JobOutcome): Command {
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
      return {
        type: 'fail-job',
        ...base,
        error: outcome.error,
        retries: outcome.retries,
        retryAt: outcome.retryAt,
      };
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
