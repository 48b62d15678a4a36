/**
 * Token-based replay of a log on a process model (Rozinat and van der Aalst): each case's
 * executions fire the transitions of their activities, silent transitions are fired as
 * needed to enable them, and a transition that is still not enabled fires anyway, counting
 * the tokens it lacked as missing. At the end the case's token should be in the sink; what is
 * left elsewhere counts as remaining. Fitness is
 *
 *   ½ (1 − missing / consumed) + ½ (1 − remaining / produced)
 *
 * per case and, with the sums over all cases, for the log. Each variant is replayed once.
 *
 * Deviations are told per model element: `missing` counts executions of an element that was
 * not enabled (the case did it out of order or without its precondition), `remaining` counts
 * tokens left waiting for an element (the case skipped it). Activities of the log that the
 * model does not have are counted apart and leave the tokens as they are.
 */
import { type EventLog, activityName } from './event-log.js';
import { eventMask } from './event-filter.js';
import type { PetriNet, Transition } from './petri-net.js';
import { variants } from './variants.js';

export interface ElementDeviation {
  readonly elementId: string;
  readonly name: string;
  /** Executions of the element without the tokens it needed. */
  readonly missing: number;
  /** Tokens left waiting for the element when cases ended. */
  readonly remaining: number;
}

export interface Conformance {
  /** Log fitness, 0..1. */
  readonly fitness: number;
  /** Mean of the cases' fitness. */
  readonly meanCaseFitness: number;
  readonly fittingCases: number;
  readonly cases: number;
  readonly tokens: {
    readonly produced: number;
    readonly consumed: number;
    readonly missing: number;
    readonly remaining: number;
  };
  readonly deviations: readonly ElementDeviation[];
  /** Activities of the log the model does not have, with their counts. */
  readonly unknownActivities: Readonly<Record<string, number>>;
}

export interface ReplayOptions {
  /** States a breadth-first search may explore when the quick routes fail (default 500). */
  readonly searchLimit?: number;
}

interface Tally {
  produced: number;
  consumed: number;
  missing: number;
  remaining: number;
  readonly missingAt: Map<string, number>;
  readonly remainingAt: Map<string, number>;
  readonly unknown: Map<string, number>;
}

export function tokenReplay(log: EventLog, net: PetriNet, options: ReplayOptions = {}): Conformance {
  const byLabel = new Map<string, Transition[]>();
  for (const t of net.transitions)
    if (t.label !== undefined) byLabel.set(t.label, [...(byLabel.get(t.label) ?? []), t]);
  const silent = net.transitions.filter((t) => t.label === undefined);
  const limit = options.searchLimit ?? 500;
  const toward = silentTowards(net, silent);
  const producers = new Map<number, Transition[]>();
  for (const t of silent) for (const p of t.outputs) producers.set(p, [...(producers.get(p) ?? []), t]);
  const mask = eventMask(log, 'complete');
  const total: Tally = {
    produced: 0,
    consumed: 0,
    missing: 0,
    remaining: 0,
    missingAt: new Map(),
    remainingAt: new Map(),
    unknown: new Map(),
  };
  let fitting = 0;
  let fitnessSum = 0;
  for (const variant of executionVariants(log, mask)) {
    const tally: Tally = {
      produced: 0,
      consumed: 0,
      missing: 0,
      remaining: 0,
      missingAt: new Map(),
      remainingAt: new Map(),
      unknown: new Map(),
    };
    replay(variant.sequence, net, byLabel, { toward, producers, limit }, tally);
    const fitness = caseFitness(tally);
    fitnessSum += fitness * variant.count;
    if (tally.missing === 0 && tally.remaining === 0) fitting += variant.count;
    total.produced += tally.produced * variant.count;
    total.consumed += tally.consumed * variant.count;
    total.missing += tally.missing * variant.count;
    total.remaining += tally.remaining * variant.count;
    for (const [from, to] of [
      [tally.missingAt, total.missingAt],
      [tally.remainingAt, total.remainingAt],
      [tally.unknown, total.unknown],
    ] as const) {
      for (const [key, n] of from) to.set(key, (to.get(key) ?? 0) + n * variant.count);
    }
  }
  const elements = new Set([...total.missingAt.keys(), ...total.remainingAt.keys()]);
  return {
    fitness: caseFitness(total),
    meanCaseFitness: log.caseCount === 0 ? 1 : fitnessSum / log.caseCount,
    fittingCases: fitting,
    cases: log.caseCount,
    tokens: {
      produced: total.produced,
      consumed: total.consumed,
      missing: total.missing,
      remaining: total.remaining,
    },
    deviations: [...elements]
      .map((elementId) => ({
        elementId,
        name: net.names[elementId] ?? elementId,
        missing: total.missingAt.get(elementId) ?? 0,
        remaining: total.remainingAt.get(elementId) ?? 0,
      }))
      .sort((a, b) => b.missing + b.remaining - (a.missing + a.remaining)),
    unknownActivities: Object.fromEntries([...total.unknown].sort((a, b) => b[1] - a[1])),
  };
}

