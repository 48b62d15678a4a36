/**
 * The last step of both ways into a ProcessGraph (BPMN XML and the builder): element drafts and
 * flows in, the linked graph out. Everything derived from the structure (incoming and outgoing
 * lists, start events per scope, boundary events per activity, the OR-join tables) is computed
 * here and only here, so both paths produce identical graphs for identical processes.
 *
 * Order is meaningful: `outgoing` follows the order the flows were given in, which is the order
 * an exclusive gateway tries their conditions.
 */
import { type FlowElement, type ProcessGraph, type SequenceFlow, activityKinds } from './graph.js';
import { computeOrJoinUpstream } from './or-join.js';

type Derived = 'incoming' | 'outgoing' | 'boundaryEvents' | 'startEvents' | 'eventSubProcesses';
type DraftOf<E> = E extends unknown ? Omit<E, Derived> : never;

/** A flow element as written: without the lists that the structure determines. */
export type ElementDraft = DraftOf<FlowElement>;

export interface ProcessDraft {
  readonly id: string;
  readonly name?: string;
  readonly executable: boolean;
  readonly elements: readonly ElementDraft[];
  readonly flows: readonly SequenceFlow[];
}

interface Links {
  incoming: string[];
  outgoing: string[];
  boundaryEvents?: string[];
  startEvents?: string[];
  eventSubProcesses?: string[];
}

export function assembleGraph(draft: ProcessDraft): ProcessGraph {
  const links = new Map<string, Links>();
  for (const element of draft.elements) {
    links.set(element.id, {
      incoming: [],
      outgoing: [],
      ...(element.kind === 'subProcess' && { startEvents: [] }),
    });
  }
  const flows: Record<string, SequenceFlow> = {};
  for (const flow of draft.flows) {
    flows[flow.id] = flow;
    links.get(flow.source)?.outgoing.push(flow.id);
    links.get(flow.target)?.incoming.push(flow.id);
  }
  const startEvents: string[] = [];
  const eventSubProcesses: string[] = [];
  let conditions = false;
  let mutexes = false;
  for (const element of draft.elements) {
    if ('event' in element && element.event.type === 'conditional') conditions = true;
    if (element.kind === 'subProcess' && element.mutex !== undefined) mutexes = true;
    if (element.kind === 'subProcess' && element.triggeredByEvent) {
      if (element.scope === draft.id) eventSubProcesses.push(element.id);
      else {
        const host = links.get(element.scope);
        if (host?.startEvents) (host.eventSubProcesses ??= []).push(element.id);
      }
    }
    if (element.kind === 'boundaryEvent') {
      const host = links.get(element.attachedTo);
      if (host) (host.boundaryEvents ??= []).push(element.id);
    }
    if (element.kind === 'startEvent') {
      if (element.scope === draft.id) startEvents.push(element.id);
      else links.get(element.scope)?.startEvents?.push(element.id);
    }
  }
  const elements: Record<string, FlowElement> = {};
  for (const element of draft.elements) {
    const { boundaryEvents, ...own } = links.get(element.id)!;
    // Boundary events attach to activities only; a list on anything else would mislead core.
    const attach = boundaryEvents && activityKinds.has(element.kind) ? { boundaryEvents } : {};
    elements[element.id] = { ...element, ...own, ...attach } as FlowElement;
  }
  return {
    id: draft.id,
    ...(draft.name !== undefined && { name: draft.name }),
    executable: draft.executable,
    elements,
    flows,
    startEvents,
    orJoinUpstream: computeOrJoinUpstream(elements, flows),
    ...(eventSubProcesses.length > 0 && { eventSubProcesses }),
    ...((conditions || mutexes) && {
      features: {
        ...(conditions && { conditions: true as const }),
        ...(mutexes && { mutexes: true as const }),
      },
    }),
  };
}
