/** What an operator does to an instance: cancel it, or retry an incident. */
import type { Run } from '../run.js';
import { finishInstance } from '../scopes.js';
import { CommandRejected, type Command } from '../types.js';

export function cancel(run: Run, cmd: Extract<Command, { type: 'cancel' }>): void {
  finishInstance(run, 'terminated', {
    ...(cmd.actor && { actor: cmd.actor }),
    ...(cmd.reason && { reason: cmd.reason }),
  });
}

/** Resumes the token as its incident says (see IncidentWait), with a redispatch when needed. */
export function retryIncident(
  run: Run,
  cmd: Extract<Command, { type: 'retry-incident' }>,
  redispatch: (run: Run, command: Command) => void,
): void {
  const token = run.findToken((t) => t.wait?.kind === 'incident' && t.wait.incidentId === cmd.incidentId);
  if (!token || token.wait?.kind !== 'incident') {
    throw new CommandRejected(
      `incident '${cmd.incidentId}' is not open in instance '${cmd.instanceId}'`,
      'incident-not-open',
    );
  }
  const wait = token.wait;
  const element = run.element(token.elementId);
  if (run.state.incidents) {
    const { [wait.incidentId]: _resolved, ...open } = run.state.incidents;
    run.state.incidents = open;
  }
  run.effect({
    kind: 'resolve-incident',
    incidentId: wait.incidentId,
    jobId: wait.jobId,
    retries: cmd.retries,
  });
  run.emit('incident.resolved', element, token, {
    ...(cmd.actor && { actor: cmd.actor }),
    data: { incidentId: wait.incidentId },
  });
  if (wait.jobId) {
    token.wait = { kind: 'job', jobId: wait.jobId };
  } else if (wait.resume) {
    if (wait.previous) token.wait = wait.previous;
    else delete token.wait;
    redispatch(run, wait.resume);
  } else {
    delete token.wait;
    run.arrive(token);
  }
}
