/**
 * Joins. A parallel join fires when a token has arrived on every incoming flow. An inclusive
 * (OR) join fires when no token that could still arrive on a missing flow is left upstream:
 * the compiler lists, per incoming flow, the elements from which that flow can be reached,
 * and the join waits while any token of its scope sits on one of them.
 */
import type { FlowElement } from '../model/graph.js';
import { isModelError, type Run } from './run.js';
import type { Token } from './types.js';

const waitingAt = (run: Run, gatewayId: string, scopeId: string): Token[] =>
  run.tokensIn(scopeId).filter((t) => t.elementId === gatewayId && t.wait?.kind === 'join');

/** Consumes one waiting token per arrived flow and continues with `survivor`. */
function merge(run: Run, gateway: FlowElement, waiting: Token[], survivor: Token): void {
  const seen = new Set<string | undefined>();
  for (const token of waiting) {
    if (seen.has(token.arrivedBy)) continue;
    seen.add(token.arrivedBy);
    if (token !== survivor) delete run.state.tokens[token.id];
  }
  delete survivor.wait;
  run.emit('element.completed', gateway, survivor);
}

/** A token arrives at a parallel join: wait, or fire when every incoming flow has a token. */
export function arriveAtParallelJoin(run: Run, token: Token, gateway: FlowElement): boolean {
  token.wait = { kind: 'join' };
  const waiting = waitingAt(run, gateway.id, token.scopeId);
  const arrived = new Set(waiting.map((t) => t.arrivedBy));
  if (!gateway.incoming.every((flow) => arrived.has(flow))) return false;
  // Keep the earliest token of each flow, so tokens that arrived twice wait for the next round.
  const firsts = gateway.incoming.map((flow) => waiting.find((t) => t.arrivedBy === flow)!);
  merge(run, gateway, firsts, token);
  return true;
}

/** Fires every OR-join that can no longer receive a token; returns whether one fired. */
export function settleInclusiveJoins(run: Run): boolean {
  let fired = false;
  for (const token of Object.values(run.state.tokens)) {
    if (token.wait?.kind !== 'join') continue;
    const upstream = run.graph.orJoinUpstream[token.elementId];
    if (!upstream || run.state.tokens[token.id] !== token || token.wait === undefined) continue;
    const gateway = run.element(token.elementId);
    const waiting = waitingAt(run, gateway.id, token.scopeId);
    const arrived = new Set(waiting.map((t) => t.arrivedBy));
    const others = run.tokensIn(token.scopeId).filter((t) => t.elementId !== gateway.id);
    const blocked = gateway.incoming.some(
      (flow) => !arrived.has(flow) && others.some((t) => (upstream[flow] ?? []).includes(t.elementId)),
    );
    if (blocked) continue;
    const survivor = waiting[0]!;
    merge(run, gateway, waiting, survivor);
    try {
      run.leave(survivor, gateway);
    } catch (error) {
      if (!isModelError(error)) throw error;
      run.raiseIncident(survivor, gateway, error.message);
    }
    fired = true;
  }
  return fired;
}
