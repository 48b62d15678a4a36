/**
 * A ProcessGraph and a scenario compiled into the simulator's compact form: elements and pools
 * become small integers, each element gets a behaviour code, and every duration, branch
 * weight and delay becomes a ready sampler or table. Compiling once per run keeps the event
 * loop free of string lookups. Things the scenario leaves open are filled with the engine's
 * own behaviour (an unconfigured activity takes no time, a gateway follows the model's
 * conditions) and listed in `notes`, so a report can say what was assumed.
 */
import { SluiceError } from '../engine/errors.js';
import { type FlowElement, type ProcessGraph, isActivity } from '../model/graph.js';
import { parseWeeklyHours } from '../work/calendar/weekly-hours.js';
import { type WorkingCalendar, workingCalendar } from '../work/calendar/working-calendar.js';
import { type Sampler, cumulate, timeMs, timeSampler } from './distributions.js';
import { type Repetition, repetition } from './repetition.js';
import type { AssignmentStrategy, Scenario } from './scenario.js';
import { type Staff, scenarioDirectory, staffOf } from './staff.js';
import { type WorkPlan, workPlan } from './work-plan.js';

/** What the simulator does when a token reaches an element. */
export const behaviour = {
  pass: 0,
  end: 1,
  terminate: 2,
  errorEnd: 3,
  activity: 4,
  exclusive: 5,
  parallel: 6,
  inclusive: 7,
  eventGateway: 8,
  wait: 9,
  subProcess: 10,
  link: 11,
} as const;

export interface SimPool {
  readonly id: string;
  readonly size: number;
  readonly costPerMs: number;
  readonly strategy: AssignmentStrategy;
  readonly calendar?: WorkingCalendar;
  /** Named people of the directory; absent for interchangeable people (the fast path). */
  readonly staff?: Staff;
}

export interface SimModel {
  readonly processId: string;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly kind: Uint8Array;
  /** Index of the enclosing subprocess element, -1 at the process level. */
  readonly scopeOf: Int32Array;
  readonly start: number;
  /** Per element: targets of its outgoing flows, and this flow's index among the target's incoming. */
  readonly targets: readonly Int32Array[];
  readonly arrivedBy: readonly Int32Array[];
  readonly incoming: Int32Array;
  readonly conditions: readonly (readonly (string | undefined)[])[];
  readonly defaultOut: Int32Array;
  /** Exclusive and event-based gateways: cumulative weights; inclusive: chance per flow. */
  readonly branch: readonly (Float64Array | undefined)[];
  readonly duration: readonly (Sampler | undefined)[];
  /** Activities: time from enabled until the work may begin (before queueing for the pool). */
  readonly delay: readonly (Sampler | undefined)[];
  readonly pool: Int32Array;
  readonly cost: Float64Array;
  /** Activity SLA in ms (0: none). */
  readonly sla: Float64Array;
  /** Activities with `sluice:` work attributes: their assignment strategy and SLA. */
  readonly work: readonly (WorkPlan | undefined)[];
  /** Multi-instance activities and standard loops: how many times they run. */
  readonly repetition: readonly (Repetition | undefined)[];
  readonly boundaries: readonly Int32Array[];
  readonly interrupting: Uint8Array;
  /** Boundary timers: the sampler of their delay; other boundaries: the chance they fire. */
  readonly boundaryTimer: readonly (Sampler | undefined)[];
  readonly boundaryChance: Float64Array;
  readonly errorCode: readonly (string | undefined)[];
  readonly subStarts: readonly Int32Array[];
  readonly linkTarget: Int32Array;
  /** Inclusive joins: per incoming flow, which elements can still reach it (1 = can). */
  readonly orUpstream: readonly (readonly Uint8Array[] | undefined)[];
  readonly pools: readonly SimPool[];
  readonly caseSla: number;
  readonly notes: readonly string[];
}

