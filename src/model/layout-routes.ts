/**
 * The flows of a layered drawing (layered-layout.ts) as orthogonal polylines. A flow leaves
 * its source on the right and enters its target on the left, running level through each layer
 * along its reserved lane and bending only in the channels between layers. Inside a channel
 * each vertical run gets a track of its own, so that two flows never run on top of each other;
 * flows that fan out of one point or into one point share theirs, as modellers draw them.
 *
 * A flow from a boundary event drops from the event's bottom to its lane under the host and
 * runs along it. A flow back to an earlier layer, or to its own node, goes round over the top
 * of everything between its two ends (from a boundary event: underneath).
 */
import type { Bounds, Point } from './diagram-layout.js';

export const BOUNDARY_SIZE = 36;
export const LAYER_GAP = 70;
export const NODE_GAP = 40;
/** The gap between a lane of a long flow and anything above or below it in its layer. */
export const LANE_GAP = 20;
/** How far under a boundary event's bottom the highest lane runs; each further one is lower. */
const LANE = 12;
const LANE_STEP = 8;
const LOOP_GAP = 24;
const LOOP_STEP = 12;

/**
 * Where a flow leaves a boundary event. Events further left have lower lanes, so that their
 * flows pass under the events to their right instead of crossing their drops.
 */
export interface BoundaryExit {
  /** The event's centre, measured from the host's left. */
  readonly x: number;
  /** The lane, measured from the host's bottom. */
  readonly lane: number;
  /** The host's only boundary event: its flow may drop straight to a target close below. */
  readonly alone: boolean;
}

/** The lane of the k-th of n boundary events on a host, counted from the left. */
export const boundaryLane = (k: number, n: number): number =>
  BOUNDARY_SIZE / 2 + LANE + (n - 1 - k) * LANE_STEP;

/** What a host of n boundary events keeps free beneath itself: their lower halves and lanes. */
export const boundarySpace = (n: number): number => (n > 0 ? boundaryLane(0, n) + 4 : 0);

export interface Column {
  readonly left: number;
  readonly width: number;
}

/** A flow to route, between nodes given by index. */
export interface FlowToRoute {
  readonly id: string;
  readonly source: number;
  readonly target: number;
  readonly boundary?: BoundaryExit;
  /** For a forward flow: the level it runs at in each layer, from its source's to its target's. */
  readonly lanes?: readonly { readonly layer: number; readonly y: number }[];
}

/** The placed nodes, by index. */
export interface RouteFrame {
  readonly shapes: readonly Bounds[];
  readonly below: readonly number[];
  readonly layer: readonly number[];
  readonly columns: readonly Column[];
}

/** A vertical run of a flow in the channel before layer `channel`. */
interface Hop {
  readonly channel: number;
  readonly from: number;
  readonly to: number;
  readonly source: number;
  readonly target: number;
  x?: number;
}

/** A route before its vertical runs have their tracks: where it starts, its runs, where it ends. */
interface Draft {
  readonly head: Point[];
  readonly hops: Hop[];
  readonly end: Point;
}

export function routeFlows(flows: readonly FlowToRoute[], frame: RouteFrame): Map<string, Point[]> {
  // Every level a forward flow runs at, per layer: loop lanes must clear these too.
  const levels = new Map<number, number[]>();
  for (const flow of flows) {
    for (const { layer, y } of flow.lanes ?? []) {
      const list = levels.get(layer);
      if (list) list.push(y);
      else levels.set(layer, [y]);
    }
  }
  const drafts = new Map<string, Draft>();
  const loops = { above: 0, below: 0 };
  for (const flow of flows) {
    drafts.set(
      flow.id,
      flow.lanes ? forwardDraft(flow, flow.lanes, frame) : loopDraft(flow, loops, frame, levels),
    );
  }
  assignTracks(
    [...drafts.values()].flatMap((d) => d.hops),
    frame.columns,
  );
  const routes = new Map<string, Point[]>();
  for (const [id, draft] of drafts) {
    const points = [...draft.head];
    for (const hop of draft.hops) points.push({ x: hop.x!, y: hop.from }, { x: hop.x!, y: hop.to });
    points.push(draft.end);
    routes.set(id, simplify(points));
  }
  return routes;
}

