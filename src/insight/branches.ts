/**
 * Branch analysis: at each decision, which outcome leads to longer or failing cases. With a
 * model the decisions are its exclusive and inclusive gateways and the outcomes their
 * outgoing flows; without one they are the activities after which cases go more than one
 * way in the directly-follows graph, and the outcomes the activities that come next.
 *
 * Cases are read as the activities they touched, in order (runs of one activity as one, so a
 * repeat in a row is not a decision). A case takes a gateway's flow when, after an activity that leads into the gateway, the next
 * activity it executes is one the flow leads to (through events and gateways); a flow that
 * reaches the end without an activity is taken when nothing follows. Each case counts once
 * per decision, at its first pass: a loop's later passes would weigh its cases twice. An
 * inclusive gateway that takes several flows is counted under the first one the case shows.
 */
import type { FlowElement, ProcessGraph } from '../model/graph.js';
import { activityKinds } from '../model/graph.js';
import { caseFacts, outcomeCode } from './case-facts.js';
import { caseTimes } from './case-times.js';
import { type EventLog, activityName } from './event-log.js';
import { percentile, sortedValues } from './statistics.js';

export interface BranchOutcome {
  /** The flow's name, else its condition, else the activity it leads to. */
  readonly outcome: string;
  /** The sequence flow (with a model). */
  readonly flowId?: string;
  readonly cases: number;
  /** Share of the cases that passed the decision, 0..1. */
  readonly share: number;
  readonly medianSeconds: number | null;
  readonly meanSeconds: number | null;
  readonly failed: number;
  /** failed / cases. */
  readonly failureShare: number;
}

export interface DecisionPoint {
  /** The gateway's id, or the activity's name without a model. */
  readonly id: string;
  readonly name: string;
  readonly kind: 'exclusiveGateway' | 'inclusiveGateway' | 'activity';
  readonly cases: number;
  readonly outcomes: readonly BranchOutcome[];
}

const END = '(end)';

export function branchAnalysis(log: EventLog, graph?: ProcessGraph): DecisionPoint[] {
  const sequences = activitySequences(log);
  const { duration } = caseTimes(log);
  const failed = caseFacts(log).outcome;
  const decisions = graph ? modelDecisions(graph) : logDecisions(sequences);
  return decisions
    .map((d) => {
      const taken = new Map<string, number[]>();
      sequences.forEach((seq, c) => {
        const outcome = d.outcomeOf(seq);
        if (outcome === undefined) return;
        let list = taken.get(outcome);
        if (!list) taken.set(outcome, (list = []));
        list.push(c);
      });
      const passed = [...taken.values()].reduce((s, l) => s + l.length, 0);
      const outcomes = [...taken]
        .map(([key, cases]): BranchOutcome => {
          const sorted = sortedValues(cases.map((c) => duration[c]!));
          const sum = sorted.reduce((s, v) => s + v, 0);
          const failures = cases.filter((c) => failed[c] === outcomeCode('failed')).length;
          return {
            outcome: d.label(key),
            ...(graph && { flowId: key }),
            cases: cases.length,
            share: cases.length / passed,
            medianSeconds: percentile(sorted, 50),
            meanSeconds: sorted.length === 0 ? null : sum / sorted.length,
            failed: failures,
            failureShare: failures / cases.length,
          };
        })
        .sort((a, b) => b.cases - a.cases || (a.outcome < b.outcome ? -1 : 1));
      return { id: d.id, name: d.name, kind: d.kind, cases: passed, outcomes };
    })
    .filter((d) => d.cases > 0)
    .sort((a, b) => b.cases - a.cases || (a.id < b.id ? -1 : 1));
}

interface Decision {
  readonly id: string;
  readonly name: string;
  readonly kind: DecisionPoint['kind'];
  /** The outcome key a case's executions show, or undefined when it never passed. */
  outcomeOf(sequence: readonly string[]): string | undefined;
  label(key: string): string;
}

