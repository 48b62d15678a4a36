/**
 * What makes a diagram drawable, checked independently of how it was laid out: every element
 * and flow is drawn, no two shapes overlap (except a boundary event on its host and content in
 * its subprocess), boundary events straddle their host's bottom edge, expanded subprocesses
 * hold their content, and flows run orthogonally from their source's border to their target's.
 * Each check returns the problems it finds as sentences, so a failing test says what is wrong.
 */
import type { Bounds, DiagramLayout, Point, ProcessGraph } from '../../src/model/index.js';

const overlaps = (a: Bounds, b: Bounds): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const contains = (outer: Bounds, inner: Bounds): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const finite = (...values: number[]): boolean => values.every((v) => Number.isFinite(v));

/** The subprocesses an element sits in, innermost first. */
function ancestors(graph: ProcessGraph, id: string): string[] {
  const chain: string[] = [];
  for (let scope = graph.elements[id]?.scope; scope && scope !== graph.id;) {
    chain.push(scope);
    scope = graph.elements[scope]?.scope;
  }
  return chain;
}

export function missingBounds(graph: ProcessGraph, layout: DiagramLayout): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(graph.elements)) {
    const s = layout.shapes[id];
    if (!s || !finite(s.x, s.y, s.width, s.height) || s.width <= 0 || s.height <= 0)
      problems.push(`'${id}' has no bounds`);
  }
  for (const id of Object.keys(graph.flows)) {
    const route = layout.edges[id];
    if (!route || route.length < 2 || !route.every((p) => finite(p.x, p.y)))
      problems.push(`flow '${id}' has no waypoints`);
  }
  return problems;
}

export function overlappingShapes(graph: ProcessGraph, layout: DiagramLayout): string[] {
  const ids = Object.keys(graph.elements).filter((id) => layout.shapes[id]);
  const related = (a: string, b: string): boolean => {
    const ea = graph.elements[a]!;
    const eb = graph.elements[b]!;
    if (ea.kind === 'boundaryEvent' && ea.attachedTo === b) return true;
    if (eb.kind === 'boundaryEvent' && eb.attachedTo === a) return true;
    return ancestors(graph, a).includes(b) || ancestors(graph, b).includes(a);
  };
  const problems: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i]!, ids[j]!];
      if (!related(a, b) && overlaps(layout.shapes[a]!, layout.shapes[b]!))
        problems.push(`'${a}' and '${b}' overlap`);
    }
  }
  return problems;
}

export function misplacedBoundaryEvents(graph: ProcessGraph, layout: DiagramLayout): string[] {
  const problems: string[] = [];
  for (const element of Object.values(graph.elements)) {
    if (element.kind !== 'boundaryEvent') continue;
    const event = layout.shapes[element.id];
    const host = layout.shapes[element.attachedTo];
    if (!event || !host) continue;
    const cx = event.x + event.width / 2;
    const cy = event.y + event.height / 2;
    if (cy !== host.y + host.height || cx <= host.x || cx >= host.x + host.width)
      problems.push(`boundary event '${element.id}' is not on the bottom edge of '${element.attachedTo}'`);
  }
  return problems;
}

export function escapedContent(graph: ProcessGraph, layout: DiagramLayout): string[] {
  const problems: string[] = [];
  for (const element of Object.values(graph.elements)) {
    const shape = layout.shapes[element.id];
    if (!shape) continue;
    for (const scope of ancestors(graph, element.id)) {
      const container = layout.shapes[scope];
      if (container?.expanded && !contains(container, shape))
        problems.push(`'${element.id}' sticks out of subprocess '${scope}'`);
    }
  }
  return problems;
}

const onBorder = (p: Point, b: Bounds): boolean =>
  p.x >= b.x - 1 &&
  p.x <= b.x + b.width + 1 &&
  p.y >= b.y - 1 &&
  p.y <= b.y + b.height + 1 &&
  (Math.abs(p.x - b.x) <= 1 ||
    Math.abs(p.x - b.x - b.width) <= 1 ||
    Math.abs(p.y - b.y) <= 1 ||
    Math.abs(p.y - b.y - b.height) <= 1);

export function badRoutes(graph: ProcessGraph, layout: DiagramLayout): string[] {
  const problems: string[] = [];
  for (const flow of Object.values(graph.flows)) {
    const route = layout.edges[flow.id];
    const source = layout.shapes[flow.source];
    const target = layout.shapes[flow.target];
    if (!route || !source || !target) continue;
    route.slice(1).forEach((p, i) => {
      const q = route[i]!;
      if (p.x !== q.x && p.y !== q.y) problems.push(`flow '${flow.id}' has a slanted segment`);
    });
    if (!onBorder(route[0]!, source)) problems.push(`flow '${flow.id}' does not start on '${flow.source}'`);
    if (!onBorder(route[route.length - 1]!, target))
      problems.push(`flow '${flow.id}' does not end on '${flow.target}'`);
  }
  return problems;
}

/**
 * Flows drawn on top of each other: two collinear segments that share a stretch, from flows
 * that share neither their source nor their target (a split or a join may share its run).
 */
export function sharedRuns(graph: ProcessGraph, layout: DiagramLayout): string[] {
  type Run = { flow: string; fixed: number; from: number; to: number; vertical: boolean };
  const runs: Run[] = [];
  for (const flow of Object.values(graph.flows)) {
    const route = layout.edges[flow.id] ?? [];
    route.slice(1).forEach((p, i) => {
      const q = route[i]!;
      const vertical = p.x === q.x;
      const [a, b] = vertical ? [q.y, p.y] : [q.x, p.x];
      runs.push({
        flow: flow.id,
        fixed: vertical ? p.x : p.y,
        from: Math.min(a, b),
        to: Math.max(a, b),
        vertical,
      });
    });
  }
  const problems = new Set<string>();
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const [r, t] = [runs[i]!, runs[j]!];
      if (r.flow === t.flow || r.vertical !== t.vertical || r.fixed !== t.fixed) continue;
      if (Math.min(r.to, t.to) - Math.max(r.from, t.from) <= 0) continue;
      const [f, g] = [graph.flows[r.flow]!, graph.flows[t.flow]!];
      if (f.source === g.source || f.target === g.target) continue;
      problems.add(`flows '${r.flow}' and '${t.flow}' run on top of each other`);
    }
  }
  return [...problems];
}

/** Every problem of every check. */
export const layoutProblems = (graph: ProcessGraph, layout: DiagramLayout): string[] => [
  ...missingBounds(graph, layout),
  ...overlappingShapes(graph, layout),
  ...misplacedBoundaryEvents(graph, layout),
  ...escapedContent(graph, layout),
  ...badRoutes(graph, layout),
  ...sharedRuns(graph, layout),
];

/** Flows whose target does not start to the right of where they leave their source. */
export function flowsGoingLeft(graph: ProcessGraph, layout: DiagramLayout): string[] {
  return Object.values(graph.flows).flatMap((flow) => {
    const source = layout.shapes[flow.source];
    const target = layout.shapes[flow.target];
    const element = graph.elements[flow.source];
    const from = element?.kind === 'boundaryEvent' ? layout.shapes[element.attachedTo] : source;
    if (!from || !target) return [];
    return target.x > from.x + from.width ? [] : [`flow '${flow.id}' goes left`];
  });
}
