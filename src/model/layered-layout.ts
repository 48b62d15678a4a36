/**
 * A left-to-right layered drawing of one scope's flow nodes, by Sugiyama's method:
 *
 * 1. Cycles are broken by a depth-first search from the start events: a flow back to a node
 *    still on the search path is a loop, left out of the layering and drawn round the top.
 * 2. Each node gets the layer of its longest path from a source (a node nothing flows into);
 *    a source is then moved up to just before its first successor, so that a second start
 *    event sits beside the flow it joins rather than at the far left.
 * 3. A flow that spans several layers passes through a placeholder in each, which reserves
 *    its lane so that no node is drawn across it.
 * 4. Nodes are ordered within their layers by barycentre sweeps, keeping the order with the
 *    fewest crossings; the first (depth-first) order puts a gateway's first flow on top.
 * 5. Vertical positions are the weighted least-squares fit to the neighbours' positions that
 *    keeps the order and the gaps (isotonic regression, pool-adjacent-violators). Each node's
 *    first outgoing flow weighs most, so the happy path is one straight line and the other
 *    branches open above and below it; long flows keep straight lanes.
 * 6. Flows are routed by layout-routes.ts: right side out, left side in, bending only in the
 *    channels between layers, each vertical run on a track of its own.
 *
 * Boundary events are not nodes here: their flows leave from their host, which keeps space
 * free beneath itself (`below`) for them.
 */
import type { Bounds, Point } from './diagram-layout.js';
import {
  type BoundaryExit,
  type Column,
  type FlowToRoute,
  LANE_GAP,
  LAYER_GAP,
  NODE_GAP,
  routeFlows,
} from './layout-routes.js';

export interface LayerNode {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  /** Space kept free under the node: where its boundary events hang and their flows turn. */
  readonly below: number;
}

export interface LayerEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** For a flow that leaves a boundary event of `from`: where it leaves. */
  readonly boundary?: BoundaryExit;
}

export interface LayeredDrawing {
  /** Top-left corners relative to the drawing, which starts at (0, 0). */
  readonly shapes: ReadonlyMap<string, Bounds>;
  readonly routes: ReadonlyMap<string, readonly Point[]>;
  readonly width: number;
  readonly height: number;
}

const SWEEPS = 24;
const PLACEMENT_PASSES = 11;
/** How far a main flow (STRAIGHT) outweighs other neighbours, and a long flow's lane (LANE_PULL). */
const STRAIGHT = 10_000;
const LANE_PULL = 4;

/** A node of the layered graph: a flow node, or a placeholder where a long flow crosses a layer. */
interface Slot {
  readonly layer: number;
  readonly width: number;
  readonly height: number;
  readonly below: number;
  readonly placeholder: boolean;
  /** Initial order within the layer. */
  readonly key: number;
}

/** A piece of a flow between adjacent layers. */
interface Segment {
  readonly upper: number;
  readonly lower: number;
  /** The first piece of a flow from a boundary event: its target belongs below the host. */
  readonly exit?: BoundaryExit;
  /** How strongly the piece is kept level (STRAIGHT, LANE_PULL or 0, see placeVertically). */
  readonly pull: number;
}

