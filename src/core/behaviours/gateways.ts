/**
 * Gateways. Exclusive: the first flow whose condition holds, else the default. Parallel: all
 * flows out, and a join waits for every flow in. Inclusive: every flow whose condition holds,
 * and an OR-join (joins.ts). Event-based: wait for whichever following event comes first.
 * Complex: fires once its activation condition holds, then absorbs the rest of that wave.
 */
import type { Gateway } from '../../model/graph.js';
import { arriveAtParallelJoin } from '../joins.js';
import { ModelRuntimeError, type Behaviour, type Run } from '../run.js';
import { openSubscription, openTrigger } from '../triggers.js';
import type { Token, Trigger } from '../types.js';

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

/**
 * A complex gateway fires once its activation condition first holds (it sees the variables and
 * `activationCount`, the tokens waiting here), or without one once every incoming flow has a
 * token. The incoming flows that had not delivered yet are remembered on the scope: their
 * tokens of the same wave are absorbed when they come, and then the gateway is reset.
 */
export const complexGateway: Behaviour = {
  enter(run, token, element) {
    const gateway = element as Gateway;
    const scope = run.state.scopes[token.scopeId]!;
    const absorbing = scope.complex?.[gateway.id];
    if (absorbing && token.arrivedBy !== undefined && absorbing.includes(token.arrivedBy)) {
      const rest = absorbing.filter((flow) => flow !== token.arrivedBy);
      const { [gateway.id]: _done, ...others } = scope.complex!;
      scope.complex = rest.length > 0 ? { ...others, [gateway.id]: rest } : others;
      return run.consume(token);
    }
    token.wait = { kind: 'join' };
    const waiting = run
      .tokensIn(token.scopeId)
      .filter((t) => t.elementId === gateway.id && t.wait?.kind === 'join');
    const arrived = new Set(waiting.map((t) => t.arrivedBy));
    const fires =
      gateway.activationCondition !== undefined
        ? run.evaluate(gateway.activationCondition, token, { activationCount: waiting.length }) === true
        : gateway.incoming.every((flow) => arrived.has(flow));
    if (fires) fire(run, gateway, token, waiting, arrived);
  },
};

function fire(
  run: Run,
  gateway: Gateway,
  survivor: Token,
  waiting: Token[],
  arrived: Set<string | undefined>,
): void {
  const scope = run.state.scopes[survivor.scopeId]!;
  const pending = gateway.incoming.filter((flow) => !arrived.has(flow));
  if (pending.length > 0) scope.complex = { ...scope.complex, [gateway.id]: pending };
  for (const other of waiting) if (other !== survivor) delete run.state.tokens[other.id];
  delete survivor.wait;
  run.emit('element.completed', gateway, survivor, { data: { activationCount: waiting.length } });
  run.leave(survivor, gateway);
}
