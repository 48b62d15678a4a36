/**
 * A process tree as a BPMN diagram: nodes with positions and flows with waypoints, laid out
 * left to right. The tree's blocks map to BPMN one to one: a choice is a pair of exclusive
 * gateways, parallel branches a pair of parallel gateways, a loop an exclusive merge before
 * the body and an exclusive split after it with the redo part flowing back underneath; silent
 * steps become plain flows. Block structure makes the layout a matter of measuring each
 * block and stacking its parts, with no general graph layout needed.
 *
 * Each flow that leaves an exclusive split, except the one a case takes by default, carries
 * its route: the activities a case can begin that branch with (discovery turns them into
 * conditions). A choice's default is its silent branch, or its first; a loop's is leaving it.
 */
import { type ProcessTree, treeStart } from './process-tree.js';

export type NodeKind = 'startEvent' | 'endEvent' | 'task' | 'exclusiveGateway' | 'parallelGateway';

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly name?: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DiagramFlow {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly waypoints: readonly { readonly x: number; readonly y: number }[];
  /** On a flow leaving an exclusive split other than its default: the activities the branch begins with. */
  readonly route?: readonly string[];
}

export interface Diagram {
  readonly nodes: readonly DiagramNode[];
  readonly flows: readonly DiagramFlow[];
}

const TASK = { width: 110, height: 80 };
const GATEWAY = 50;
const EVENT = 36;
const GAP_X = 50;
const GAP_Y = 30;

interface Size {
  readonly width: number;
  readonly height: number;
  /** Distance from the top to the line through the block's entry and exit. */
  readonly middle: number;
}

/** Entry and exit nodes of a placed block; undefined for a silent step. */
type Ends = { readonly entry: string; readonly exit: string } | undefined;

export function treeDiagram(tree: ProcessTree): Diagram {
  const nodes: DiagramNode[] = [];
  const flows: DiagramFlow[] = [];
  let next = 0;
  const byId = new Map<string, DiagramNode>();
  const node = (
    kind: NodeKind,
    x: number,
    y: number,
    width: number,
    height: number,
    name?: string,
  ): string => {
    const id = `${kind === 'task' ? 'Activity' : kind === 'startEvent' || kind === 'endEvent' ? 'Event' : 'Gateway'}_${++next}`;
    const created = { id, kind, x, y, width, height, ...(name !== undefined && { name }) };
    nodes.push(created);
    byId.set(id, created);
    return id;
  };
  /** A flow routed right, then vertically at the source's centre, then right into the target. */
  const flow = (
    source: string,
    target: string,
    via?: { x: number; y: number }[],
    route?: readonly string[],
  ): void => {
    const s = byId.get(source)!;
    const t = byId.get(target)!;
    const sy = s.y + s.height / 2;
    const ty = t.y + t.height / 2;
    const waypoints =
      via ??
      (sy === ty
        ? [
            { x: s.x + s.width, y: sy },
            { x: t.x, y: ty },
          ]
        : s.kind.endsWith('Gateway') && s.width === GATEWAY && byId.get(source)!.x + GATEWAY < t.x
          ? [
              { x: s.x + s.width / 2, y: ty < sy ? s.y : s.y + s.height },
              { x: s.x + s.width / 2, y: ty },
              { x: t.x, y: ty },
            ]
          : [
              { x: s.x + s.width, y: sy },
              { x: t.x + t.width / 2, y: sy },
              { x: t.x + t.width / 2, y: ty < sy ? t.y + t.height : t.y },
            ]);
    flows.push({ id: `Flow_${flows.length + 1}`, source, target, waypoints, ...(route && { route }) });
  };

  const place = (t: ProcessTree, x: number, y: number): Ends => {
    const size = measure(t);
    const mid = y + size.middle;
    switch (t.kind) {
      case 'tau':
        return undefined;
      case 'activity': {
        const id = node('task', x, y, TASK.width, TASK.height, t.label);
        return { entry: id, exit: id };
      }
      case 'sequence': {
        let cx = x;
        let first: string | undefined;
        let last: string | undefined;
        for (const child of t.children) {
          const s = measure(child);
          const ends = place(child, cx, mid - s.middle);
          if (!ends) continue;
          if (last) flow(last, ends.entry);
          first ??= ends.entry;
          last = ends.exit;
          cx += s.width + GAP_X;
        }
        return first && last ? { entry: first, exit: last } : undefined;
      }
      case 'choice':
      case 'parallel': {
        const kind = t.kind === 'choice' ? 'exclusiveGateway' : 'parallelGateway';
        const split = node(kind, x, mid - GATEWAY / 2, GATEWAY, GATEWAY);
        const join = node(kind, x + size.width - GATEWAY, mid - GATEWAY / 2, GATEWAY, GATEWAY);
        const starts = t.children.map((child) => treeStart(child).activities);
        const byDefault =
          t.kind === 'choice'
            ? Math.max(
                0,
                starts.findIndex((s) => s.length === 0),
              )
            : -1;
        let cy = y;
        for (const [i, child] of t.children.entries()) {
          const s = measure(child);
          const ends = place(child, x + GATEWAY + GAP_X, cy);
          const route = t.kind === 'choice' && i !== byDefault ? starts[i] : undefined;
          if (ends) {
            flow(split, ends.entry, undefined, route);
            flow(ends.exit, join, exitRoute(byId.get(ends.exit)!, byId.get(join)!));
          } else {
            const rowY = cy + s.middle;
            const via = rowY === mid ? undefined : detour(byId.get(split)!, byId.get(join)!, rowY);
            flow(split, join, via, route);
          }
          cy += s.height + GAP_Y;
        }
        return { entry: split, exit: join };
      }
      case 'loop': {
        const body = measure(t.body);
        const merge = node('exclusiveGateway', x, mid - GATEWAY / 2, GATEWAY, GATEWAY);
        const split = node('exclusiveGateway', x + size.width - GATEWAY, mid - GATEWAY / 2, GATEWAY, GATEWAY);
        const bodyEnds = place(t.body, x + GATEWAY + GAP_X, y);
        if (bodyEnds) {
          flow(merge, bodyEnds.entry);
          flow(bodyEnds.exit, split);
        } else flow(merge, split);
        const redoY = y + body.height + GAP_Y;
        const redoEnds = place(t.redo, x + GATEWAY + GAP_X, redoY);
        const m = byId.get(merge)!;
        const s = byId.get(split)!;
        const redoStart = treeStart(t.redo);
        const again = redoStart.skippable
          ? [...redoStart.activities, ...treeStart(t.body).activities]
          : redoStart.activities;
        if (redoEnds) {
          const e = byId.get(redoEnds.entry)!;
          const r = byId.get(redoEnds.exit)!;
          const ey = e.y + e.height / 2;
          flow(
            split,
            redoEnds.entry,
            [
              { x: s.x + GATEWAY / 2, y: s.y + GATEWAY },
              { x: s.x + GATEWAY / 2, y: redoY + measure(t.redo).height + GAP_Y / 2 },
              { x: e.x - GAP_X / 2, y: redoY + measure(t.redo).height + GAP_Y / 2 },
              { x: e.x - GAP_X / 2, y: ey },
              { x: e.x, y: ey },
            ],
            again,
          );
          flow(redoEnds.exit, merge, [
            { x: r.x + r.width, y: r.y + r.height / 2 },
            { x: r.x + r.width + GAP_X / 2, y: r.y + r.height / 2 },
            { x: r.x + r.width + GAP_X / 2, y: redoY - GAP_Y / 2 },
            { x: m.x + GATEWAY / 2, y: redoY - GAP_Y / 2 },
            { x: m.x + GATEWAY / 2, y: m.y + GATEWAY },
          ]);
        } else {
          flow(
            split,
            merge,
            [
              { x: s.x + GATEWAY / 2, y: s.y + GATEWAY },
              { x: s.x + GATEWAY / 2, y: redoY },
              { x: m.x + GATEWAY / 2, y: redoY },
              { x: m.x + GATEWAY / 2, y: m.y + GATEWAY },
            ],
            again,
          );
        }
        return { entry: merge, exit: split };
      }
    }
  };

  const size = measure(tree);
  const top = 40;
  const mid = top + size.middle;
  const start = node('startEvent', 40, mid - EVENT / 2, EVENT, EVENT);
  const ends = place(tree, 40 + EVENT + GAP_X, top);
  const end = node(
    'endEvent',
    40 + EVENT + GAP_X + size.width + (size.width > 0 ? GAP_X : 0),
    mid - EVENT / 2,
    EVENT,
    EVENT,
  );
  if (ends) {
    flow(start, ends.entry);
    flow(ends.exit, end);
  } else flow(start, end);
  return { nodes, flows };
}