function forwardDraft(
  flow: FlowToRoute,
  lanes: readonly { layer: number; y: number }[],
  frame: RouteFrame,
): Draft {
  const source = frame.shapes[flow.source]!;
  const target = frame.shapes[flow.target]!;
  const head: Point[] = [];
  let y: number;
  if (flow.boundary) {
    const { x: dx, lane, alone } = flow.boundary;
    const x = source.x + dx;
    const hostBottom = source.y + source.height;
    const bottom = hostBottom + BOUNDARY_SIZE / 2;
    // Straight down and across when the next level is that close: nothing of the host's layer
    // can run there (a lane keeps LANE_GAP from the host's space). Otherwise along the lane
    // to the channel, and down there.
    const next = lanes[1]?.y ?? bottom;
    const clear = hostBottom + boundarySpace(1) + LANE_GAP;
    y = alone && next >= bottom && next < clear ? next : hostBottom + lane;
    head.push({ x, y: bottom }, { x, y });
  } else {
    y = source.y + source.height / 2;
    head.push({ x: source.x + source.width, y });
  }
  const hops: Hop[] = [];
  for (const { layer, y: next } of lanes.slice(1)) {
    if (next === y) continue;
    hops.push({ channel: layer, from: y, to: next, source: flow.source, target: flow.target });
    y = next;
  }
  return { head, hops, end: { x: target.x, y } };
}

/**
 * Gives every vertical run its x in its channel. Runs that leave one point (a split) or enter
 * one point (a join) form a bundle on one track; bundles whose spans overlap get separate
 * tracks, spread evenly over the channel. A bundle that leaves at a level where another
 * arrives goes left of it, or the two would share that level's stretch. Otherwise downward
 * bundles that end lower, and upward ones that end higher, go further left, which keeps
 * bundles that run side by side from crossing.
 */
function assignTracks(hops: Hop[], columns: readonly Column[]): void {
  const byChannel = new Map<number, Hop[]>();
  for (const hop of hops) {
    const list = byChannel.get(hop.channel);
    if (list) list.push(hop);
    else byChannel.set(hop.channel, [hop]);
  }
  for (const [channel, list] of byChannel) {
    const spans = orderSpans(bundle(list));
    const tracks: Span[][] = [];
    const trackOf = new Map<Span, number>();
    for (const span of spans) {
      const after = Math.max(-1, ...span.before.map((other) => trackOf.get(other) ?? -1));
      let t = tracks.findIndex(
        (taken, i) => i > after && taken.every((s) => span.bottom < s.top || span.top > s.bottom),
      );
      if (t === -1) t = tracks.push([]) - 1;
      tracks[t]!.push(span);
      trackOf.set(span, t);
    }
    const last = columns[columns.length - 1]!;
    // Channel c runs before column c; the one after the last column is a channel too.
    const left = channel < columns.length ? columns[channel]!.left - LAYER_GAP : last.left + last.width;
    for (const span of spans) {
      const x = left + Math.round(((trackOf.get(span)! + 1) * LAYER_GAP) / (tracks.length + 1));
      for (const hop of span.members) hop.x = x;
    }
  }
}

interface Span {
  readonly members: readonly Hop[];
  readonly top: number;
  readonly bottom: number;
  /** Preference: lower goes further left. */
  readonly rank: number;
  /** Spans that must be left of this one. */
  readonly before: Span[];
}

