/**
 * A process's drawing as the file gives it: the bounds of each flow node's BPMNShape and the
 * waypoints of each sequence flow's BPMNEdge, from every BPMNDiagram of the file (a collapsed
 * subprocess draws its content on a diagram of its own). Shapes of other things (pools, lanes,
 * data objects, annotations) and labels are not kept: a graph has nothing to attach them to.
 */
import type { DiagramLayout, Point, ShapeLayout } from './diagram-layout.js';
import { type ModdleElement, flag, idOf, many, ref } from './moddle-element.js';

export function readLayout(definitions: ModdleElement, process: ModdleElement): DiagramLayout | undefined {
  const ids = flowElementIds(process);
  const shapes: Record<string, ShapeLayout> = {};
  const edges: Record<string, Point[]> = {};
  for (const diagram of many(definitions, 'diagrams')) {
    const plane = ref(diagram, 'plane');
    for (const element of plane ? many(plane, 'planeElement') : []) {
      const target = ref(element, 'bpmnElement');
      const id = target && idOf(target);
      if (id === undefined || !ids.has(id)) continue;
      if (element.$type === 'bpmndi:BPMNShape' && !(id in shapes)) {
        const box = ref(element, 'bounds');
        if (!box) continue;
        const expanded = flag(element, 'isExpanded');
        shapes[id] = {
          x: number(box, 'x'),
          y: number(box, 'y'),
          width: number(box, 'width'),
          height: number(box, 'height'),
          ...(expanded !== undefined && { expanded }),
        };
      } else if (element.$type === 'bpmndi:BPMNEdge' && !(id in edges)) {
        edges[id] = many(element, 'waypoint').map((p) => ({ x: number(p, 'x'), y: number(p, 'y') }));
      }
    }
  }
  return Object.keys(shapes).length > 0 || Object.keys(edges).length > 0 ? { shapes, edges } : undefined;
}

function number(element: ModdleElement, name: string): number {
  const value = element.get(name);
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** Ids of the process's flow nodes and sequence flows, those inside subprocesses included. */
function flowElementIds(process: ModdleElement): Set<string> {
  const ids = new Set<string>();
  const pending = [process];
  for (let container = pending.pop(); container; container = pending.pop()) {
    for (const element of many(container, 'flowElements')) {
      const id = idOf(element);
      const drawn = element.$instanceOf('bpmn:FlowNode') || element.$type === 'bpmn:SequenceFlow';
      if (id !== undefined && drawn) ids.add(id);
      if (element.$instanceOf('bpmn:FlowElementsContainer')) pending.push(element);
    }
  }
  return ids;
}