export function layerDiagram(
  nodes: readonly LayerNode[],
  edges: readonly LayerEdge[],
  firsts: readonly string[],
): LayeredDrawing {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.flatMap((edge) => {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    return from === undefined || to === undefined ? [] : [{ edge, from, to }];
  });
  const { loops, discovered } = findLoops(
    nodes.length,
    links,
    firsts.map((id) => index.get(id) ?? -1),
  );
  const layer = assignLayers(nodes.length, links, loops);

  // Placeholders for flows that span layers; each forward flow becomes a chain of slots.
  const slots: Slot[] = nodes.map((node, i) => ({
    layer: layer[i]!,
    width: node.width,
    height: node.height,
    below: node.below,
    placeholder: false,
    key: discovered[i]!,
  }));
  const chains = new Map<number, number[]>();
  const segments: Segment[] = [];
  const { primary, aligned } = mainFlows(nodes.length, links, loops);
  links.forEach((link, i) => {
    if (loops.has(i)) return;
    const chain = [link.from];
    for (let l = layer[link.from]! + 1; l < layer[link.to]!; l++) {
      chain.push(slots.length);
      slots.push({ layer: l, width: 0, height: 0, below: 0, placeholder: true, key: discovered[link.to]! });
    }
    chain.push(link.to);
    chains.set(i, chain);
    const last = chain.length - 1;
    for (let k = 1; k <= last; k++) {
      // A node's main flow is drawn straight; so is any long flow between its two ends.
      const straight = primary.has(i) && (k < last || aligned.has(i));
      segments.push({
        upper: chain[k - 1]!,
        lower: chain[k]!,
        ...(k === 1 && link.edge.boundary && { exit: link.edge.boundary }),
        pull: straight ? STRAIGHT : k > 1 && k < last ? LANE_PULL : 0,
      });
    }
  });

  const layers = orderLayers(slots, segments);
  const centres = placeVertically(slots, segments, layers);
  const columns = columnsOf(slots, layers);

  const placed = nodes.map((node, i): Bounds => {
    const column = columns[layer[i]!]!;
    return {
      x: column.left + Math.round((column.width - node.width) / 2),
      y: centres[i]! - node.height / 2,
      width: node.width,
      height: node.height,
    };
  });
  const flows = links.map((link, i): FlowToRoute => {
    const chain = chains.get(i);
    return {
      id: link.edge.id,
      source: link.from,
      target: link.to,
      ...(link.edge.boundary && { boundary: link.edge.boundary }),
      ...(chain && { lanes: chain.map((slot) => ({ layer: slots[slot]!.layer, y: centres[slot]! })) }),
    };
  });
  const routes = routeFlows(flows, {
    shapes: placed,
    below: nodes.map((n) => n.below),
    layer,
    columns,
  });
  return normalise(nodes, placed, routes);
}

/** Depth-first search from the first nodes: flows back onto the search path are loops. */
function findLoops(
  count: number,
  links: readonly { edge: LayerEdge; from: number; to: number }[],
  firsts: readonly number[],
): { loops: Set<number>; discovered: number[] } {
  const outgoing: number[][] = Array.from({ length: count }, () => []);
  const hasIncoming = new Array<boolean>(count).fill(false);
  // Flows from boundary events are searched last, so that their targets come after (below)
  // the host's own successors.
  const exits = (i: number): number => (links[i]!.edge.boundary ? 1 : 0);
  links.forEach((link, i) => {
    outgoing[link.from]!.push(i);
    if (link.from !== link.to) hasIncoming[link.to] = true;
  });
  for (const list of outgoing) list.sort((a, b) => exits(a) - exits(b) || a - b);
  const state = new Array<0 | 1 | 2>(count).fill(0);
  const discovered = new Array<number>(count).fill(0);
  const loops = new Set<number>();
  let counter = 0;
  const visit = (root: number): void => {
    if (root < 0 || state[root] !== 0) return;
    state[root] = 1;
    discovered[root] = counter++;
    const stack: [number, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [node, next] = top;
      const out = outgoing[node]!;
      if (next >= out.length) {
        state[node] = 2;
        stack.pop();
        continue;
      }
      top[1] = next + 1;
      const linkIndex = out[next]!;
      const target = links[linkIndex]!.to;
      if (state[target] === 1) loops.add(linkIndex);
      else if (state[target] === 0) {
        state[target] = 1;
        discovered[target] = counter++;
        stack.push([target, 0]);
      }
    }
  };
  firsts.forEach(visit);
  for (let i = 0; i < count; i++) if (!hasIncoming[i]) visit(i);
  for (let i = 0; i < count; i++) visit(i);
  return { loops, discovered };
}

/**
 * The flows drawn straight: each node's first outgoing flow that is not a loop and does not
 * leave a boundary event (`primary`), of which those that are also the first such flow into
 * their target (`aligned`) are straight at both ends. Together they make the happy path, as
 * modellers draw it: a line along the first flow out of every split.
 */
function mainFlows(
  count: number,
  links: readonly { edge: LayerEdge; from: number; to: number }[],
  loops: ReadonlySet<number>,
): { primary: Set<number>; aligned: Set<number> } {
  const out = new Array<number | undefined>(count);
  const into = new Array<number | undefined>(count);
  links.forEach((link, i) => {
    if (loops.has(i) || link.edge.boundary !== undefined || out[link.from] !== undefined) return;
    out[link.from] = i;
  });
  const primary = new Set(out.filter((i) => i !== undefined));
  links.forEach((link, i) => {
    if (primary.has(i) && into[link.to] === undefined) into[link.to] = i;
  });
  return { primary, aligned: new Set(into.filter((i) => i !== undefined)) };
}