/** Hops of one channel in bundles: a split's runs together, a join's runs together. */
function bundle(list: readonly Hop[]): Span[] {
  const counts = (key: (h: Hop) => string): Map<string, number> => {
    const found = new Map<string, number>();
    for (const hop of list) found.set(key(hop), (found.get(key(hop)) ?? 0) + 1);
    return found;
  };
  const fanOut = (h: Hop): string => `out:${h.source}:${h.from}`;
  const fanIn = (h: Hop): string => `in:${h.target}:${h.to}`;
  const outs = counts(fanOut);
  const ins = counts(fanIn);
  const groups = new Map<string, Hop[]>();
  list.forEach((hop, i) => {
    const key = outs.get(fanOut(hop))! > 1 ? fanOut(hop) : ins.get(fanIn(hop))! > 1 ? fanIn(hop) : `${i}`;
    const members = groups.get(key);
    if (members) members.push(hop);
    else groups.set(key, [hop]);
  });
  return [...groups.values()].map((members) => {
    const ys = members.flatMap((h) => [h.from, h.to]);
    const down = members.filter((h) => h.to > h.from).length * 2 >= members.length;
    const ends = members.map((h) => h.to);
    const rank = down ? -Math.max(...ends) : Math.min(...ends) + 1e6;
    return { members, top: Math.min(...ys), bottom: Math.max(...ys), rank, before: [] };
  });
}

/** Spans in an order that puts every span after those that must be left of it, where it can. */
function orderSpans(spans: Span[]): Span[] {
  for (const span of spans) {
    const leaving = new Set(span.members.map((h) => h.from));
    for (const other of spans) {
      if (other !== span && other.members.some((h) => leaving.has(h.to))) other.before.push(span);
    }
  }
  const ordered: Span[] = [];
  const placed = new Set<Span>();
  const byRank = [...spans].sort((a, b) => a.rank - b.rank);
  while (ordered.length < spans.length) {
    // The best-ranked span whose predecessors are placed; in a cycle, the best-ranked left.
    const ready =
      byRank.find((s) => !placed.has(s) && s.before.every((b) => placed.has(b))) ??
      byRank.find((s) => !placed.has(s))!;
    placed.add(ready);
    ordered.push(ready);
  }
  return ordered;
}

/**
 * A flow back to an earlier layer, or to its own node: out on the right as any flow, up in the
 * next channel to a lane over everything between its ends, back along it, and down in the
 * channel before its target, which it enters on the left. From a boundary event it runs
 * underneath instead, as the event hangs below its host. Its vertical runs take tracks in
 * their channels like any other.
 */
function loopDraft(
  flow: FlowToRoute,
  loops: { above: number; below: number },
  frame: RouteFrame,
  levels: ReadonlyMap<number, readonly number[]>,
): Draft {
  const source = frame.shapes[flow.source]!;
  const target = frame.shapes[flow.target]!;
  const from = frame.layer[flow.source]!;
  const to = frame.layer[flow.target]!;
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  const tops: number[] = [];
  const bottoms: number[] = [];
  frame.shapes.forEach((bounds, i) => {
    if (frame.layer[i]! < low || frame.layer[i]! > high) return;
    tops.push(bounds.y);
    bottoms.push(bounds.y + bounds.height + frame.below[i]!);
  });
  for (let l = low; l <= high; l++) {
    tops.push(...(levels.get(l) ?? []));
    bottoms.push(...(levels.get(l) ?? []));
  }
  const head: Point[] = [];
  let y: number;
  let lane: number;
  if (flow.boundary) {
    const x = source.x + flow.boundary.x;
    y = source.y + source.height + flow.boundary.lane;
    head.push({ x, y: source.y + source.height + BOUNDARY_SIZE / 2 }, { x, y });
    lane = Math.max(...bottoms) + LOOP_GAP + loops.below++ * LOOP_STEP;
  } else {
    y = source.y + source.height / 2;
    head.push({ x: source.x + source.width, y });
    lane = Math.min(...tops) - LOOP_GAP - loops.above++ * LOOP_STEP;
  }
  const end = { x: target.x, y: target.y + target.height / 2 };
  return {
    head,
    hops: [
      { channel: from + 1, from: y, to: lane, source: flow.source, target: flow.target },
      { channel: to, from: lane, to: end.y, source: flow.source, target: flow.target },
    ],
    end,
  };
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const point of points) {
    const last = out[out.length - 1];
    if (last && last.x === point.x && last.y === point.y) continue;
    const before = out[out.length - 2];
    if (
      before &&
      last &&
      ((before.x === last.x && last.x === point.x) || (before.y === last.y && last.y === point.y))
    ) {
      out[out.length - 1] = point;
      continue;
    }
    out.push(point);
  }
  return out;
}
