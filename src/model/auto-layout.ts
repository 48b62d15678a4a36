/**
 * A diagram for a graph that has none, such as one made with the builder, so that its BPMN
 * export renders in bpmn-js and Camunda Modeler. Each scope is drawn left to right in layers
 * (layered-layout.ts), innermost first: an expanded subprocess is sized to hold its drawn
 * content with a margin, and boundary events sit evenly spaced on their host's bottom edge.
 * Shapes have the sizes bpmn-js gives new elements. The result is deterministic: the same
 * graph always gets the same drawing.
 */
import type { DiagramLayout, Point, ShapeLayout } from './diagram-layout.js';
import type { BoundaryEvent, ElementKind, FlowElement, ProcessGraph } from './graph.js';
import { type LayerEdge, type LayerNode, layerDiagram } from './layered-layout.js';
import { BOUNDARY_SIZE, type BoundaryExit, boundaryLane, boundarySpace } from './layout-routes.js';

/** Where the process's drawing starts, as bpmn-js places a new diagram's start event. */
const ORIGIN = { x: 160, y: 80 };
/** Room around a subprocess's content; the top holds its label. */
const PADDING = { left: 30, top: 40, right: 30, bottom: 30 };
/** Centre-to-centre distance of boundary events on one host. */
const BOUNDARY_PITCH = 46;

const EVENT = { width: 36, height: 36 };
const GATEWAY = { width: 50, height: 50 };
const ACTIVITY = { width: 100, height: 80 };

const SIZES: Readonly<Record<ElementKind, { width: number; height: number }>> = {
  startEvent: EVENT,
  endEvent: EVENT,
  intermediateCatchEvent: EVENT,
  intermediateThrowEvent: EVENT,
  boundaryEvent: EVENT,
  serviceTask: ACTIVITY,
  sendTask: ACTIVITY,
  businessRuleTask: ACTIVITY,
  userTask: ACTIVITY,
  scriptTask: ACTIVITY,
  receiveTask: ACTIVITY,
  manualTask: ACTIVITY,
  task: ACTIVITY,
  subProcess: ACTIVITY,
  callActivity: ACTIVITY,
  exclusiveGateway: GATEWAY,
  parallelGateway: GATEWAY,
  inclusiveGateway: GATEWAY,
  eventBasedGateway: GATEWAY,
  complexGateway: GATEWAY,
};

interface ScopeDrawing {
  readonly shapes: Map<string, ShapeLayout>;
  readonly routes: Map<string, readonly Point[]>;
  readonly width: number;
  readonly height: number;
}

export function autoLayout(graph: ProcessGraph): DiagramLayout {
  const members = new Map<string, FlowElement[]>();
  for (const element of Object.values(graph.elements)) {
    const list = members.get(element.scope);
    if (list) list.push(element);
    else members.set(element.scope, [element]);
  }
  const drawing = drawScope(graph, graph.id, members, new Set([graph.id]));
  const shapes: Record<string, ShapeLayout> = {};
  const edges: Record<string, readonly Point[]> = {};
  for (const [id, shape] of drawing.shapes)
    shapes[id] = { ...shape, x: shape.x + ORIGIN.x, y: shape.y + ORIGIN.y };
  for (const [id, route] of drawing.routes)
    edges[id] = route.map((p) => ({ x: p.x + ORIGIN.x, y: p.y + ORIGIN.y }));
  // A flow the layers could not route (one that crosses a scope, in a graph with errors) is
  // drawn straight, so that the diagram still shows it.
  for (const flow of Object.values(graph.flows)) {
    const source = shapes[flow.source];
    const target = shapes[flow.target];
    if (edges[flow.id] || !source || !target) continue;
    edges[flow.id] = [centre(source), centre(target)];
  }
  return { shapes, edges };
}

const centre = (b: ShapeLayout): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
const even = (n: number): number => Math.ceil(n / 2) * 2;

function drawScope(
  graph: ProcessGraph,
  scope: string,
  members: ReadonlyMap<string, readonly FlowElement[]>,
  open: ReadonlySet<string>,
): ScopeDrawing {
  const inside = members.get(scope) ?? [];
  const boundaries = new Map<string, BoundaryEvent[]>();
  for (const element of inside) {
    if (element.kind !== 'boundaryEvent' || graph.elements[element.attachedTo]?.scope !== scope) continue;
    const list = boundaries.get(element.attachedTo);
    if (list) list.push(element);
    else boundaries.set(element.attachedTo, [element]);
  }

  const nested = new Map<string, ScopeDrawing>();
  const nodes: LayerNode[] = [];
  const exits = new Map<string, BoundaryExit>();
  for (const element of inside) {
    if (element.kind === 'boundaryEvent') continue;
    let { width, height } = SIZES[element.kind];
    // A subprocess that (in a broken graph) contains itself is drawn as a plain box.
    if (element.kind === 'subProcess' && !open.has(element.id)) {
      const content = drawScope(graph, element.id, members, new Set([...open, element.id]));
      nested.set(element.id, content);
      if (content.shapes.size > 0) {
        width = Math.max(width, even(content.width + PADDING.left + PADDING.right));
        height = Math.max(height, even(content.height + PADDING.top + PADDING.bottom));
      }
    }
    const attached = boundaries.get(element.id) ?? [];
    if (attached.length > 0) width = Math.max(width, even(BOUNDARY_PITCH * (attached.length + 1)));
    attached.forEach((event, k) =>
      exits.set(event.id, {
        x: Math.round((width * (k + 1)) / (attached.length + 1)),
        lane: boundaryLane(k, attached.length),
        alone: attached.length === 1,
      }),
    );
    nodes.push({ id: element.id, width, height, below: boundarySpace(attached.length) });
  }

  const edges: LayerEdge[] = [];
  for (const flow of Object.values(graph.flows)) {
    const source = graph.elements[flow.source];
    if (!source || source.scope !== scope) continue;
    if (source.kind !== 'boundaryEvent') {
      edges.push({ id: flow.id, from: source.id, to: flow.target });
      continue;
    }
    const exit = exits.get(source.id);
    if (exit) edges.push({ id: flow.id, from: source.attachedTo, to: flow.target, boundary: exit });
  }
  const starts = inside.filter((e) => e.kind === 'startEvent').map((e) => e.id);
  const drawing = layerDiagram(nodes, edges, starts);

  const shapes = new Map<string, ShapeLayout>();
  const routes = new Map(drawing.routes);
  for (const [id, bounds] of drawing.shapes) {
    const content = nested.get(id);
    shapes.set(id, content ? { ...bounds, expanded: true } : bounds);
    if (content) {
      const dx =
        bounds.x +
        PADDING.left +
        Math.round((bounds.width - PADDING.left - PADDING.right - content.width) / 2);
      const dy = bounds.y + PADDING.top;
      for (const [innerId, shape] of content.shapes)
        shapes.set(innerId, { ...shape, x: shape.x + dx, y: shape.y + dy });
      for (const [innerId, route] of content.routes)
        routes.set(
          innerId,
          route.map((p) => ({ x: p.x + dx, y: p.y + dy })),
        );
    }
    for (const event of boundaries.get(id) ?? []) {
      shapes.set(event.id, {
        x: bounds.x + exits.get(event.id)!.x - BOUNDARY_SIZE / 2,
        y: bounds.y + bounds.height - BOUNDARY_SIZE / 2,
        width: BOUNDARY_SIZE,
        height: BOUNDARY_SIZE,
      });
    }
  }
  return { shapes, routes, width: drawing.width, height: drawing.height };
}
