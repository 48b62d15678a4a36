/**
 * Calibration: a scenario fitted to an event log (Sluice's history through insight's
 * historyLog, or an imported XES or CSV file), so that the process as it runs today replays
 * as the baseline. What is fitted:
 *
 * - arrivals: a Poisson process at the log's mean rate of case starts;
 * - durations: per activity, the empirical distribution of the time from the case's previous
 *   completion to this one. That span holds waiting and working alike, and without pools the
 *   spans add up to each case's cycle time, which is why the baseline's cycle time matches;
 * - branching: with a model, each gateway flow weighted by how often the activities it leads
 *   to first occur in the log; without one, a model is discovered: every activity followed by
 *   a choice of what came next, weighted by the directly-follows counts (a Markov chain);
 * - resources: who worked on each activity, merged into pools of people who share work, with
 *   their size and the weekly hours their events fall in. When the log records when work
 *   started, an activity done by a pool takes its working time (start to complete, counted on
 *   the pool's calendar) and waits for the pool's people, so queues and closed hours make the
 *   waiting; otherwise it keeps the span from the previous completion, which holds both.
 */
import { type EventLog, NONE, activityName } from '../insight/event-log.js';
import { type FlowElement, type ProcessGraph, type SequenceFlow, isActivity } from '../model/graph.js';
import { parseWeeklyHours } from '../work/calendar/weekly-hours.js';
import { type WorkingCalendar, workingCalendar } from '../work/calendar/working-calendar.js';
import { workingTimeBetween } from '../work/calendar/working-time.js';
import { type ResourceGroup, resourceGroups } from './calibrate-resources.js';
import type { Scenario } from './scenario.js';

export interface CalibrationOptions {
  /** The model to calibrate; a Markov-chain model is discovered from the log when absent. */
  readonly graph?: ProcessGraph;
  /** Cases per simulated run; the log's case count by default. */
  readonly cases?: number;
  /** Most values kept per empirical distribution (evenly thinned). */
  readonly maxValues?: number;
  /** Put activities into pools of the log's people (default true when the log records starts). */
  readonly pools?: boolean;
}

export interface Calibration {
  readonly graph: ProcessGraph;
  readonly scenario: Scenario;
  /** What the log itself says, to compare the baseline with (seconds). */
  readonly observed: {
    readonly cases: number;
    readonly medianCycleTime: number;
    readonly meanCycleTime: number;
    readonly arrivalsPerHour: number;
  };
  /** People per activity group, from the log's resources, with the hours they were seen working. */
  readonly resources: readonly ResourceGroup[];
  readonly notes: readonly string[];
}

