/**
 * Embedded subprocesses open a child scope with its own variables and tokens; call activities
 * start another process instance and wait for it, through the durable inbox.
 */
import type { CallActivity, SubProcess } from '../../model/graph.js';
import type { Behaviour } from '../run.js';
import { resolveValue } from '../triggers.js';

export const subProcess: Behaviour = {
  enter(run, token, element) {
    const sub = element as SubProcess;
    run.activate(token, sub);
    const scopeId = run.ctx.newId();
    run.state.scopes[scopeId] = {
      id: scopeId,
      elementId: sub.id,
      parentId: token.scopeId,
      tokenId: token.id,
      vars: token.locals ?? {},
    };
    delete token.locals;
    token.wait = { kind: 'subprocess', scopeId };
    run.emit('element.started', sub, token, { data: { scopeId } });
    for (const startId of sub.startEvents) {
      const start = run.element(startId);
      if (start.kind === 'startEvent' && start.event.type === 'none')
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
