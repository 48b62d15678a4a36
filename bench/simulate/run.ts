/**
 * `node --import tsx bench/simulate/run.ts [--quick]`: simulated activity executions per CPU
 * second on ten activities in a row shared by three pools (bench/simulate/ten-activities.ts),
 * for the target of issue 9 (at least 1,000,000), side by side for pools of interchangeable
 * people (the fast path) and pools of named people assigned by src/work's strategies. CPU time
 * comes from process.cpuUsage, so a busy machine slows the wall clock but not the figure much;
 * rounds of the two alternate, after a round of each to warm the JIT, and the median is reported.
 */
import type { Scenario } from '../../src/simulate/scenario.js';
import { compileModel } from '../../src/simulate/sim-model.js';
import { simulateOnce } from '../../src/simulate/simulator.js';
import { tenActivityModel, tenActivityNamedScenario, tenActivityScenario } from './ten-activities.js';

const quick = process.argv.includes('--quick');
const cases = quick ? 50_000 : 200_000;
const rounds = quick ? 2 : 5;
const graph = tenActivityModel();
const variants = [
  { name: 'interchangeable people', scenario: tenActivityScenario(cases) },
  { name: 'named people, round robin by src/work', scenario: tenActivityNamedScenario(cases / 4) },
].map((v) => ({ ...v, model: compileModel(graph, v.scenario), perCpuSecond: [] as number[] }));

function measure(scenario: Scenario, model: ReturnType<typeof compileModel>, seed: number): number {
  const before = process.cpuUsage();
  const stats = simulateOnce(model, scenario, { seed });
  const used = process.cpuUsage(before);
  return stats.executions / ((used.user + used.system) / 1e6);
}

for (let round = 0; round <= rounds; round++)
  for (const v of variants) {
    const rate = measure(v.scenario, v.model, round + 1);
    if (round > 0) v.perCpuSecond.push(rate);
  }
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = variants.map((v) => ({
  variant: v.name,
  casesPerRound: v.scenario.cases,
  medianPerCpuSecond: Math.round(median(v.perCpuSecond)),
  bestPerCpuSecond: Math.round(Math.max(...v.perCpuSecond)),
}));
console.log(
  JSON.stringify(
    {
      benchmark: 'simulate: ten activities, three pools',
      results,
      namedOverInterchangeable: Number(
        (results[1]!.medianPerCpuSecond / results[0]!.medianPerCpuSecond).toFixed(3),
      ),
      target: 1_000_000,
      met: results[0]!.medianPerCpuSecond >= 1_000_000,
    },
    null,
    2,
  ),
);
