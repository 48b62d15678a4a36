/**
 * Gateways. Exclusive: the first flow whose condition holds, else the default. Parallel: all
 * flows out, and a join waits for every flow in. Inclusive: every flow whose condition holds,
 * and an OR-join (joins.ts). Event-based: wait for whichever following event comes first.
 */
import type { Gateway } from '../../model/graph.js';
import { arriveAtParallelJoin } from '../joins.js';
import { ModelRuntimeError, type Behaviour } from '../run.js';
import { openSubscription, openTrigger } from '../triggers.js';
import type { Trigger } from '../types.js';

export const exclusiveGateway: Behaviour = {
  enter(run, token, element) {
    const gateway = element as Gateway;
    let chosen: string | undefined;
    if (gateway.outgoing.length === 1) chosen = gateway.outgoing[0];
    else {
      for (const flowId of gateway.outgoing) {
        if (flowId === gateway.default) continue;
        const condition = run.graph.flows[flowId]!.condition;
        if (condition === undefined || run.evaluate(condition, token) === true) {
          chosen = flowId;
          break;
        }
      }
      chosen ??= gateway.default;
    }
    if (chosen === undefined) {
      if (gateway.outgoing.length === 0) return run.consume(token);
      throw new ModelRuntimeError(
        `no condition of gateway '${gateway.id}' is true and it has no default flow`,
      );
    }
    run.emit('element.completed', gateway, token);
    run.move(token, chosen);
  },
};

export const parallelGateway: Behaviour = {
  enter(run, token, element) {
    if (element.incoming.length > 1 && !arriveAtParallelJoin(run, token, element)) return;
    if (element.incoming.length <= 1) run.emit('element.completed', element, token);
    if (element.outgoing.length === 0) return run.consume(token);
    run.split(token, element.outgoing);
  },
};

export const inclusiveGateway: Behaviour = {
  enter(run, token, element) {
    if (element.incoming.length > 1) {
      // Waits here; joins.ts fires it once no more tokens can arrive.
      token.wait = { kind: 'join' };
      return;
    }
    run.emit('element.completed', element, token);
    run.leave(token, element);
  },
};

export const eventBasedGateway: Behaviour = {
  enter(run, token, element) {
    const triggers: Trigger[] = [];
    for (const flowId of element.outgoing) {
      const target = run.element(run.graph.flows[flowId]!.target);
      if (target.kind === 'intermediateCatchEvent') {
        const trigger = openTrigger(run, token, target.id, target.event);
        if (trigger) triggers.push(trigger);
      } else if (target.kind === 'receiveTask') {
        const task = target;
        triggers.push({
          eventId: task.id,
          subscriptionId: openSubscription(run, token, task.id, task.messageName, task.correlationKey),
        });
      }
    }
    token.wait = { kind: 'event-gateway', triggers };
  },
};