export function compileModel(graph: ProcessGraph, scenario: Scenario): SimModel {
  const elements = Object.values(graph.elements);
  const index = new Map(elements.map((e, i) => [e.id, i]));
  const n = elements.length;
  const notes: string[] = [];
  const byName = new Map<string, string>();
  for (const e of elements) if (e.name !== undefined && !byName.has(e.name)) byName.set(e.name, e.id);
  const elementKey = (key: string, where: string): number => {
    const id = graph.elements[key] ? key : byName.get(key);
    if (id === undefined)
      throw new SluiceError(
        'invalid',
        'scenario-invalid',
        `${where} names '${key}', which is neither the id nor the name of an element of process '${graph.id}'`,
        `use one of: ${elements
          .filter(isActivity)
          .map((e) => e.id)
          .slice(0, 12)
          .join(', ')}`,
      );
    return index.get(id)!;
  };

  const pools: SimPool[] = [];
  const poolIndex = new Map<string, number>();
  const directory = scenario.directory ? scenarioDirectory(scenario.directory) : undefined;
  for (const [id, p] of Object.entries(scenario.pools ?? {})) {
    poolIndex.set(id, pools.length);
    const named = p.users !== undefined || p.groups !== undefined;
    if (!named && p.size === undefined)
      throw new SluiceError(
        'invalid',
        'scenario-invalid',
        `pools.${id} has neither a size nor people`,
        'give it a size (interchangeable people) or users and groups of the directory',
      );
    const staff = named ? staffOf(id, p, directory) : undefined;
    pools.push({
      id,
      size: staff ? staff.people.length : p.size!,
      ...(staff && { staff }),
      costPerMs: (p.costPerHour ?? 0) / 3_600_000,
      strategy: p.strategy ?? 'role',
      ...(p.calendar !== undefined && { calendar: poolCalendar(id, p.calendar, p.timeZone) }),
    });
  }

  const settings = new Map<number, NonNullable<Scenario['activities']>[string]>();
  for (const [key, a] of Object.entries(scenario.activities ?? {}))
    settings.set(elementKey(key, `activities.${key}`), a);
  const events = new Map<number, NonNullable<Scenario['events']>[string]>();
  for (const [key, e] of Object.entries(scenario.events ?? {}))
    events.set(elementKey(key, `events.${key}`), e);
  const flowWeight = new Map<string, number>();
  for (const [key, w] of Object.entries(scenario.branches ?? {})) {
    const flow = graph.flows[key] ?? Object.values(graph.flows).find((f) => f.name === key);
    if (!flow)
      throw new SluiceError(
        'invalid',
        'scenario-invalid',
        `branches names '${key}', which is neither the id nor the name of a sequence flow of process '${graph.id}'`,
        'give branch weights by sequence flow id',
      );
    flowWeight.set(flow.id, w);
  }

  const kind = new Uint8Array(n);
  const scopeOf = new Int32Array(n).fill(-1);
  const targets: Int32Array[] = [];
  const arrivedBy: Int32Array[] = [];
  const incoming = new Int32Array(n);
  const conditions: (string | undefined)[][] = [];
  const defaultOut = new Int32Array(n).fill(-1);
  const branch: (Float64Array | undefined)[] = [];
  const duration: (Sampler | undefined)[] = [];
  const delay: (Sampler | undefined)[] = [];
  const pool = new Int32Array(n).fill(-1);
  const cost = new Float64Array(n);
  const sla = new Float64Array(n);
  const work: (WorkPlan | undefined)[] = [];
  const repeats: (Repetition | undefined)[] = [];
  const boundaries: Int32Array[] = [];
  const interrupting = new Uint8Array(n);
  const boundaryTimer: (Sampler | undefined)[] = [];
  const boundaryChance = new Float64Array(n);
  const errorCode: (string | undefined)[] = [];
  const subStarts: Int32Array[] = [];
  const linkTarget = new Int32Array(n).fill(-1);
  const orUpstream: (Uint8Array[] | undefined)[] = [];

  elements.forEach((e, i) => {
    if (e.scope !== graph.id) scopeOf[i] = index.get(e.scope) ?? -1;
    incoming[i] = e.incoming.length;
    const flows = e.outgoing.map((f) => graph.flows[f]!);
    targets[i] = Int32Array.from(flows.map((f) => index.get(f.target)!));
    arrivedBy[i] = Int32Array.from(flows.map((f) => graph.elements[f.target]!.incoming.indexOf(f.id)));
    conditions[i] = flows.map((f) => f.condition);
    if ('default' in e && e.default !== undefined) defaultOut[i] = e.outgoing.indexOf(e.default);
    const weights = flows.map((f) => flowWeight.get(f.id));
    if (weights.some((w) => w !== undefined)) {
      const filled = weights.map((w) => w ?? 0);
      branch[i] =
        e.kind === 'inclusiveGateway'
          ? Float64Array.from(filled.map((w) => Math.min(1, w)))
          : cumulate(filled, `branches of '${e.id}'`);
    }
    boundaries[i] = Int32Array.from(
      (isActivity(e) ? (e.boundaryEvents ?? []) : [])
        .map((b) => index.get(b)!)
        .filter((b) => b !== undefined),
    );
    errorCode[i] = undefined;
    subStarts[i] = new Int32Array(0);
    kind[i] = classify(e, i);
  });

  function classify(e: FlowElement, i: number): number {
    const configured = events.get(i);
    switch (e.kind) {
      case 'startEvent':
      case 'intermediateThrowEvent':
        if (e.kind === 'intermediateThrowEvent' && e.event.type === 'link') {
          linkTarget[i] = elements.findIndex(
            (c) =>
              c.kind === 'intermediateCatchEvent' &&
              c.scope === e.scope &&
              c.event.type === 'link' &&
              c.event.linkName === (e.event as { linkName: string }).linkName,
          );
          return behaviour.link;
        }
        return behaviour.pass;
      case 'endEvent':
        if (e.event.type === 'terminate') return behaviour.terminate;
        if (e.event.type === 'error') {
          errorCode[i] = e.event.errorCode ?? '';
          return behaviour.errorEnd;
        }
        return behaviour.end;
      case 'boundaryEvent': {
        interrupting[i] = e.cancelActivity ? 1 : 0;
        if (e.event.type === 'timer')
          boundaryTimer[i] = configured?.delay
            ? timeSampler(configured.delay, `events.${e.id}.delay`)
            : timerDelay(e.event.timer.value, e.id);
        else if (e.event.type === 'error') {
          errorCode[i] = e.event.errorCode ?? '';
          boundaryChance[i] = configured?.probability ?? 0;
        } else boundaryChance[i] = configured?.probability ?? 0;
        if (!boundaryTimer[i] && !configured && e.event.type !== 'error')
          notes.push(`boundary event '${e.id}' has no probability in the scenario: it never fires`);
        return behaviour.pass;
      }
      case 'intermediateCatchEvent':
        if (e.event.type === 'link') return behaviour.pass;
        duration[i] = configured?.delay
          ? timeSampler(configured.delay, `events.${e.id}.delay`)
          : e.event.type === 'timer'
            ? timerDelay(e.event.timer.value, e.id)
            : undefined;
        if (!duration[i])
          notes.push(`${e.event.type} event '${e.id}' has no delay in the scenario: it occurs at once`);
        return behaviour.wait;
      case 'exclusiveGateway':
        return behaviour.exclusive;
      case 'parallelGateway':
        return behaviour.parallel;
      case 'inclusiveGateway': {
        const upstream = graph.orJoinUpstream[e.id];
        if (upstream && e.incoming.length > 1) {
          orUpstream[i] = e.incoming.map((flow) => {
            const mask = new Uint8Array(n);
            for (const id of upstream[flow] ?? []) mask[index.get(id)!] = 1;
            return mask;
          });
        }
        return behaviour.inclusive;
      }
      case 'eventBasedGateway':
        return behaviour.eventGateway;
      case 'subProcess':
        repeats[i] = repetition(e, settings.get(i)?.instances);
        subStarts[i] = Int32Array.from(
          e.startEvents
            .filter((s) => {
              const start = graph.elements[s];
              return start?.kind === 'startEvent' && start.event.type === 'none';
            })
            .map((s) => index.get(s)!),
        );
        return behaviour.subProcess;
      default:
        activity(e, i);
        return behaviour.activity;
    }
  }

  function activity(e: FlowElement, i: number): void {
    const a = settings.get(i);
    const d = a?.duration ?? events.get(i)?.delay;
    if (a?.delay) delay[i] = timeSampler(a.delay, `activities.${e.id}.delay`);
    if (d) duration[i] = timeSampler(d, `activities.${e.id}.duration`);
    else if (e.kind !== 'scriptTask' && e.kind !== 'task' && e.kind !== 'manualTask')
      notes.push(`activity '${e.id}' has no duration in the scenario: it takes no time`);
    if (a?.pool !== undefined && !a.automate) {
      const p = poolIndex.get(a.pool);
      if (p === undefined)
        throw new SluiceError(
          'invalid',
          'scenario-invalid',
          `activities.${e.id}.pool names '${a.pool}', which is not among the scenario's pools`,
          `add it under "pools" or use one of: ${[...poolIndex.keys()].join(', ') || '(none yet)'}`,
        );
      pool[i] = p;
    }
    cost[i] = a?.cost ?? 0;
    const staffed = pool[i]! >= 0 && pools[pool[i]!]!.staff !== undefined;
    work[i] = workPlan(e, a?.work, pools[pool[i]!]?.strategy ?? 'role');
    if (staffed) work[i] ??= { strategy: { kind: pools[pool[i]!]!.strategy } };
    repeats[i] = repetition(e, a?.instances);
    if (isActivity(e) && e.multiInstance?.completionCondition !== undefined)
      notes.push(`the completion condition of '${e.id}' is not simulated: every instance runs`);
  }

  for (const [key, t] of Object.entries(scenario.sla?.activities ?? {}))
    sla[elementKey(key, `sla.activities.${key}`)] = timeMs(t, `sla.activities.${key}`);

  const start =
    graph.startEvents
      .map((s) => index.get(s)!)
      .find((i) => {
        const e = elements[i]!;
        return e.kind === 'startEvent' && e.event.type === 'none';
      }) ?? index.get(graph.startEvents[0] ?? '');
  if (start === undefined)
    throw new SluiceError(
      'invalid',
      'model-not-simulable',
      `process '${graph.id}' has no start event, so no case can arrive`,
      'add a start event to the process',
    );

  return {
    processId: graph.id,
    ids: elements.map((e) => e.id),
    names: elements.map((e) => e.name ?? e.id),
    kind,
    scopeOf,
    start,
    targets,
    arrivedBy,
    incoming,
    conditions,
    defaultOut,
    branch,
    duration,
    delay,
    pool,
    cost,
    sla,
    work,
    repetition: repeats,
    boundaries,
    interrupting,
    boundaryTimer,
    boundaryChance,
    errorCode,
    subStarts,
    linkTarget,
    orUpstream,
    pools,
    caseSla: scenario.sla?.case !== undefined ? timeMs(scenario.sla.case, 'sla.case') : 0,
    notes,
  };
}

/** A timer's own duration as written in the model; expressions and dates need the scenario. */
function timerDelay(value: { literal: string } | { expression: string }, id: string): Sampler | undefined {
  if (!('literal' in value) || !value.literal.trim().startsWith('P')) return undefined;
  const ms = timeMs(value.literal.trim(), `timer of '${id}'`);
  return () => ms;
}

function poolCalendar(id: string, week: string, timeZone = 'UTC'): WorkingCalendar {
  const parsed = parseWeeklyHours(week);
  if (parsed.problems.length > 0)
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      `pools.${id}.calendar: ${parsed.problems.join('; ')}`,
      "write weekly hours as 'mon-fri 09:00-17:00; sat 10:00-14:00'",
    );
  return workingCalendar({ id, timeZone, week: parsed.week });
}
