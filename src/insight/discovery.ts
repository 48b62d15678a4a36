/**
 * Discovery: a BPMN model from a log. The inductive miner finds a process tree over the
 * cases' executions (complete events, or events without lifecycle); the tree becomes a laid
 * out diagram, which becomes a ProcessGraph (so conformance can replay on it) and, through the
 * model layer's exporter, BPMN 2.0 XML with diagram interchange (so modelers render it).
 *
 * The model is executable, so that an operator can deploy it and walk cases through it: each
 * activity is a user task, and each exclusive split routes on the process variable `route`,
 * the name of the activity the case should do next (set when completing the task before the
 * split). A flow is taken when `route` names an activity its branch can begin with; otherwise
 * the case takes the default flow: a choice's silent branch (or its first), or out of a loop.
 * Why a case goes one way is not in the log; `route` is where a modeller puts that decision.
 */
import type { DiagramLayout } from '../model/diagram-layout.js';
import type { FlowElement, ProcessGraph, SequenceFlow } from '../model/graph.js';
import { exportBpmn } from '../model/index.js';
import { type EventLog, activityName } from './event-log.js';
import { eventMask } from './event-filter.js';
import { type Trace, inductiveMiner } from './inductive-miner.js';
import type { ProcessTree } from './process-tree.js';
import { type Diagram, type NodeKind, treeDiagram } from './tree-diagram.js';

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
  const routed = new Set(diagram.flows.filter((f) => f.route).map((f) => f.id));
  const elements: Record<string, FlowElement> = {};
  for (const n of diagram.nodes) {
    const base = {
      id: n.id,
      ...(n.name !== undefined && { name: n.name }),
      scope: id,
      incoming: incoming.get(n.id) ?? [],
      outgoing: outgoing.get(n.id) ?? [],
    };
    elements[n.id] = flowElement(n.kind, base, routed);
  }
  const flows: Record<string, SequenceFlow> = Object.fromEntries(
    diagram.flows.map((f) => [
      f.id,
      {
        id: f.id,
        source: f.source,
        target: f.target,
        ...(f.route && { condition: routeCondition(f.route) }),
      },
    ]),
  );
  return {
    id,
    name,
    executable: true,
    elements,
    flows,
    startEvents: diagram.nodes.filter((n) => n.kind === 'startEvent').map((n) => n.id),
    orJoinUpstream: {},
  };
}

type Base = Pick<FlowElement, 'id' | 'name' | 'scope' | 'incoming' | 'outgoing'>;

function flowElement(kind: NodeKind, base: Base, routed: ReadonlySet<string>): FlowElement {
  switch (kind) {
    case 'startEvent':
    case 'endEvent':
      return { ...base, kind, event: { type: 'none' } };
    case 'task':
      return { ...base, kind: 'userTask' };
    case 'exclusiveGateway': {
      // A split's one flow without a route is its default.
      const unrouted = base.outgoing.filter((f) => !routed.has(f));
      return base.outgoing.length > 1 && unrouted.length === 1
        ? { ...base, kind, default: unrouted[0]! }
        : { ...base, kind };
    }
    case 'parallelGateway':
      return { ...base, kind };
  }
}

/** FEEL: `route` names one of the activities a branch begins with. */
export function routeCondition(activities: readonly string[]): string {
  if (activities.length === 0) return 'false';
  return activities.map((a) => `route = ${feelString(a)}`).join(' or ');
}

const feelString = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

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
