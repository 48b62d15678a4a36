/**
 * What an inclusive (OR) join waits for. A join with several incoming flows fires once no token
 * that could still arrive is upstream of an incoming flow that has none yet. This precomputes,
 * per join and incoming flow, the elements of the join's scope from which that flow can still
 * be reached, so that core only has to look at where tokens are.
 *
 * Walks go backwards over sequence flows, and from a boundary event to the activity it is
 * attached to (a token in the activity can leave through it). They stay in the join's scope: a
 * token inside a subprocess is represented by the subprocess's own token in this scope. They do
 * not pass through the join itself, since a token there has already been counted.
 */
import type { FlowElement, SequenceFlow } from './graph.js';

type OrJoinUpstream = Record<string, Record<string, readonly string[]>>;

export function computeOrJoinUpstream(
  elements: Readonly<Record<string, FlowElement>>,
  flows: Readonly<Record<string, SequenceFlow>>,
): OrJoinUpstream {
  const upstream: OrJoinUpstream = {};
  for (const join of Object.values(elements)) {
    if (join.kind !== 'inclusiveGateway' || join.incoming.length < 2) continue;
    const perFlow: Record<string, readonly string[]> = {};
    for (const flowId of join.incoming) {
      const source = flows[flowId]?.source;
      perFlow[flowId] = source === undefined ? [] : reachingBackwards(source, join, elements, flows);
    }
    upstream[join.id] = perFlow;
  }
  return upstream;
}

function reachingBackwards(
  start: string,
  join: FlowElement,
  elements: Readonly<Record<string, FlowElement>>,
  flows: Readonly<Record<string, SequenceFlow>>,
): string[] {
  const seen = new Set<string>();
  const pending = [start];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const element = elements[id];
    if (!element || id === join.id || element.scope !== join.scope || seen.has(id)) continue;
    seen.add(id);
    for (const flowId of element.incoming) {
      const source = flows[flowId]?.source;
      if (source !== undefined) pending.push(source);
    }
    if (element.kind === 'boundaryEvent') pending.push(element.attachedTo);
  }
  // Sorted, so that the graph does not depend on the order the model was written in.
  return [...seen].sort();
}
