/**
 * Where a process's elements are drawn: the geometry half of BPMN diagram interchange (DI),
 * kept apart from the ProcessGraph, which core runs and which says nothing about drawing. The
 * importer reads it from a file's BPMNDiagram; autoLayout computes one for graphs that never
 * had one (the builder's); exportBpmn writes it back as BPMNShape and BPMNEdge elements.
 *
 * Coordinates are those of BPMN DI: pixels, x to the right, y downwards, shapes by their top
 * left corner. The content of a subprocess drawn collapsed (`expanded: false`) lives on a plane
 * of its own, as bpmn-js draws it, so its coordinates are not comparable with the rest.
 */
import type { ProcessGraph } from './graph.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Bounds extends Point {
  readonly width: number;
  readonly height: number;
}

export interface ShapeLayout extends Bounds {
  /** Subprocesses only: drawn open with their content (true) or as a collapsed box (false). */
  readonly expanded?: boolean;
}

export interface DiagramLayout {
  /** By flow-node id. */
  readonly shapes: Readonly<Record<string, ShapeLayout>>;
  /** By sequence-flow id: the waypoints from source to target, at least two. */
  readonly edges: Readonly<Record<string, readonly Point[]>>;
}

/** Whether the layout draws every element and every sequence flow of the graph. */
export function coversGraph(layout: DiagramLayout, graph: ProcessGraph): boolean {
  return (
    Object.keys(graph.elements).every((id) => layout.shapes[id] !== undefined) &&
    Object.keys(graph.flows).every((id) => (layout.edges[id]?.length ?? 0) >= 2)
  );
}

/** Whether two boxes share any area (touching edges do not count). */
export const overlaps = (a: Bounds, b: Bounds): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