function exitRoute(from: DiagramNode, join: DiagramNode): { x: number; y: number }[] | undefined {
  const fy = from.y + from.height / 2;
  const jy = join.y + join.height / 2;
  if (fy === jy) return undefined;
  return [
    { x: from.x + from.width, y: fy },
    { x: join.x + GATEWAY / 2, y: fy },
    { x: join.x + GATEWAY / 2, y: fy < jy ? join.y : join.y + GATEWAY },
  ];
}

function detour(split: DiagramNode, join: DiagramNode, rowY: number): { x: number; y: number }[] {
  const below = rowY > split.y + GATEWAY / 2;
  return [
    { x: split.x + GATEWAY / 2, y: below ? split.y + GATEWAY : split.y },
    { x: split.x + GATEWAY / 2, y: rowY },
    { x: join.x + GATEWAY / 2, y: rowY },
    { x: join.x + GATEWAY / 2, y: below ? join.y + GATEWAY : join.y },
  ];
}

const sizes = new WeakMap<ProcessTree, Size>();

function measure(tree: ProcessTree): Size {
  const known = sizes.get(tree);
  if (known) return known;
  let size: Size;
  switch (tree.kind) {
    case 'tau':
      size = { width: 0, height: GAP_Y, middle: GAP_Y / 2 };
      break;
    case 'activity':
      size = { width: TASK.width, height: TASK.height, middle: TASK.height / 2 };
      break;
    case 'sequence': {
      const parts = tree.children.map(measure).filter((s) => s.width > 0);
      const above = Math.max(0, ...parts.map((s) => s.middle));
      const below = Math.max(0, ...parts.map((s) => s.height - s.middle));
      const width = parts.reduce((w, s) => w + s.width, 0) + GAP_X * Math.max(0, parts.length - 1);
      size = {
        width,
        height: parts.length === 0 ? GAP_Y : above + below,
        middle: parts.length === 0 ? GAP_Y / 2 : above,
      };
      break;
    }
    case 'choice':
    case 'parallel': {
      const parts = tree.children.map(measure);
      const height = parts.reduce((h, s) => h + s.height, 0) + GAP_Y * (parts.length - 1);
      const width = 2 * GATEWAY + 2 * GAP_X + Math.max(0, ...parts.map((s) => s.width));
      size = { width, height, middle: height / 2 };
      break;
    }
    case 'loop': {
      const body = measure(tree.body);
      const redo = measure(tree.redo);
      const width = 2 * GATEWAY + 2 * GAP_X + Math.max(body.width, redo.width);
      size = { width, height: body.height + GAP_Y + redo.height + GAP_Y, middle: body.middle };
      break;
    }
  }
  sizes.set(tree, size);
  return size;
}