/** Longest-path layering over the flows that are not loops; sources move up to their successors. */
function assignLayers(
  count: number,
  links: readonly { from: number; to: number }[],
  loops: ReadonlySet<number>,
): number[] {
  const layer = new Array<number>(count).fill(0);
  const incoming = new Array<number>(count).fill(0);
  const successors: number[][] = Array.from({ length: count }, () => []);
  links.forEach((link, i) => {
    if (loops.has(i)) return;
    incoming[link.to]!++;
    successors[link.from]!.push(link.to);
  });
  const sources = [...incoming.keys()].filter((i) => incoming[i] === 0);
  const queue = [...sources];
  const remaining = [...incoming];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of successors[node]!) {
      layer[next] = Math.max(layer[next]!, layer[node]! + 1);
      if (--remaining[next]! === 0) queue.push(next);
    }
  }
  for (const source of sources) {
    const next = successors[source]!;
    if (next.length > 0) layer[source] = Math.max(0, Math.min(...next.map((n) => layer[n]!)) - 1);
  }
  return layer;
}

/** Barycentre sweeps, down and up, keeping the order with the fewest crossings. */
function orderLayers(slots: readonly Slot[], segments: readonly Segment[]): number[][] {
  const depth = Math.max(0, ...slots.map((s) => s.layer)) + 1;
  const layers: number[][] = Array.from({ length: depth }, () => []);
  slots.forEach((slot, i) => layers[slot.layer]!.push(i));
  for (const members of layers) members.sort((a, b) => slots[a]!.key - slots[b]!.key || a - b);
  const above: Segment[][] = slots.map(() => []);
  const beneath: Segment[][] = slots.map(() => []);
  for (const segment of segments) {
    above[segment.lower]!.push(segment);
    beneath[segment.upper]!.push(segment);
  }
  const position = new Array<number>(slots.length).fill(0);
  const record = (members: readonly number[]): void => members.forEach((s, i) => (position[s] = i));
  layers.forEach(record);

  let best = layers.map((members) => [...members]);
  let fewest = crossings(layers, segments, position);
  let unchanged = 0;
  for (let sweep = 0; sweep < SWEEPS && unchanged < 2; sweep++) {
    const down = sweep % 2 === 0;
    let moved = false;
    const order = down ? [...layers.keys()].slice(1) : [...layers.keys()].reverse().slice(1);
    for (const l of order) {
      const members = layers[l]!;
      const weight = new Map<number, number>();
      for (const slot of members) {
        const neighbours = down ? above[slot]! : beneath[slot]!;
        if (neighbours.length === 0) weight.set(slot, position[slot]!);
        else {
          const sum = neighbours.reduce((total, s) => {
            const other = down ? s.upper : s.lower;
            // Below the host's other successors; the lower its lane, the lower the target.
            const bias = s.exit ? (down ? 1 : -1) * (s.exit.lane / 100) : 0;
            return total + position[other]! + bias;
          }, 0);
          weight.set(slot, sum / neighbours.length);
        }
      }
      members.sort((a, b) => weight.get(a)! - weight.get(b)! || position[a]! - position[b]!);
      moved ||= members.some((slot, i) => position[slot] !== i);
      record(members);
    }
    // A sweep down and one up that change nothing: the order has settled.
    unchanged = moved ? 0 : unchanged + 1;
    // On a tie the later order wins: it has settled further, boundary targets below.
    const count = crossings(layers, segments, position);
    if (count <= fewest) {
      fewest = count;
      best = layers.map((members) => [...members]);
    }
  }
  return best;
}

function crossings(layers: readonly number[][], segments: readonly Segment[], position: number[]): number {
  const byLayer = new Map<number, Segment[]>();
  const layerOf = new Map<number, number>();
  layers.forEach((members, l) => members.forEach((s) => layerOf.set(s, l)));
  for (const segment of segments) {
    const l = layerOf.get(segment.upper)!;
    const list = byLayer.get(l);
    if (list) list.push(segment);
    else byLayer.set(l, [segment]);
  }
  let count = 0;
  for (const list of byLayer.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const up = position[a.upper]! - position[b.upper]!;
        const low = position[a.lower]! - position[b.lower]!;
        if (up * low < 0) count++;
      }
    }
  }
  return count;
}

