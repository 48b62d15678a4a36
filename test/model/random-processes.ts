/**
 * Seeded random processes for testing layout and export on shapes no one thought to write:
 * chains, splits and joins, flows that skip layers, loops, self-loops, boundary events with
 * their own paths, and subprocesses nested two deep. Every process is valid (it builds), so
 * it can also go through export and import.
 */
import { type ProcessGraph, type ScopeBuilder, process } from '../../src/model/index.js';

/** mulberry32: small, fast and good enough to pick shapes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'task' | 'userTask' | 'exclusive' | 'parallel' | 'sub' | 'catch';

export function randomProcess(seed: number, size = 14): ProcessGraph {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const builder = process(`random-${seed}`);
  fill(builder, 'p', size, 0, next, pick);
  return builder.build();
}

function fill(
  scope: ScopeBuilder,
  prefix: string,
  size: number,
  depth: number,
  next: () => number,
  pick: <T>(items: readonly T[]) => T,
): void {
  const nodes: { id: string; kind: Kind | 'start' }[] = [{ id: `${prefix}-start`, kind: 'start' }];
  scope.startEvent(`${prefix}-start`);
  const kinds: Kind[] =
    depth < 2
      ? ['task', 'task', 'userTask', 'exclusive', 'parallel', 'sub', 'catch']
      : ['task', 'userTask', 'exclusive', 'parallel', 'catch'];
  const fromOptions = (source: { kind: string }): { condition?: string } =>
    source.kind === 'exclusive' ? { condition: 'true' } : {};
  for (let i = 0; i < size; i++) {
    const id = `${prefix}-${i}`;
    const source = pick(nodes);
    const kind = pick(kinds);
    scope.from(source.id, fromOptions(source));
    switch (kind) {
      case 'task':
        scope.task(id);
        break;
      case 'userTask':
        scope.userTask(id, { candidateGroups: 'staff' });
        break;
      case 'exclusive':
        scope.exclusiveGateway(id);
        break;
      case 'parallel':
        scope.parallelGateway(id);
        break;
      case 'catch':
        scope.intermediateCatchEvent(id, { timer: { duration: 'PT5M' } });
        break;
      case 'sub':
        scope.subProcess(id, (inner) => fill(inner, id, 2 + Math.floor(next() * 4), depth + 1, next, pick));
        break;
    }
    nodes.push({ id, kind });
    // Now and then a second flow into the new node: a join, possibly skipping layers.
    if (next() < 0.3) {
      const other = pick(nodes.slice(0, -1));
      scope.flow(other.id, id, fromOptions(other));
    }
    // Now and then a loop back to an earlier node, or to the node itself.
    if (next() < 0.12 && kind !== 'sub') {
      const back = pick(nodes.slice(1));
      scope.flow(id, back.id, fromOptions({ kind }));
    }
    // Boundary events on activities, each with a path of its own or a flow back into the process.
    if ((kind === 'task' || kind === 'userTask' || kind === 'sub') && next() < 0.35) {
      const count = 1 + Math.floor(next() * 3);
      for (let k = 0; k < count; k++) {
        const event = `${id}-b${k}`;
        scope.boundaryEvent(event, {
          attachedTo: id,
          ...(next() < 0.5 ? { timer: { duration: 'PT1H' } } : { message: 'ping' }),
          cancelActivity: next() < 0.5,
        });
        if (next() < 0.5) scope.task(`${event}-handle`).endEvent(`${event}-end`);
        else scope.flow(event, pick(nodes.slice(1)).id);
      }
    }
  }
  // Every node without a way on gets an end event.
  for (const node of nodes) {
    if (node.kind === 'exclusive' || node.kind === 'parallel' || next() < 0.5) {
      scope.from(node.id, fromOptions(node)).endEvent(`${node.id}-end`);
    }
  }
}
