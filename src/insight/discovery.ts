/**
 * Discovery: a BPMN model from a log. The inductive miner finds a process tree over the
 * cases' executions (complete events, or events without lifecycle); the tree becomes a laid
 * out diagram, which becomes a ProcessGraph (so conformance can replay on it) and, through the
 * model layer's exporter, BPMN 2.0 XML with diagram interchange (so modelers render it).
 *
 * The process is marked not executable: it records what happened, and its choices have no
 * conditions until someone models why a case goes one way or the other.
 */
import type { DiagramLayout } from '../model/diagram-layout.js';
import type { FlowElement, ProcessGraph, SequenceFlow } from '../model/graph.js';
import { exportBpmn } from '../model/index.js';
import { type EventLog, activityName } from './event-log.js';
import { eventMask } from './event-filter.js';
import { type Trace, inductiveMiner } from './inductive-miner.js';
import type { ProcessTree } from './process-tree.js';
import { type Diagram, treeDiagram } from './tree-diagram.js';

export interface Discovered {
  readonly tree: ProcessTree;
  readonly graph: ProcessGraph;
  readonly bpmn: string;
}

export interface DiscoveryOptions {
  readonly processId?: string;
  readonly name?: string;
}

export function discoverProcess(log: EventLog, options: DiscoveryOptions = {}): Discovered {
  const tree = inductiveMiner(executionTraces(log));
  const diagram = treeDiagram(tree);
  const id = options.processId ?? 'discovered-process';
  const name = options.name ?? `Discovered from ${log.meta.source}`;
  const graph = diagramGraph(diagram, id, name);
  return { tree, graph, bpmn: diagramBpmn(diagram, graph) };
}

/** Distinct sequences of executions, with counts. */
export function executionTraces(log: EventLog): Trace[] {
  const mask = eventMask(log, 'complete');
  const byKey = new Map<string, { activities: string[]; count: number }>();
  for (let c = 0; c < log.caseCount; c++) {
    const activities: string[] = [];
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      if (!mask || mask[e]) activities.push(activityName(log, log.activity[e]!));
    }
    const key = activities.join('\u0000');
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { activities, count: 1 });
  }
  return [...byKey.values()];
}

export function diagramGraph(diagram: Diagram, id: string, name: string): ProcessGraph {
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const f of diagram.flows) {
    outgoing.set(f.source, [...(outgoing.get(f.source) ?? []), f.id]);
    incoming.set(f.target, [...(incoming.get(f.target) ?? []), f.id]);
  }
  const elements: Record<string, FlowElement> = {};
  for (const n of diagram.nodes) {
    const base = {
      id: n.id,
      ...(n.name !== undefined && { name: n.name }),
      scope: id,
      incoming: incoming.get(n.id) ?? [],
      outgoing: outgoing.get(n.id) ?? [],
    };
    elements[n.id] =
      n.kind === 'startEvent' || n.kind === 'endEvent'
        ? { ...base, kind: n.kind, event: { type: 'none' } }
        : { ...base, kind: n.kind };
  }
  const flows: Record<string, SequenceFlow> = Object.fromEntries(
    diagram.flows.map((f) => [f.id, { id: f.id, source: f.source, target: f.target }]),
  );
  return {
    id,
    name,
    executable: false,
    elements,
    flows,
    startEvents: diagram.nodes.filter((n) => n.kind === 'startEvent').map((n) => n.id),
    orJoinUpstream: {},
  };
}

/**
 * The BPMN file, written by the model layer's exporter so that it is the same BPMN as every
 * other file Sluice writes, with the block layout of the diagram as its drawing.
 */
export function diagramBpmn(diagram: Diagram, graph: ProcessGraph): string {
  const layout: DiagramLayout = {
    shapes: Object.fromEntries(
      diagram.nodes.map((n) => [n.id, { x: n.x, y: n.y, width: n.width, height: n.height }]),
    ),
    edges: Object.fromEntries(diagram.flows.map((f) => [f.id, f.waypoints])),
  };
  return exportBpmn(graph, { layout });
}