/** Centre y of every slot, rounded to whole pixels. */
function placeVertically(
  slots: readonly Slot[],
  segments: readonly Segment[],
  layers: readonly number[][],
): number[] {
  const above: Segment[][] = slots.map(() => []);
  const beneath: Segment[][] = slots.map(() => []);
  for (const segment of segments) {
    above[segment.lower]!.push(segment);
    beneath[segment.upper]!.push(segment);
  }
  const gaps = layers.map((members) =>
    members.map((slot, i) => {
      if (i === 0) return 0;
      const prev = slots[members[i - 1]!]!;
      const here = slots[slot]!;
      const gap = prev.placeholder || here.placeholder ? LANE_GAP : NODE_GAP;
      return prev.height / 2 + prev.below + gap + here.height / 2;
    }),
  );
  const centre = new Array<number>(slots.length).fill(0);
  layers.forEach((members, l) => {
    let y = 0;
    members.forEach((slot, i) => {
      y += gaps[l]![i]!;
      centre[slot] = y;
    });
  });
  // Where a neighbour wants a slot: level with it, or for a boundary flow below its host's
  // lane. A slot held by a straight segment follows that one alone, and holds on harder.
  const wish = (s: Segment, down: boolean): number => {
    const offset = s.exit ? slots[s.upper]!.height / 2 + s.exit.lane : 0;
    return down ? centre[s.upper]! + offset : centre[s.lower]! - offset;
  };
  for (let pass = 0; pass < PLACEMENT_PASSES; pass++) {
    const down = pass % 2 === 0;
    const order = down ? [...layers.keys()] : [...layers.keys()].reverse();
    for (const l of order) {
      const members = layers[l]!;
      const weights: number[] = [];
      const desired = members.map((slot) => {
        const neighbours = down ? above[slot]! : beneath[slot]!;
        const held = neighbours.find((s) => s.pull > 0);
        if (held) {
          weights.push(held.pull);
          return wish(held, down);
        }
        weights.push(1);
        if (neighbours.length === 0) return centre[slot]!;
        return neighbours.reduce((total, s) => total + wish(s, down), 0) / neighbours.length;
      });
      const placed = placeInOrder(desired, gaps[l]!, weights);
      members.forEach((slot, i) => (centre[slot] = placed[i]!));
    }
  }
  return centre.map((y) => Math.round(y));
}

/**
 * Positions as close as possible (weighted least squares) to `desired`, keeping their order and
 * each at least `gaps[i]` below the one before: isotonic regression after taking the gaps away,
 * by pooling adjacent violators.
 */
export function placeInOrder(
  desired: readonly number[],
  gaps: readonly number[],
  weights: readonly number[] = desired.map(() => 1),
): number[] {
  const offsets: number[] = [];
  let total = 0;
  for (const gap of gaps) offsets.push((total += gap));
  const blocks: { value: number; weight: number; size: number }[] = [];
  desired.forEach((d, i) => {
    blocks.push({ value: d - offsets[i]!, weight: weights[i]!, size: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.value > blocks[blocks.length - 1]!.value) {
      const last = blocks.pop()!;
      const prev = blocks[blocks.length - 1]!;
      prev.value = (prev.value * prev.weight + last.value * last.weight) / (prev.weight + last.weight);
      prev.weight += last.weight;
      prev.size += last.size;
    }
  });
  const placed: number[] = [];
  for (const block of blocks) for (let k = 0; k < block.size; k++) placed.push(block.value);
  return placed.map((q, i) => q + offsets[i]!);
}

function columnsOf(slots: readonly Slot[], layers: readonly number[][]): Column[] {
  const columns: Column[] = [];
  let left = 0;
  for (const members of layers) {
    const width = Math.max(0, ...members.map((s) => slots[s]!.width));
    columns.push({ left, width });
    left += width + LAYER_GAP;
  }
  return columns;
}

/** Moves everything so that the drawing, loops and boundary events included, starts at (0, 0). */
function normalise(
  nodes: readonly LayerNode[],
  placed: readonly Bounds[],
  routes: ReadonlyMap<string, readonly Point[]>,
): LayeredDrawing {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const extend = (x: number, y: number): void => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  placed.forEach((b, i) => {
    extend(b.x, b.y);
    extend(b.x + b.width, b.y + b.height + nodes[i]!.below);
  });
  for (const route of routes.values()) for (const p of route) extend(p.x, p.y);
  if (minX === Infinity) return { shapes: new Map(), routes: new Map(), width: 0, height: 0 };
  const shapes = new Map<string, Bounds>();
  placed.forEach((b, i) => shapes.set(nodes[i]!.id, { ...b, x: b.x - minX, y: b.y - minY }));
  const moved = new Map<string, Point[]>();
  for (const [id, route] of routes)
    moved.set(
      id,
      route.map((p) => ({ x: p.x - minX, y: p.y - minY })),
    );
  return { shapes, routes: moved, width: maxX - minX, height: maxY - minY };
}
