/** A called instance has ended: its parent's call activity completes or gets the error. */
import type { CallActivity } from '../../model/graph.js';
import { throwError } from '../errors.js';
import type { Run } from '../run.js';
import { CommandRejected, type Command, type Token } from '../types.js';
import { applyMappings } from '../variables.js';

function callToken(run: Run, cmd: { tokenId: string; childId: string }): Token {
  const token = run.state.tokens[cmd.tokenId];
  if (!token || token.wait?.kind !== 'call' || token.wait.childId !== cmd.childId) {
    throw new CommandRejected(`no call activity waits for instance '${cmd.childId}'`, 'child-not-awaited');
  }
  return token;
}

export function childCompleted(run: Run, cmd: Extract<Command, { type: 'child-completed' }>): void {
  const token = callToken(run, cmd);
  const call = run.element(token.elementId) as CallActivity;
  delete token.wait;
  if (call.outputs && call.outputs.length > 0) {
    const mapped = applyMappings(call.outputs, { ...run.variables(token), ...cmd.variables });
    return run.completeActivity(token, call, mapped, undefined, true);
  }
  run.completeActivity(token, call, call.propagateAllChildVariables ? cmd.variables : {}, undefined, true);
}

export function childFailed(run: Run, cmd: Extract<Command, { type: 'child-failed' }>): void {
  const token = callToken(run, cmd);
  const call = run.element(token.elementId);
  delete token.wait; // the child has ended; nothing of it is left to cancel
  if (throwError(run, token, cmd.errorCode, cmd.message, true)) return;
  run.raiseIncident(
    token,
    call,
    `called instance '${cmd.childId}' ended with the uncaught error '${cmd.errorCode}'`,
  );
}
