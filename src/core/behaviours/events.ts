/**
 * Start, end, intermediate and boundary events. Events take no time: they record
 * `element.completed` once and pass the token on, except the catch events that wait.
 */
import type {
  BoundaryEvent,
  EndEvent,
  FlowElement,
  IntermediateCatchEvent,
  IntermediateThrowEvent,
  StartEvent,
  Value,
} from '../../model/graph.js';
import { cancelTransaction, throwCompensation } from '../compensation.js';
import { throwError } from '../errors.js';
import { escalate } from '../escalations.js';
import { ModelRuntimeError, type Behaviour, type Run } from '../run.js';
import { finishInstance, terminateScope } from '../scopes.js';
import { openTrigger, resolveValue } from '../triggers.js';
import type { Token } from '../types.js';

const passThrough: Behaviour = {
  enter(run, token, element) {
    run.emit('element.completed', element, token);
    run.leave(token, element);
  },
};

export const startEvent: Behaviour = passThrough;
export const intermediateThrowEvent: Behaviour = {
  enter(run, token, element) {
    const { event } = element as IntermediateThrowEvent;
    // A compensation throw completes once its handlers have run (compensation.ts).
    if (event.type === 'compensate' && throwCompensation(run, token, event.activityRef)) return;
    run.emit('element.completed', element, token);
    if (event.type === 'link') return jump(run, token, element, event.linkName);
    if (event.type === 'signal') broadcast(run, token, element, event.signalName);
    if (event.type === 'escalation' && escalate(run, token, event.escalationCode ?? '')) {
      return; // an interrupting catch ended this path's scope, and this token with it
    }
    run.leave(token, element);
  },
};

/** A signal goes to every instance and process listening for it, after this step commits. */
function broadcast(run: Run, token: Token, element: FlowElement, signalName: Value): void {
  const name = resolveValue(run, token, signalName);
  const signalId = run.ctx.newId();
  run.effect({ kind: 'broadcast-signal', signalId, name });
  run.emit('signal.thrown', element, token, { data: { signalId, name } });
}

/** A link throw event continues at the link catch event of the same name in the same scope. */
function jump(run: Run, token: Token, element: FlowElement, linkName: string): void {
  const target = Object.values(run.graph.elements).find(
    (e) =>
      e.kind === 'intermediateCatchEvent' &&
      e.scope === element.scope &&
      e.event.type === 'link' &&
      e.event.linkName === linkName,
  );
  if (!target) throw new ModelRuntimeError(`no link catch event named '${linkName}' follows '${element.id}'`);
  token.elementId = target.id;
  token.enteredAt = run.now;
  delete token.arrivedBy;
  run.arrive(token);
}
/** The boundary token was created when its trigger fired (boundary.ts, errors.ts). */
export const boundaryEvent: Behaviour = passThrough;

export const endEvent: Behaviour = {
  enter(run, token, element) {
    const { event } = element as EndEvent;
    if (event.type === 'compensate' && throwCompensation(run, token, event.activityRef)) return;
    run.emit('element.completed', element, token);
    if (event.type === 'terminate') return terminate(run, token, element);
    if (event.type === 'error') return raise(run, token, element, event.errorCode ?? '', event.errorMessage);
    if (event.type === 'escalation' && escalate(run, token, event.escalationCode ?? '')) return;
    if (event.type === 'signal') broadcast(run, token, element, event.signalName);
    if (event.type === 'cancel') return cancelTransaction(run, token);
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
    if (event.type === 'conditional') {
      token.wait = { kind: 'condition' }; // conditions.ts evaluates it at the end of the step
      return;
    }
    const trigger = openTrigger(run, token, element.id, event);
    if (!trigger) return passThrough.enter(run, token, element);
    token.wait =
      trigger.timerId !== undefined
        ? { kind: 'timer', timerId: trigger.timerId }
        : { kind: 'message', subscriptionId: trigger.subscriptionId! };
  },
};

export type { BoundaryEvent, StartEvent };