/**
 * Each case's activities by name, as it touched them: any lifecycle event counts, so a branch
 * shows even in an activity that never completed (it failed, or the case waits there), and a
 * run of events of one activity (offered, started, completed) counts as one.
 */
function activitySequences(log: EventLog): string[][] {
  const result: string[][] = [];
  for (let c = 0; c < log.caseCount; c++) {
    const seq: string[] = [];
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const name = activityName(log, log.activity[e]!);
      if (seq.at(-1) !== name) seq.push(name);
    }
    result.push(seq);
  }
  return result;
}

function logDecisions(sequences: readonly string[][]): Decision[] {
  const next = new Map<string, Set<string>>();
  for (const seq of sequences)
    seq.forEach((a, i) => {
      let set = next.get(a);
      if (!set) next.set(a, (set = new Set()));
      set.add(seq[i + 1] ?? END);
    });
  return [...next]
    .filter(([, followers]) => followers.size > 1)
    .map(([activity]) => ({
      id: activity,
      name: activity,
      kind: 'activity',
      outcomeOf(seq) {
        const i = seq.indexOf(activity);
        return i < 0 ? undefined : (seq[i + 1] ?? END);
      },
      label: (key) => key,
    }));
}

const labelOf = (element: FlowElement): string => element.name || element.id;
const isTask = (element: FlowElement): boolean => activityKinds.has(element.kind);

function modelDecisions(graph: ProcessGraph): Decision[] {
  const element = (id: string): FlowElement | undefined => graph.elements[id];
  const decisions: Decision[] = [];
  for (const gateway of Object.values(graph.elements)) {
    if (gateway.kind !== 'exclusiveGateway' && gateway.kind !== 'inclusiveGateway') continue;
    if (gateway.outgoing.length < 2) continue;
    const before = silentReach(graph, gateway.id, 'back');
    const flows = gateway.outgoing.map((flowId) => {
      const flow = graph.flows[flowId]!;
      const target = element(flow.target);
      const reach =
        target && isTask(target)
          ? { tasks: new Set([labelOf(target)]), end: false }
          : silentReach(graph, flow.target, 'forward', gateway.id);
      return { flowId, flow, reach };
    });
    const after = new Set(flows.flatMap((f) => [...f.reach.tasks]));
    decisions.push({
      id: gateway.id,
      name: gateway.name || gateway.id,
      kind: gateway.kind,
      outcomeOf(seq) {
        const i = before.end ? -1 : seq.findIndex((a) => before.tasks.has(a));
        if (i < 0 && !before.end) return undefined;
        for (let j = i + 1; j < seq.length; j++) {
          if (!after.has(seq[j]!)) continue;
          return flows.find((f) => f.reach.tasks.has(seq[j]!))!.flowId;
        }
        return flows.find((f) => f.reach.end)?.flowId;
      },
      label(key) {
        const { flow } = flows.find((f) => f.flowId === key)!;
        const target = element(flow.target);
        return flow.name || flow.condition || `to ${target ? labelOf(target) : flow.target}`;
      },
    });
  }
  return decisions;
}

/**
 * The activities reached from an element through events and gateways only, forward or back,
 * without passing `stop`; `end` says whether an end (forward) or the start (back) is reached.
 */
function silentReach(
  graph: ProcessGraph,
  from: string,
  direction: 'forward' | 'back',
  stop?: string,
): { tasks: Set<string>; end: boolean } {
  const tasks = new Set<string>();
  let end = false;
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const here = graph.elements[id];
    if (!here) continue;
    const flows = direction === 'forward' ? here.outgoing : here.incoming;
    if (flows.length === 0) end = true;
    for (const flowId of flows) {
      const flow = graph.flows[flowId];
      if (!flow) continue;
      const next = direction === 'forward' ? flow.target : flow.source;
      const element = graph.elements[next];
      if (!element || next === stop || seen.has(next)) continue;
      seen.add(next);
      if (isTask(element)) tasks.add(labelOf(element));
      else queue.push(next);
    }
  }
  return { tasks, end };
}
