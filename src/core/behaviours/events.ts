/**
 * Start, end, intermediate and boundary events. Events take no time: they record
 * `element.completed` once and pass the token on, except the catch events that wait.
 */
import type {
  BoundaryEvent,
  EndEvent,
  FlowElement,
  IntermediateCatchEvent,
  StartEvent,
} from '../../model/graph.js';
import { throwError } from '../errors.js';
import type { Behaviour, Run } from '../run.js';
import { finishInstance, terminateScope } from '../scopes.js';
import { openTrigger } from '../triggers.js';
import type { Token } from '../types.js';

const passThrough: Behaviour = {
  enter(run, token, element) {
    run.emit('element.completed', element, token);
    run.leave(token, element);
  },
};

export const startEvent: Behaviour = passThrough;
export const intermediateThrowEvent: Behaviour = passThrough;
/** The boundary token was created when its trigger fired (boundary.ts, errors.ts). */
export const boundaryEvent: Behaviour = passThrough;

export const endEvent: Behaviour = {
  enter(run, token, element) {
    const { event } = element as EndEvent;
    run.emit('element.completed', element, token);
    if (event.type === 'terminate') return terminate(run, token, element);
    if (event.type === 'error') return raise(run, token, element, event.errorCode ?? '', event.errorMessage);
    run.consume(token);
  },
};

function terminate(run: Run, token: Token, element: FlowElement): void {
  delete run.state.tokens[token.id];
  terminateScope(run, run.state.scopes[token.scopeId]!, element);
}

function raise(run: Run, token: Token, element: FlowElement, errorCode: string, message?: string): void {
  delete run.state.tokens[token.id];
  if (!throwError(run, token, errorCode, message, false)) {
    finishInstance(run, 'failed', { elementId: element.id, errorCode, ...(message && { message }) });
  }
}

export const intermediateCatchEvent: Behaviour = {
  enter(run, token, element) {
    const { event } = element as IntermediateCatchEvent;
    const trigger = openTrigger(run, token, element.id, event);
    if (!trigger) return passThrough.enter(run, token, element);
    token.wait =
      trigger.timerId !== undefined
        ? { kind: 'timer', timerId: trigger.timerId }
        : { kind: 'message', subscriptionId: trigger.subscriptionId! };
  },
};

export type { BoundaryEvent, StartEvent };