const caseFitness = (t: Pick<Tally, 'produced' | 'consumed' | 'missing' | 'remaining'>): number =>
  0.5 * (1 - (t.consumed === 0 ? 0 : t.missing / t.consumed)) +
  0.5 * (1 - (t.produced === 0 ? 0 : t.remaining / t.produced));

/** Cases grouped by their sequence of executions (complete events, or events without lifecycle). */
function executionVariants(
  log: EventLog,
  mask: Uint8Array | undefined,
): { sequence: string[]; count: number }[] {
  if (!mask)
    return variants(log).variants.map((v) => ({
      sequence: Array.from(v.activities, (a) => activityName(log, a)),
      count: v.count,
    }));
  const groups = new Map<string, { sequence: string[]; count: number }>();
  for (let c = 0; c < log.caseCount; c++) {
    const sequence: string[] = [];
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++)
      if (mask[e]) sequence.push(activityName(log, log.activity[e]!));
    const key = sequence.join('\u0000');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { sequence, count: 1 });
  }
  return [...groups.values()];
}

/**
 * For a set of places, the silent transitions that can put a token into one of them, directly
 * or through other silent transitions. Searching only among these keeps the search for an
 * enabling path small in models with many silent steps and parallel branches.
 */
type Toward = (places: readonly number[]) => readonly Transition[];

function silentTowards(net: PetriNet, silent: readonly Transition[]): Toward {
  const producers = new Map<number, Transition[]>();
  for (const t of silent) for (const p of t.outputs) producers.set(p, [...(producers.get(p) ?? []), t]);
  const cache = new Map<string, Transition[]>();
  return (places) => {
    const key = places.join(',');
    let found = cache.get(key);
    if (!found) {
      const chosen = new Set<Transition>();
      const queue = [...places];
      const seen = new Set(queue);
      for (let i = 0; i < queue.length; i++) {
        for (const t of producers.get(queue[i]!) ?? []) {
          if (chosen.has(t)) continue;
          chosen.add(t);
          for (const p of t.inputs) {
            if (seen.has(p)) continue;
            seen.add(p);
            queue.push(p);
          }
        }
      }
      found = silent.filter((t) => chosen.has(t));
      cache.set(key, found);
    }
    return found;
  };
}

function replay(
  sequence: readonly string[],
  net: PetriNet,
  byLabel: ReadonlyMap<string, Transition[]>,
  search: { readonly toward: Toward; readonly producers: Producers; readonly limit: number },
  tally: Tally,
): void {
  const { toward, producers, limit } = search;
  const marking = new Int32Array(net.places);
  marking[net.source] = 1;
  tally.produced = 1;
  const fire = (t: Transition): void => {
    let lacked = false;
    for (const p of t.inputs) {
      if (marking[p]! > 0) marking[p]!--;
      else {
        tally.missing++;
        lacked = true;
      }
      tally.consumed++;
    }
    if (lacked) tally.missingAt.set(t.elementId, (tally.missingAt.get(t.elementId) ?? 0) + 1);
    for (const p of t.outputs) marking[p]!++;
    tally.produced += t.outputs.length;
  };
  for (const activity of sequence) {
    const candidates = byLabel.get(activity);
    if (!candidates) {
      tally.unknown.set(activity, (tally.unknown.get(activity) ?? 0) + 1);
      continue;
    }
    let chosen = candidates.find((t) => enabled(marking, t));
    if (!chosen) {
      // The quick way first: for each empty input place, the shortest silent route from a marked place.
      for (const t of candidates) {
        const route = placeRoutes(marking, t, producers);
        if (!route) continue;
        for (const step of route) fire(step);
        chosen = t;
        break;
      }
    }
    if (!chosen) {
      const needed = [...new Set(candidates.flatMap((t) => t.inputs.filter((p) => marking[p] === 0)))];
      const path = silentPath(marking, toward(needed), limit, (m) => candidates.some((t) => enabled(m, t)));
      if (path) {
        for (const t of path) fire(t);
        chosen = candidates.find((t) => enabled(marking, t));
      }
    }
    fire(chosen ?? fewestMissing(marking, candidates));
  }
  // Move the token on to the end through silent transitions, if the model allows.
  const toEnd =
    marking[net.sink]! > 0
      ? []
      : placeRoutes(marking, { elementId: '(end)', inputs: [net.sink], outputs: [] }, producers);
  if (toEnd) for (const t of toEnd) fire(t);
  const path = silentPath(
    marking,
    toward([net.sink]),
    limit,
    (m) => m[net.sink]! > 0 && tokensOutsideSink(m, net) === 0,
  );
  if (path) for (const t of path) fire(t);
  const ended = marking[net.sink]!;
  tally.consumed += Math.max(1, ended);
  if (ended === 0) {
    tally.missing++;
    tally.missingAt.set('(end)', (tally.missingAt.get('(end)') ?? 0) + 1);
  }
  marking[net.sink] = 0;
  marking.forEach((n, p) => {
    if (n <= 0) return;
    tally.remaining += n;
    const target = net.placeTarget[p]!;
    tally.remainingAt.set(target, (tally.remainingAt.get(target) ?? 0) + n);
  });
}

