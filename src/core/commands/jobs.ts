import { throwError } from '../errors.js';
import type { Run } from '../run.js';
import { CommandRejected, type Command, type Token } from '../types.js';

type JobCommand = Extract<Command, { jobId: string }>;

export function jobToken(run: Run, cmd: JobCommand): Token {
  const token = run.findToken((t) => t.wait?.kind === 'job' && t.wait.jobId === cmd.jobId);
  if (!token) {
    throw new CommandRejected(
      `job '${cmd.jobId}' of instance '${cmd.instanceId}' is not active: it was completed, cancelled or failed already`,
      'job-not-active',
    );
  }
  return token;
}

export function completeJob(run: Run, cmd: Extract<Command, { type: 'complete-job' }>): void {
  const token = jobToken(run, cmd);
  const element = run.element(token.elementId);
  run.emit('element.started', element, token, {
    at: cmd.startedAt ?? run.now,
    ...(cmd.actor && { actor: cmd.actor }),
  });
  run.effect({ kind: 'delete-job', jobId: cmd.jobId });
  delete token.wait;
  run.completeActivity(token, element, cmd.variables);
}

/** A technical failure: retry later while retries last, then an incident. */
export function failJob(run: Run, cmd: Extract<Command, { type: 'fail-job' }>): void {
  const token = jobToken(run, cmd);
  const element = run.element(token.elementId);
  run.emit('job.failed', element, token, {
    data: { jobId: cmd.jobId, error: cmd.error, retries: cmd.retries },
  });
  if (cmd.retries > 0) {
    run.effect({
      kind: 'retry-job',
      jobId: cmd.jobId,
      retries: cmd.retries,
      retryAt: cmd.retryAt,
      error: cmd.error,
    });
  } else {
    run.raiseIncident(token, element, cmd.error, { jobId: cmd.jobId });
  }
}

/** A business error from a handler: caught by a boundary event, else an incident. */
export function throwJobError(run: Run, cmd: Extract<Command, { type: 'throw-error' }>): void {
  const token = jobToken(run, cmd);
  const element = run.element(token.elementId);
  if (cmd.variables) run.setVariables(token, token.scopeId, cmd.variables);
  if (throwError(run, token, cmd.errorCode, cmd.message, true)) return;
  const message = `BPMN error '${cmd.errorCode}'${cmd.message ? ` (${cmd.message})` : ''} was thrown but no boundary event catches it`;
  run.raiseIncident(token, element, message, { jobId: cmd.jobId });
}
