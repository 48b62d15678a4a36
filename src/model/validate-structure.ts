/**
 * Checks on the shape of a process: start events, sequence flows and where tokens can go.
 * Part of validateProcess, which both the BPMN importer and the builder run.
 */
import { type FlowElement, type ProcessGraph, isActivity } from './graph.js';
import { type Report, describe } from './validation-report.js';

export function checkStructure(graph: ProcessGraph, report: Report): void {
  checkStartEvents(graph, report);
  checkFlows(graph, report);
  checkEnds(graph, report);
  checkReachability(graph, report);
}

function checkStartEvents(graph: ProcessGraph, report: Report): void {
  if (graph.startEvents.length === 0) {
    report('error', graph.id, `process '${graph.id}' has no start event`);
  }
  const noneStarts = graph.startEvents.filter((id) => {
    const element = graph.elements[id];
    return element?.kind === 'startEvent' && element.event.type === 'none';
  });
  if (noneStarts.length > 1) {
    for (const id of noneStarts) {
      report(
        'error',
        id,
        `process '${graph.id}' has several plain start events (${noneStarts.join(', ')}); it may have one`,
      );
    }
  }
  for (const element of Object.values(graph.elements)) {
    if (element.kind !== 'subProcess') continue;
    if (element.adHoc) {
      // An ad-hoc subprocess starts its activities without a start event: it needs one to start.
      const offers = Object.values(graph.elements).some((e) => e.scope === element.id && isActivity(e));
      if (!offers)
        report(
          'error',
          element.id,
          `ad-hoc subprocess '${element.id}' has no activity to offer: put at least one activity inside`,
        );
      continue;
    }
    if (element.triggeredByEvent) {
      checkEventSubProcessStart(graph, element, report);
      continue;
    }
    if (element.startEvents.length !== 1) {
      report(
        'error',
        element.id,
        `subprocess '${element.id}' must have exactly one start event, it has ${element.startEvents.length}`,
      );
    }
    for (const id of element.startEvents) {
      const start = graph.elements[id];
      if (start?.kind === 'startEvent' && start.event.type !== 'none') {
        report(
          'error',
          id,
          `start event '${id}' of subprocess '${element.id}' must be a plain start event, not a ${start.event.type} start event`,
        );
      }
    }
  }
}

function checkEventSubProcessStart(
  graph: ProcessGraph,
  sub: Extract<FlowElement, { kind: 'subProcess' }>,
  report: Report,
): void {
  const start = graph.elements[sub.startEvents[0] ?? ''];
  if (sub.startEvents.length !== 1 || start?.kind !== 'startEvent' || start.event.type === 'none') {
    report(
      'error',
      sub.id,
      `event subprocess '${sub.id}' must have exactly one start event with a trigger (message, timer, signal, conditional, error, escalation or compensation)`,
    );
  } else if (
    start.interrupting === false &&
    (start.event.type === 'error' || start.event.type === 'compensate')
  ) {
    report(
      'error',
      start.id,
      `${start.event.type} start event '${start.id}' always interrupts: remove isInterrupting="false"`,
    );
  }
  if (sub.incoming.length > 0 || sub.outgoing.length > 0) {
    report(
      'error',
      sub.id,
      `event subprocess '${sub.id}' cannot have sequence flows: its start event starts it`,
    );
  }
}

function checkFlows(graph: ProcessGraph, report: Report): void {
  for (const flow of Object.values(graph.flows)) {
    const ends = { source: flow.source, target: flow.target } as const;
    for (const [end, id] of Object.entries(ends)) {
      if (id === '') report('error', flow.id, `sequence flow '${flow.id}' has no ${end}`);
      else if (!graph.elements[id]) {
        report(
          'error',
          flow.id,
          `the ${end} of sequence flow '${flow.id}' is '${id}', which is not a flow node of process '${graph.id}'`,
        );
      }
    }
    const source = graph.elements[flow.source];
    const target = graph.elements[flow.target];
    if (source && target && source.scope !== target.scope) {
      report(
        'error',
        flow.id,
        `sequence flow '${flow.id}' crosses a subprocess boundary ('${flow.source}' → '${flow.target}')`,
      );
    }
  }
}

/** Where a token can or cannot end. A flow node without outgoing flows ends its token (BPMN's implicit end). */
function checkEnds(graph: ProcessGraph, report: Report): void {
  for (const element of Object.values(graph.elements)) {
    const { id, kind } = element;
    if (kind === 'endEvent') {
      if (element.outgoing.length > 0)
        report('error', id, `end event '${id}' cannot have outgoing sequence flows`);
      continue;
    }
    if ((kind === 'startEvent' || kind === 'boundaryEvent') && element.incoming.length > 0) {
      report('error', id, `${describe(element)} cannot have incoming sequence flows`);
    }
    // A link throw event's token goes on at its link catch event (checked in validate-elements);
    // handlers, event subprocesses and the activities of an ad-hoc subprocess stand alone.
    const jumps = kind === 'intermediateThrowEvent' && element.event.type === 'link';
    if (element.outgoing.length === 0 && !jumps && !standsAlone(graph, element)) {
      report(
        'warning',
        id,
        `${describe(element)} has no outgoing sequence flow: a token ends there without an end event`,
      );
    }
  }
}

/** Elements that are started without an incoming flow, and so may also end without an outgoing one. */
function standsAlone(graph: ProcessGraph, element: FlowElement): boolean {
  if (!isActivity(element)) return false;
  if (element.forCompensation || (element.kind === 'subProcess' && element.triggeredByEvent)) return true;
  const scope = graph.elements[element.scope];
  return scope?.kind === 'subProcess' && scope.adHoc !== undefined && element.incoming.length === 0;
}

/** Every element should be reachable from a start event of its scope; boundary events through their activity, link catch events through their throws. */
function checkReachability(graph: ProcessGraph, report: Report): void {
  const linkCatches = new Map<string, string[]>();
  for (const element of Object.values(graph.elements)) {
    if (element.kind === 'intermediateCatchEvent' && element.event.type === 'link') {
      const key = JSON.stringify([element.scope, element.event.linkName]);
      linkCatches.set(key, [...(linkCatches.get(key) ?? []), element.id]);
    }
  }
  const roots = new Map<string, readonly string[]>([[graph.id, graph.startEvents]]);
  for (const element of Object.values(graph.elements)) {
    if (element.kind === 'subProcess') roots.set(element.id, element.startEvents);
  }
  const reached = new Set<string>();
  const pending = [
    ...[...roots.values()].flat(),
    ...Object.values(graph.elements)
      .filter((element) => standsAlone(graph, element))
      .map((element) => element.id),
  ];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const element = graph.elements[id];
    if (!element || reached.has(id)) continue;
    reached.add(id);
    for (const flowId of element.outgoing) {
      const target = graph.flows[flowId]?.target;
      if (target !== undefined) pending.push(target);
    }
    if ('boundaryEvents' in element && element.boundaryEvents) pending.push(...element.boundaryEvents);
    if (element.kind === 'intermediateThrowEvent' && element.event.type === 'link') {
      pending.push(...(linkCatches.get(JSON.stringify([element.scope, element.event.linkName])) ?? []));
    }
  }
  for (const element of Object.values(graph.elements)) {
    // A scope without a start event is reported once, above; its elements are not repeated.
    const scopeRoots = roots.get(element.scope);
    if (reached.has(element.id) || !scopeRoots || scopeRoots.length === 0) continue;
    report('warning', element.id, `${describe(element)} cannot be reached from a start event`);
  }
}