export function calibrate(log: EventLog, options: CalibrationOptions = {}): Calibration {
  const notes: string[] = [];
  const complete = completions(log);
  const gaps = new Map<string, number[]>();
  const counts = new Map<string, number>();
  const follows = new Map<string, Map<string, number>>();
  const cycles: number[] = [];
  const starts: number[] = [];
  for (let c = 0; c < log.caseCount; c++) {
    let previous = Number.NaN;
    let first = Number.NaN;
    let last = '';
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      if (!complete(e)) continue;
      const name = activityName(log, log.activity[e]!);
      const t = log.time[e]!;
      if (Number.isNaN(first)) first = t;
      push(gaps, name, Number.isNaN(previous) ? 0 : Math.max(0, t - previous) / 1000);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      bump(follows, last, name);
      if (t > previous || Number.isNaN(previous)) previous = t;
      last = name;
    }
    if (last !== '') bump(follows, last, '');
    if (!Number.isNaN(first)) {
      cycles.push((previous - first) / 1000);
      starts.push(first);
    }
  }
  if (starts.length < 2)
    notes.push('the log has fewer than two cases with timestamps: arrivals are set to one case per hour');
  starts.sort((a, b) => a - b);
  const span = (starts.at(-1)! - starts[0]!) / 1000;
  const perHour = starts.length > 1 && span > 0 ? ((starts.length - 1) / span) * 3600 : 1;
  const discovered = options.graph ? undefined : markovModel(follows);
  const graph = options.graph ?? discovered!.graph;
  const maxValues = options.maxValues ?? 2000;

  const resources = resourceGroups(log);
  const { work, waits, concurrent } =
    options.pools === false
      ? {
          work: new Map<string, number[]>(),
          waits: new Map<string, number[]>(),
          concurrent: new Map<string, number>(),
        }
      : workingTimes(log, resources);
  const pools: NonNullable<Scenario['pools']> = {};
  const poolOf = new Map<string, ResourceGroup>();
  for (const group of resources) for (const a of group.activities) if (work.has(a)) poolOf.set(a, group);

  const activities: NonNullable<Scenario['activities']> = {};
  const byName = new Map<string, FlowElement>();
  for (const e of Object.values(graph.elements)) if (isActivity(e)) byName.set(e.name ?? e.id, e);
  for (const [name, values] of gaps) {
    const element = byName.get(name) ?? graph.elements[name];
    if (!element) {
      notes.push(`activity '${name}' of the log is not in the model: its time is not simulated`);
      continue;
    }
    const group = poolOf.get(name);
    if (!group) {
      activities[element.id] = { duration: { kind: 'empirical', values: thin(values, maxValues) } };
      continue;
    }
    // Resources may name roles rather than people: as many people as were ever seen at work at once.
    pools[group.pool] = {
      size: Math.max(group.people, concurrent.get(group.pool) ?? 0),
      ...(group.calendar !== undefined && { calendar: group.calendar, timeZone: 'UTC' }),
    };
    activities[element.id] = {
      delay: { kind: 'empirical', values: thin(waits.get(name)!, maxValues) },
      duration: { kind: 'empirical', values: thin(work.get(name)!, maxValues) },
      pool: group.pool,
    };
  }
  if (Object.keys(pools).length === 0 && resources.length > 0)
    notes.push(
      'the log does not say when work started: activities keep the span since the previous completion and wait for no one; resources lists the people seen, for what-ifs',
    );
  for (const name of byName.keys())
    if (!gaps.has(name))
      notes.push(`activity '${name}' of the model never occurs in the log: it takes no time`);

  const sorted = [...cycles].sort((a, b) => a - b);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]!
        : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return {
    graph,
    scenario: {
      name: 'baseline',
      processId: graph.id,
      start: new Date(starts[0] ?? Date.UTC(2025, 0, 6)).toISOString(),
      cases: options.cases ?? Math.max(1, log.caseCount),
      arrivals: { kind: 'poisson', rate: Number(perHour.toPrecision(6)), per: 'PT1H' },
      ...(Object.keys(pools).length > 0 && { pools }),
      activities,
      branches: discovered ? discovered.branches : modelBranches(graph, counts, notes),
    },
    observed: {
      cases: cycles.length,
      medianCycleTime: median,
      meanCycleTime: cycles.reduce((a, b) => a + b, 0) / Math.max(1, cycles.length),
      arrivalsPerHour: perHour,
    },
    resources,
    notes,
  };
}

/** Completion events: `complete`, or any event when the log has no lifecycle. */
function completions(log: EventLog): (e: number) => boolean {
  const code = log.lifecycles.indexOf('complete');
  return (e) => {
    const l = log.lifecycle[e]!;
    return (l === NONE || l === code) && !Number.isNaN(log.time[e]!);
  };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function bump(map: Map<string, Map<string, number>>, from: string, to: string): void {
  let next = map.get(from);
  if (!next) map.set(from, (next = new Map<string, number>()));
  next.set(to, (next.get(to) ?? 0) + 1);
}

/** At most `max` values, evenly spread over the sorted list, rounded to the millisecond. */
function thin(values: number[], max: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length <= max) return sorted.map(round);
  return Array.from({ length: max }, (_, i) => round(sorted[Math.floor(((i + 0.5) * sorted.length) / max)]!));
}
const round = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * A model of the log as a Markov chain: a start, one task per activity, after each a choice of
 * what follows (an exclusive gateway), and an end. Flow ids `f:<from>:<to>` carry the
 * directly-follows counts as branch weights.
 */
function markovModel(follows: Map<string, Map<string, number>>): {
  graph: ProcessGraph;
  branches: Record<string, number>;
} {
  const names = [
    ...new Set([...follows.keys(), ...[...follows.values()].flatMap((m) => [...m.keys()])]),
  ].filter((n) => n !== '');
  const id = new Map(names.map((n, i) => [n, `a${i + 1}`]));
  const processId = 'discovered';
  const elements: Record<string, FlowElement> = {};
  const flows: Record<string, SequenceFlow> = {};
  const branches: Record<string, number> = {};
  const node = (element: FlowElement): void => void (elements[element.id] = element);
  const link = (source: string, target: string): string => {
    const flowId = `f:${source}:${target}`;
    flows[flowId] = { id: flowId, source, target };
    (elements[source]!.outgoing as string[]).push(flowId);
    (elements[target]!.incoming as string[]).push(flowId);
    return flowId;
  };
  const base = { scope: processId, incoming: [] as string[], outgoing: [] as string[] };
  node({ ...base, id: 'start', kind: 'startEvent', event: { type: 'none' }, incoming: [], outgoing: [] });
  node({ ...base, id: 'end', kind: 'endEvent', event: { type: 'none' }, incoming: [], outgoing: [] });
  node({ ...base, id: 'choose-first', kind: 'exclusiveGateway', incoming: [], outgoing: [] });
  link('start', 'choose-first');
  for (const name of names) {
    const a = id.get(name)!;
    node({ ...base, id: a, name, kind: 'task', incoming: [], outgoing: [] });
    node({ ...base, id: `after-${a}`, kind: 'exclusiveGateway', incoming: [], outgoing: [] });
    link(a, `after-${a}`);
  }
  for (const [from, next] of follows) {
    const source = from === '' ? 'choose-first' : `after-${id.get(from)!}`;
    for (const [to, count] of next) branches[link(source, to === '' ? 'end' : id.get(to)!)] = count;
  }
  const graph: ProcessGraph = {
    id: processId,
    name: 'Discovered from the log',
    executable: true,
    elements,
    flows,
    startEvents: ['start'],
    orJoinUpstream: {},
  };
  return { graph, branches };
}

