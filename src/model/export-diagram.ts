/**
 * The diagram half of a BPMN export: a DiagramLayout as BPMN DI. The process gets one
 * BPMNDiagram; a subprocess drawn collapsed gets a BPMNDiagram of its own for its content, as
 * bpmn-js draws drill-down subprocesses. Exclusive gateways show their marker.
 */
import type { BpmnModdle, ModdleObject } from 'bpmn-moddle';
import type { DiagramLayout, ShapeLayout } from './diagram-layout.js';
import type { IdPool } from './export-semantic.js';
import type { ProcessGraph } from './graph.js';

export function diagramsOf(
  moddle: BpmnModdle,
  graph: ProcessGraph,
  layout: DiagramLayout,
  elements: ReadonlyMap<string, ModdleObject>,
  process: ModdleObject,
  ids: IdPool,
): ModdleObject[] {
  /** The plane an element is drawn on: that of its nearest collapsed subprocess, else the process's. */
  const planeOf = (elementId: string): string => {
    const seen = new Set<string>();
    for (let scope = graph.elements[elementId]?.scope; scope !== undefined && !seen.has(scope);) {
      seen.add(scope);
      if (layout.shapes[scope]?.expanded === false) return scope;
      scope = graph.elements[scope]?.scope;
    }
    return graph.id;
  };
  const planes = new Map<string, ModdleObject[]>([[graph.id, []]]);
  const draw = (plane: string, object: ModdleObject): void => {
    const list = planes.get(plane);
    if (list) list.push(object);
    else planes.set(plane, [object]);
  };

  for (const element of Object.values(graph.elements)) {
    const shape = layout.shapes[element.id];
    const semantic = elements.get(element.id);
    if (!shape || !semantic) continue;
    draw(
      planeOf(element.id),
      moddle.create('bpmndi:BPMNShape', {
        id: ids.fresh(`${element.id}_di`),
        bpmnElement: semantic,
        bounds: bounds(moddle, shape),
        ...(element.kind === 'subProcess' && shape.expanded !== undefined && { isExpanded: shape.expanded }),
        ...(element.kind === 'exclusiveGateway' && { isMarkerVisible: true }),
      }),
    );
  }
  for (const flow of Object.values(graph.flows)) {
    const waypoints = layout.edges[flow.id];
    const semantic = elements.get(flow.id);
    if (!waypoints || waypoints.length < 2 || !semantic) continue;
    draw(
      planeOf(flow.source),
      moddle.create('bpmndi:BPMNEdge', {
        id: ids.fresh(`${flow.id}_di`),
        bpmnElement: semantic,
        waypoint: waypoints.map((p) => moddle.create('dc:Point', { x: p.x, y: p.y })),
      }),
    );
  }

  return [...planes].map(([owner, planeElement]) => {
    const bpmnElement = owner === graph.id ? process : elements.get(owner);
    const base = owner === graph.id ? 'BPMNDiagram' : `${owner}_diagram`;
    return moddle.create('bpmndi:BPMNDiagram', {
      id: ids.fresh(base),
      plane: moddle.create('bpmndi:BPMNPlane', {
        id: ids.fresh(owner === graph.id ? 'BPMNPlane' : `${owner}_plane`),
        bpmnElement,
        planeElement,
      }),
    });
  });
}

const bounds = (moddle: BpmnModdle, shape: ShapeLayout): ModdleObject =>
  moddle.create('dc:Bounds', { x: shape.x, y: shape.y, width: shape.width, height: shape.height });
