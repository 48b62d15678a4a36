/**
 * The inductive miner (Leemans, Fahland, van der Aalst 2013), in its basic form: find the
 * directly-follows graph of the log, look for a cut that splits its activities into a choice,
 * a sequence, parallel branches or a loop, split the log accordingly and recurse; when no cut
 * fits, fall back to a flower model (any of the activities, any number of times). The result
 * is a process tree, so it is sound, and it can replay every case of the log (fitness 1).
 *
 * Each variant is handled once with its count; sub-logs are projections of the traces.
 */
import { type ProcessTree, tau } from './process-tree.js';

export interface Trace {
  readonly activities: readonly string[];
  readonly count: number;
}

interface Dfg {
  readonly activities: readonly string[];
  readonly edges: ReadonlyMap<string, ReadonlySet<string>>;
  readonly starts: ReadonlySet<string>;
  readonly ends: ReadonlySet<string>;
}

export function inductiveMiner(log: readonly Trace[]): ProcessTree {
  return flatten(
    mine(
      log.filter((t) => t.count > 0),
      0,
    ),
  );
}

/** Nested blocks of one kind become one block (→(→(a, b), c) is →(a, b, c)); a choice keeps one τ. */
function flatten(tree: ProcessTree): ProcessTree {
  if (tree.kind === 'loop') return { kind: 'loop', body: flatten(tree.body), redo: flatten(tree.redo) };
  if (tree.kind !== 'sequence' && tree.kind !== 'choice' && tree.kind !== 'parallel') return tree;
  const children = tree.children.map(flatten).flatMap((c) => (c.kind === tree.kind ? c.children : [c]));
  const kept =
    tree.kind === 'choice'
      ? children.filter((c, i) => c.kind !== 'tau' || children.findIndex((d) => d.kind === 'tau') === i)
      : children;
  return { kind: tree.kind, children: kept };
}

const MAX_DEPTH = 200;

function mine(log: readonly Trace[], depth: number): ProcessTree {
  const nonEmpty = log.filter((t) => t.activities.length > 0);
  if (nonEmpty.length === 0) return tau;
  if (nonEmpty.length < log.length) return { kind: 'choice', children: [tau, mine(nonEmpty, depth + 1)] };
  const dfg = dfgOf(log);
  if (dfg.activities.length === 1) {
    const label = dfg.activities[0]!;
    const once = log.every((t) => t.activities.length === 1);
    return once
      ? { kind: 'activity', label }
      : { kind: 'loop', body: { kind: 'activity', label }, redo: tau };
  }
  if (depth > MAX_DEPTH) return flower(dfg);
  const choice = choiceCut(dfg);
  // Each case lies within one part of a choice: it goes there whole.
  if (choice)
    return { kind: 'choice', children: choice.map((part) => mine(log.filter(inSet(part)), depth + 1)) };
  const sequence = sequenceCut(dfg);
  if (sequence)
    return { kind: 'sequence', children: sequence.map((part) => mine(project(log, part), depth + 1)) };
  const parallel = parallelCut(dfg);
  if (parallel)
    return { kind: 'parallel', children: parallel.map((part) => mine(project(log, part), depth + 1)) };
  const loop = loopCut(dfg);
  if (loop) {
    const [bodyLog, redoLog] = loopSplit(log, loop.body);
    const redo =
      loop.redo.length === 1
        ? mine(redoLog, depth + 1)
        : {
            kind: 'choice' as const,
            children: loop.redo.map((part) => mine(redoLog.filter(inSet(part)), depth + 1)),
          };
    return { kind: 'loop', body: mine(bodyLog, depth + 1), redo };
  }
  const repeated = tauLoopSplit(log, dfg);
  if (repeated) return { kind: 'loop', body: mine(repeated, depth + 1), redo: tau };
  return flower(dfg);
}

const inSet =
  (part: ReadonlySet<string>) =>
  (t: Trace): boolean =>
    t.activities.every((a) => part.has(a));

function flower(dfg: Dfg): ProcessTree {
  return {
    kind: 'loop',
    body: { kind: 'choice', children: dfg.activities.map((label) => ({ kind: 'activity', label })) },
    redo: tau,
  };
}

function dfgOf(log: readonly Trace[]): Dfg {
  const activities = new Set<string>();
  const edges = new Map<string, Set<string>>();
  const starts = new Set<string>();
  const ends = new Set<string>();
  for (const { activities: trace } of log) {
    if (trace.length === 0) continue;
    starts.add(trace[0]!);
    ends.add(trace.at(-1)!);
    trace.forEach((a, i) => {
      activities.add(a);
      if (i > 0) {
        const from = trace[i - 1]!;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(a);
      }
    });
  }
  return { activities: [...activities], edges, starts, ends };
}

const follows = (dfg: Dfg, a: string, b: string): boolean => dfg.edges.get(a)?.has(b) ?? false;

/** Components of an undirected graph over `nodes`, where `linked` says which pairs connect. */
function components(nodes: readonly string[], linked: (a: string, b: string) => boolean): string[][] {
  const seen = new Set<string>();
  const result: string[][] = [];
  for (const start of nodes) {
    if (seen.has(start)) continue;
    const part = [start];
    seen.add(start);
    for (let i = 0; i < part.length; i++) {
      for (const other of nodes) {
        if (!seen.has(other) && linked(part[i]!, other)) {
          seen.add(other);
          part.push(other);
        }
      }
    }
    result.push(part);
  }
  return result;
}

function choiceCut(dfg: Dfg): Set<string>[] | undefined {
  const parts = components(dfg.activities, (a, b) => follows(dfg, a, b) || follows(dfg, b, a));
  return parts.length > 1 ? parts.map((p) => new Set(p)) : undefined;
}

