/**
 * Embedded subprocesses (plain, event, transaction and ad-hoc) open a child scope with its own
 * variables, tokens and listening event subprocesses; call activities
 * start another process instance and wait for it, through the durable inbox.
 */
import type { CallActivity, SubProcess } from '../../model/graph.js';
import type { Behaviour } from '../run.js';
import { startAdHoc } from '../ad-hoc.js';
import { armListeners } from '../event-subprocesses.js';
import { mutexHeld } from '../mutexes.js';
import { resolveValue } from '../triggers.js';
import type { Scope } from '../types.js';

export const subProcess: Behaviour = {
  enter(run, token, element) {
    const sub = element as SubProcess;
    if (sub.mutex !== undefined && mutexHeld(run, sub.mutex, token)) {
      token.wait = { kind: 'mutex' }; // mutexes.ts lets it in when the holder leaves
      return;
    }
    run.activate(token, sub);
    const scopeId = run.ctx.newId();
    const scope: Scope = {
      id: scopeId,
      elementId: sub.id,
      parentId: token.scopeId,
      tokenId: token.id,
      vars: token.locals ?? {},
    };
    run.state.scopes[scopeId] = scope;
    delete token.locals;
    token.wait = { kind: 'subprocess', scopeId };
    run.emit('element.started', sub, token, { data: { scopeId } });
    armListeners(run, scope);
    if (sub.adHoc) return startAdHoc(run, sub, scope);
    for (const startId of sub.startEvents) {
      const start = run.element(startId);
      // An event subprocess is entered when its start event has fired (or it compensates).
      if (sub.triggeredByEvent || (start.kind === 'startEvent' && start.event.type === 'none'))
        run.arrive(run.newToken(startId, scopeId));
    }
  },
};

export const callActivity: Behaviour = {
  enter(run, token, element) {
    const call = element as CallActivity;
    run.activate(token, call);
    const processId = resolveValue(run, token, call.calledElement);
    const childId = run.ctx.newId();
    const variables = token.locals ?? (call.propagateAllParentVariables ? { ...run.variables(token) } : {});
    run.send({
      type: 'start',
      instanceId: childId,
      processId,
      version: 0,
      variables,
      parent: { instanceId: run.state.id, tokenId: token.id },
    });
    token.wait = { kind: 'call', childId };
    run.emit('element.started', call, token, { data: { childId, calledProcess: processId } });
  },
};
