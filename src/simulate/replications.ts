/**
 * Replications and what-if comparison. Each scenario runs `runs` times with seeds seed,
 * seed+1, ...; the baseline and every what-if use the same seeds (common random numbers), so
 * a difference between them comes from the change, not from luck, and its confidence
 * interval is taken over the paired differences. Intervals are 95%, Student's t over runs.
 */
import type { ProcessGraph } from '../model/graph.js';
import type { EventLog } from '../insight/event-log.js';
import { applyWhatIf, type Scenario } from './scenario.js';
import { compileModel } from './sim-model.js';
import type { RunSummary } from './run-stats.js';
import { lifecycles, simulateOnce } from './simulator.js';

export interface Estimate {
  readonly mean: number;
  /** The 95% confidence interval; equal to the mean with a single run. */
  readonly low: number;
  readonly high: number;
}

export interface ScenarioResult {
  readonly name: string;
  readonly runs: number;
  /** Measured cases per run (after the warm-up), averaged. */
  readonly cases: number;
  readonly cycleTime: { readonly mean: Estimate; readonly median: Estimate; readonly p90: Estimate };
  readonly waitingTime: Estimate;
  readonly cost: Estimate;
  readonly slaBreachRate: Estimate;
  readonly utilisation: Readonly<Record<string, Estimate>>;
  /** Per activity: executions per run and mean waiting and processing seconds, averaged over runs. */
  readonly activities: readonly {
    id: string;
    name: string;
    executions: number;
    waiting: number;
    processing: number;
    slaBreachRate: number;
  }[];
  readonly unfinished: number;
  readonly failed: number;
  readonly executions: number;
  readonly notes: readonly string[];
}

export interface WhatIfResult extends ScenarioResult {
  /** What-if minus baseline, paired by seed. */
  readonly difference: {
    readonly cycleTime: Estimate;
    readonly waitingTime: Estimate;
    readonly cost: Estimate;
    readonly slaBreachRate: Estimate;
  };
}

export interface SimulationReport {
  readonly processId: string;
  readonly seed: number;
  readonly baseline: ScenarioResult;
  readonly whatIf: readonly WhatIfResult[];
}

export interface SimulationOptions {
  readonly runs?: number;
  readonly seed?: number;
}

export function simulate(
  graph: ProcessGraph,
  scenario: Scenario,
  options: SimulationOptions = {},
): SimulationReport {
  const runs = options.runs ?? 5;
  const seed = options.seed ?? 1;
  const base = runScenario(graph, scenario, runs, seed);
  const whatIf = (scenario.whatIf ?? []).map((change) => {
    const variant = runScenario(graph, applyWhatIf(scenario, change), runs, seed);
    const paired = (f: (s: RunSummary) => number): Estimate =>
      estimate(variant.summaries.map((s, i) => f(s) - f(base.summaries[i]!)));
    return {
      ...variant.result,
      difference: {
        cycleTime: paired((s) => s.cycleTime.mean),
        waitingTime: paired((s) => s.waitingTime),
        cost: paired((s) => s.cost),
        slaBreachRate: paired((s) => s.slaBreachRate),
      },
    };
  });
  return { processId: graph.id, seed, baseline: base.result, whatIf };
}

function runScenario(
  graph: ProcessGraph,
  scenario: Scenario,
  runs: number,
  seed: number,
): { result: ScenarioResult; summaries: RunSummary[] } {
  const model = compileModel(graph, scenario);
  const summaries = Array.from({ length: runs }, (_, i) =>
    simulateOnce(model, scenario, { seed: seed + i }).summary(),
  );
  const over = (f: (s: RunSummary) => number): Estimate => estimate(summaries.map(f));
  const avg = (f: (s: RunSummary) => number): number => summaries.reduce((a, s) => a + f(s), 0) / runs;
  const first = summaries[0]!;
  return {
    summaries,
    result: {
      name: scenario.name ?? 'baseline',
      runs,
      cases: avg((s) => s.cases),
      cycleTime: {
        mean: over((s) => s.cycleTime.mean),
        median: over((s) => s.cycleTime.median),
        p90: over((s) => s.cycleTime.p90),
      },
      waitingTime: over((s) => s.waitingTime),
      cost: over((s) => s.cost),
      slaBreachRate: over((s) => s.slaBreachRate),
      utilisation: Object.fromEntries(
        first.pools.map((p, i) => [p.id, over((s) => s.pools[i]!.utilisation)]),
      ),
      activities: first.activities.map((a) => {
        const all = summaries
          .map((s) => s.activities.find((x) => x.id === a.id))
          .filter((x) => x !== undefined);
        const mean = (f: (x: (typeof all)[number]) => number): number =>
          all.reduce((sum, x) => sum + f(x), 0) / all.length;
        return {
          id: a.id,
          name: a.name,
          executions: mean((x) => x.executions),
          waiting: mean((x) => x.waiting),
          processing: mean((x) => x.processing),
          slaBreachRate: mean((x) => x.slaBreachRate),
        };
      }),
      unfinished: avg((s) => s.unfinished),
      failed: avg((s) => s.failed),
      executions: summaries.reduce((a, s) => a + s.executions, 0),
      notes: model.notes,
    },
  };
}

/** One recorded run as an event log (schedule, start, complete), for insight and XES export. */
export function simulatedLog(graph: ProcessGraph, scenario: Scenario, seed = 1): EventLog {
  const stats = simulateOnce(compileModel(graph, scenario), scenario, { seed, record: true });
  return stats.eventLog(`simulation:${graph.id}`, lifecycles);
}

/** Two-sided 95% quantiles of Student's t for 1 to 30 degrees of freedom. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function estimate(values: readonly number[]): Estimate {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean };
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = (T95[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half };
}