function reachability(dfg: Dfg): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  for (const a of dfg.activities) {
    const seen = new Set<string>();
    const stack = [...(dfg.edges.get(a) ?? [])];
    while (stack.length > 0) {
      const b = stack.pop()!;
      if (seen.has(b)) continue;
      seen.add(b);
      stack.push(...(dfg.edges.get(b) ?? []));
    }
    reach.set(a, seen);
  }
  return reach;
}

/**
 * Groups that follow each other: activities that reach each other (a cycle) or neither
 * reaches the other (no order) share a group; the groups are then ordered by reachability.
 */
function sequenceCut(dfg: Dfg): Set<string>[] | undefined {
  const reach = reachability(dfg);
  const r = (a: string, b: string): boolean => reach.get(a)!.has(b);
  const groups = components(dfg.activities, (a, b) => r(a, b) === r(b, a));
  if (groups.length < 2) return undefined;
  groups.sort((x, y) => (r(x[0]!, y[0]!) ? -1 : r(y[0]!, x[0]!) ? 1 : 0));
  // every pair of groups must be ordered one way only
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      for (const a of groups[i]!) for (const b of groups[j]!) if (r(b, a) || !r(a, b)) return undefined;
    }
  }
  return groups.map((g) => new Set(g));
}

/** Parts where every activity of one part follows and precedes every activity of the others. */
function parallelCut(dfg: Dfg): Set<string>[] | undefined {
  const parts = components(dfg.activities, (a, b) => !(follows(dfg, a, b) && follows(dfg, b, a)));
  if (parts.length < 2) return undefined;
  // each branch must be able to begin and end a case; merge those that cannot into a neighbour
  const good = parts.filter((p) => p.some((a) => dfg.starts.has(a)) && p.some((a) => dfg.ends.has(a)));
  const bad = parts.filter((p) => !good.includes(p));
  if (good.length === 0) return undefined;
  for (const p of bad) good[0]!.push(...p);
  return good.length > 1 ? good.map((p) => new Set(p)) : undefined;
}

function loopCut(dfg: Dfg): { body: Set<string>; redo: Set<string>[] } | undefined {
  const boundary = new Set([...dfg.starts, ...dfg.ends]);
  const inner = dfg.activities.filter((a) => !boundary.has(a));
  const parts = components(inner, (a, b) => follows(dfg, a, b) || follows(dfg, b, a));
  const body = new Set(boundary);
  const redo: Set<string>[] = [];
  for (const part of parts) {
    const fromStart = part.some((b) => [...dfg.starts].some((s) => follows(dfg, s, b)));
    const toEnd = part.some((b) => [...dfg.ends].some((e) => follows(dfg, b, e)));
    // a redo part is entered only from every end activity and left only to every start activity
    const entries = part.filter((b) => dfg.activities.some((x) => !part.includes(x) && follows(dfg, x, b)));
    const exits = part.filter((b) => dfg.activities.some((x) => !part.includes(x) && follows(dfg, b, x)));
    const clean =
      !fromStart &&
      !toEnd &&
      entries.every(
        (b) =>
          [...dfg.ends].every((e) => follows(dfg, e, b)) &&
          dfg.activities.every((x) => part.includes(x) || !follows(dfg, x, b) || dfg.ends.has(x)),
      ) &&
      exits.every(
        (b) =>
          [...dfg.starts].every((s) => follows(dfg, b, s)) &&
          dfg.activities.every((x) => part.includes(x) || !follows(dfg, b, x) || dfg.starts.has(x)),
      );
    if (clean) redo.push(new Set(part));
    else for (const a of part) body.add(a);
  }
  return redo.length > 0 ? { body, redo } : undefined;
}

/**
 * When a case ends an iteration and starts the next with nothing in between (an end activity
 * directly followed by a start activity), the traces split there into runs of a loop whose
 * redo part is silent. Undefined when no trace splits.
 */
function tauLoopSplit(log: readonly Trace[], dfg: Dfg): Trace[] | undefined {
  let split = false;
  const runs: Trace[] = [];
  for (const t of log) {
    let from = 0;
    for (let i = 1; i < t.activities.length; i++) {
      if (dfg.ends.has(t.activities[i - 1]!) && dfg.starts.has(t.activities[i]!)) {
        runs.push({ activities: t.activities.slice(from, i), count: t.count });
        from = i;
        split = true;
      }
    }
    runs.push({ activities: t.activities.slice(from), count: t.count });
  }
  return split ? merge(runs) : undefined;
}

function project(log: readonly Trace[], part: ReadonlySet<string>): Trace[] {
  return merge(log.map((t) => ({ activities: t.activities.filter((a) => part.has(a)), count: t.count })));
}

/** Splits each trace into its body runs and redo runs, which alternate. */
function loopSplit(log: readonly Trace[], body: ReadonlySet<string>): [Trace[], Trace[]] {
  const bodies: Trace[] = [];
  const redos: Trace[] = [];
  for (const t of log) {
    let run: string[] = [];
    let inBody = true;
    for (const a of t.activities) {
      if (body.has(a) !== inBody) {
        (inBody ? bodies : redos).push({ activities: run, count: t.count });
        run = [];
        inBody = !inBody;
      }
      run.push(a);
    }
    (inBody ? bodies : redos).push({ activities: run, count: t.count });
  }
  return [merge(bodies), merge(redos)];
}

/** Identical traces folded into one with the summed count. */
function merge(log: readonly Trace[]): Trace[] {
  const byKey = new Map<string, { activities: readonly string[]; count: number }>();
  for (const t of log) {
    const key = t.activities.join('\u0000');
    const seen = byKey.get(key);
    if (seen) seen.count += t.count;
    else byKey.set(key, { activities: t.activities, count: t.count });
  }
  return [...byKey.values()];
}