type Producers = ReadonlyMap<number, readonly Transition[]>;

/**
 * Silent transitions that, fired in order from `marking`, enable `t`: for each empty input
 * place, the shortest chain of silent transitions back to a marked place; a step of the chain
 * that waits for other tokens too (a parallel join) has those routed to it the same way, a
 * few levels deep. Works on a copy; undefined when it does not enable `t`.
 */
function placeRoutes(marking: Int32Array, t: Transition, producers: Producers): Transition[] | undefined {
  const m = marking.slice();
  const route: Transition[] = [];
  return fill(m, t.inputs, producers, route, 0) && enabled(m, t) ? route : undefined;
}

const MAX_JOIN_DEPTH = 8;

function fill(
  m: Int32Array,
  places: readonly number[],
  producers: Producers,
  route: Transition[],
  depth: number,
): boolean {
  if (depth > MAX_JOIN_DEPTH) return false;
  for (const goal of places) {
    if (m[goal]! > 0) continue;
    const chain = shortestChain(m, goal, producers);
    if (!chain) return false;
    for (const step of chain) {
      if (!enabled(m, step) && !fill(m, step.inputs, producers, route, depth + 1)) return false;
      for (const p of step.inputs) m[p]!--;
      for (const p of step.outputs) m[p]!++;
      route.push(step);
    }
    if (m[goal]! === 0) return false;
  }
  return true;
}

/** The shortest chain of silent transitions from a marked place to `goal`, found backwards. */
function shortestChain(m: Int32Array, goal: number, producers: Producers): Transition[] | undefined {
  // for each place reached backwards, the step out of it and the place that step leads to
  const via = new Map<number, { step: Transition; to: number }>();
  const queue = [goal];
  for (let i = 0; i < queue.length; i++) {
    const to = queue[i]!;
    for (const step of producers.get(to) ?? []) {
      for (const p of step.inputs) {
        if (via.has(p) || p === goal) continue;
        via.set(p, { step, to });
        if (m[p]! > 0) {
          const chain: Transition[] = [];
          for (let q = p; q !== goal;) {
            const hop = via.get(q)!;
            chain.push(hop.step);
            q = hop.to;
          }
          return chain;
        }
        queue.push(p);
      }
    }
  }
  return undefined;
}

const enabled = (m: Int32Array, t: Transition): boolean => t.inputs.every((p) => m[p]! > 0);

const tokensOutsideSink = (m: Int32Array, net: PetriNet): number =>
  m.reduce((s, n, p) => (p === net.sink ? s : s + n), 0);

function fewestMissing(m: Int32Array, candidates: readonly Transition[]): Transition {
  const missing = (t: Transition): number => t.inputs.filter((p) => m[p]! === 0).length;
  return candidates.reduce((best, t) => (missing(t) < missing(best) ? t : best));
}

/** The shortest sequence of silent transitions to a marking that satisfies `goal` (breadth-first). */
function silentPath(
  start: Int32Array,
  silent: readonly Transition[],
  limit: number,
  goal: (m: Int32Array) => boolean,
): Transition[] | undefined {
  if (goal(start)) return [];
  const seen = new Set<string>([start.join(',')]);
  let frontier: { marking: Int32Array; path: Transition[] }[] = [{ marking: start, path: [] }];
  while (frontier.length > 0 && seen.size < limit) {
    const next: typeof frontier = [];
    for (const { marking, path } of frontier) {
      for (const t of silent) {
        if (!enabled(marking, t)) continue;
        const m = marking.slice();
        for (const p of t.inputs) m[p]!--;
        for (const p of t.outputs) m[p]!++;
        const key = m.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const extended = [...path, t];
        if (goal(m)) return extended;
        next.push({ marking: m, path: extended });
      }
    }
    frontier = next;
  }
  return undefined;
}
