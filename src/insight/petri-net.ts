/**
 * A ProcessGraph as a Petri net, the form token replay works on. Each sequence flow becomes a
 * place; tasks become transitions labelled with their name (their id when unnamed); events
 * and gateways become silent transitions:
 *
 * - an exclusive or event-based gateway is one place with a silent transition in from each
 *   incoming flow and out to each outgoing flow; several incoming flows into a task or an
 *   event mean the same (BPMN's implicit merge);
 * - a parallel gateway is one transition from all incoming to all outgoing flows, and
 *   several outgoing flows of any node are an implicit parallel split;
 * - an inclusive gateway fires for each non-empty subset of its flows (capped, see below);
 * - a start event takes the token from the source place, an end event puts it in the sink;
 * - a boundary event is a silent alternative to its activity: it takes the activity's input
 *   and leaves by the boundary's flows;
 * - an embedded subprocess is entered and left by silent transitions around its content.
 *
 * Every transition remembers the element it stands for, so replay can blame deviations on
 * model elements.
 */
import type { FlowElement, ProcessGraph } from '../model/graph.js';

export interface Transition {
  /** The activity it records; undefined for a silent transition. */
  readonly label?: string;
  readonly elementId: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

export interface PetriNet {
  readonly places: number;
  /** For each place, the element whose input it is (what a token there waits for). */
  readonly placeTarget: readonly string[];
  readonly transitions: readonly Transition[];
  readonly source: number;
  readonly sink: number;
  /** Element names by id, for telling deviations to people. */
  readonly names: Readonly<Record<string, string>>;
}

/** Inclusive gateways with more flows than this fire all-or-one only: 2^n subsets explode. */
const MAX_SUBSET_FLOWS = 6;

export function petriNet(graph: ProcessGraph): PetriNet {
  const placeTarget: string[] = [];
  const place = (target: string): number => placeTarget.push(target) - 1;
  const source = place('(start)');
  const sink = place('(end)');
  const flowPlace = new Map<string, number>();
  for (const flow of Object.values(graph.flows)) flowPlace.set(flow.id, place(flow.target));
  const transitions: Transition[] = [];
  const add = (elementId: string, inputs: number[], outputs: number[], label?: string): void => {
    transitions.push({ elementId, inputs, outputs, ...(label !== undefined && { label }) });
  };
  const ins = (e: FlowElement): number[] =>
    e.incoming.map((f) => flowPlace.get(f)!).filter((p) => p !== undefined);
  const outs = (e: FlowElement): number[] =>
    e.outgoing.map((f) => flowPlace.get(f)!).filter((p) => p !== undefined);
  const subEntry = new Map<string, number>();
  const subExit = new Map<string, number>();
  const topLevel = (e: FlowElement): boolean => e.scope === graph.id;

  /** One place the element consumes from: its single incoming flow, or a merge of several. */
  const inputOf = new Map<string, number>();
  const input = (e: FlowElement): number => {
    const known = inputOf.get(e.id);
    if (known !== undefined) return known;
    const incoming = ins(e);
    let p: number;
    if (incoming.length === 1) p = incoming[0]!;
    else if (incoming.length === 0) p = topLevel(e) ? source : (subEntry.get(e.scope) ?? source);
    else {
      p = place(e.id);
      for (const i of incoming) add(e.id, [i], [p]);
    }
    inputOf.set(e.id, p);
    return p;
  };
  /** Where the element's tokens go: its outgoing flows, or the end of its scope. */
  const output = (e: FlowElement): number[] => {
    const outgoing = outs(e);
    if (outgoing.length > 0) return outgoing;
    return [topLevel(e) ? sink : (subExit.get(e.scope) ?? sink)];
  };

  for (const e of Object.values(graph.elements)) {
    if (e.kind === 'subProcess') {
      subEntry.set(e.id, place(e.id));
      subExit.set(e.id, place(e.id));
    }
  }
  for (const e of Object.values(graph.elements)) {
    switch (e.kind) {
      case 'startEvent':
        add(e.id, [topLevel(e) ? source : (subEntry.get(e.scope) ?? source)], output(e));
        break;
      case 'endEvent':
        for (const i of ins(e).length > 0 ? ins(e) : [input(e)])
          add(e.id, [i], [topLevel(e) ? sink : (subExit.get(e.scope) ?? sink)]);
        break;
      case 'exclusiveGateway':
      case 'eventBasedGateway': {
        const p = input(e);
        for (const o of output(e)) add(e.id, [p], [o]);
        break;
      }
      case 'intermediateCatchEvent':
      case 'intermediateThrowEvent':
        add(e.id, [input(e)], output(e));
        break;
      case 'parallelGateway':
        add(e.id, ins(e).length > 0 ? ins(e) : [input(e)], output(e));
        break;
      case 'inclusiveGateway': {
        const incoming = ins(e).length > 0 ? ins(e) : [input(e)];
        const outgoing = output(e);
        for (const i of subsets(incoming)) for (const o of subsets(outgoing)) add(e.id, i, o);
        break;
      }
      case 'boundaryEvent': {
        const host = graph.elements[e.attachedTo];
        if (host) add(e.id, [input(host)], output(e));
        break;
      }
      case 'subProcess':
        add(e.id, [input(e)], [subEntry.get(e.id)!]);
        add(e.id, [subExit.get(e.id)!], output(e));
        break;
      default:
        add(e.id, [input(e)], output(e), e.name !== undefined && e.name !== '' ? e.name : e.id);
    }
  }
  const names = Object.fromEntries(Object.values(graph.elements).map((e) => [e.id, e.name ?? e.id]));
  return { places: placeTarget.length, placeTarget, transitions, source, sink, names };
}

function subsets(items: readonly number[]): number[][] {
  if (items.length > MAX_SUBSET_FLOWS) return [[...items], ...items.map((i) => [i])];
  const result: number[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) result.push(items.filter((_, i) => mask & (1 << i)));
  return result;
}