/** Gateway flows weighted by how often the activities each leads to first occur. */
function modelBranches(
  graph: ProcessGraph,
  counts: Map<string, number>,
  notes: string[],
): Record<string, number> {
  const branches: Record<string, number> = {};
  for (const g of Object.values(graph.elements)) {
    if ((g.kind !== 'exclusiveGateway' && g.kind !== 'inclusiveGateway') || g.outgoing.length < 2) continue;
    const weights = g.outgoing.map((f) =>
      firstActivities(graph, f).reduce((sum, a) => sum + (counts.get(a.name ?? a.id) ?? 0), 0),
    );
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) {
      notes.push(
        `gateway '${g.id}': no activity after it occurs in the log; it follows the model's conditions`,
      );
      continue;
    }
    g.outgoing.forEach((f, i) => {
      branches[f] = g.kind === 'inclusiveGateway' ? Math.min(1, weights[i]! / total) : weights[i]!;
    });
  }
  return branches;
}

/** The activities a token meets first after a flow, passing through gateways and events. */
function firstActivities(graph: ProcessGraph, flowId: string): FlowElement[] {
  const found: FlowElement[] = [];
  const seen = new Set<string>();
  const queue = [graph.flows[flowId]!.target];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const e = graph.elements[id]!;
    if (isActivity(e)) found.push(e);
    else for (const f of e.outgoing) queue.push(graph.flows[f]!.target);
  }
  return found;
}

/**
 * Per activity with start events: how long each execution worked, start to complete, in working
 * time on the calendar of the pool that did it. Starts pair with the next completion of the
 * same activity in the case.
 */
function workingTimes(
  log: EventLog,
  groups: readonly ResourceGroup[],
): { work: Map<string, number[]>; waits: Map<string, number[]>; concurrent: Map<string, number> } {
  const start = log.lifecycles.indexOf('start');
  const complete = log.lifecycles.indexOf('complete');
  const result = new Map<string, number[]>();
  const waits = new Map<string, number[]>();
  const concurrent = new Map<string, number>();
  if (start < 0 || complete < 0) return { work: result, waits, concurrent };
  const calendars = new Map<string, WorkingCalendar | undefined>();
  const poolOf = new Map<string, string>();
  /** Per pool: +1 at each start, -1 at each completion, to count work under way at once. */
  const steps = new Map<string, [number, number][]>();
  for (const g of groups) {
    steps.set(g.pool, []);
    for (const a of g.activities) poolOf.set(a, g.pool);
    const calendar =
      g.calendar !== undefined
        ? workingCalendar({ id: g.pool, timeZone: 'UTC', week: parseWeeklyHours(g.calendar).week })
        : undefined;
    for (const a of g.activities) calendars.set(a, calendar);
  }
  for (let c = 0; c < log.caseCount; c++) {
    const open = new Map<string, number[]>();
    let previous = Number.NaN;
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const t = log.time[e]!;
      if (Number.isNaN(t)) continue;
      const name = activityName(log, log.activity[e]!);
      if (Number.isNaN(previous)) previous = t;
      if (log.lifecycle[e] === start) {
        push(open, name, t);
        push(waits, name, Math.max(0, t - previous) / 1000);
      } else if (log.lifecycle[e] === complete) {
        previous = Math.max(previous, t);
        const began = open.get(name)?.shift();
        if (began === undefined) continue;
        const calendar = calendars.get(name);
        push(result, name, (calendar ? workingTimeBetween(calendar, began, t) : t - began) / 1000);
        const pool = poolOf.get(name);
        if (pool !== undefined) steps.get(pool)!.push([began, 1], [t, -1]);
      }
    }
  }
  for (const [pool, list] of steps) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let most = 0;
    for (const [, d] of list) most = Math.max(most, (now += d));
    concurrent.set(pool, most);
  }
  return { work: result, waits, concurrent };
}
