/**
 * The simulator against queueing theory: an M/M/c station must wait as long as Erlang C says,
 * and a tandem line of two such stations as the Jackson network (each station an independent
 * M/M/c fed by a Poisson stream, Burke's theorem). Case counts and seeds are fixed, so the
 * figures are the same on every run; the counts are large enough that statistical error stays
 * well inside the tolerance.
 */
import { describe, expect, it } from 'vitest';
import { process as bpmn } from '../../src/model/index.js';
import { simulate } from '../../src/simulate/replications.js';
import { parseScenario } from '../../src/simulate/scenario.js';
import { erlangCWait } from './queueing.js';

const station = bpmn('mmc').startEvent('arrive').userTask('serve').endEvent('leave').build();

const mmc = (c: number, lambda: number, cases: number) =>
  parseScenario({
    cases,
    warmUp: 2000,
    arrivals: { kind: 'poisson', rate: lambda, per: 1 },
    pools: { servers: { size: c } },
    activities: { serve: { duration: { kind: 'exponential', mean: 1 }, pool: 'servers' } },
  });

describe('one task with Poisson arrivals, exponential service and c servers', () => {
  it.each([
    { c: 1, utilisation: 0.5, cases: 100_000, runs: 2 },
    { c: 1, utilisation: 0.8, cases: 200_000, runs: 3 },
    { c: 2, utilisation: 0.7, cases: 150_000, runs: 2 },
    { c: 2, utilisation: 0.9, cases: 400_000, runs: 3 },
    { c: 5, utilisation: 0.6, cases: 100_000, runs: 3 },
    { c: 5, utilisation: 0.9, cases: 300_000, runs: 3 },
  ])(
    'waits as Erlang C says within 3% with c = $c at utilisation $utilisation',
    ({ c, utilisation, cases, runs }) => {
      const lambda = utilisation * c;
      const result = simulate(station, mmc(c, lambda, cases), { runs, seed: 1 }).baseline;
      const theory = erlangCWait(c, lambda, 1);
      expect(Math.abs(result.waitingTime.mean / theory - 1)).toBeLessThan(0.03);
      expect(result.utilisation.servers!.mean).toBeCloseTo(utilisation, 1);
    },
  );
});

describe('a tandem line of two stations', () => {
  it('takes as long end to end as the Jackson network says, within 3%', () => {
    const line = bpmn('tandem')
      .startEvent('arrive')
      .userTask('first')
      .userTask('second')
      .endEvent('leave')
      .build();
    const lambda = 0.8;
    const scenario = parseScenario({
      cases: 200_000,
      warmUp: 2000,
      arrivals: { kind: 'poisson', rate: lambda, per: 1 },
      pools: { one: { size: 1 }, two: { size: 2 } },
      activities: {
        first: { duration: { kind: 'exponential', mean: 1 }, pool: 'one' },
        second: { duration: { kind: 'exponential', mean: 2 }, pool: 'two' },
      },
    });
    const result = simulate(line, scenario, { runs: 3, seed: 1 }).baseline;
    const sojourn = erlangCWait(1, lambda, 1) + 1 + erlangCWait(2, lambda, 0.5) + 2;
    expect(Math.abs(result.cycleTime.mean.mean / sojourn - 1)).toBeLessThan(0.03);
  });
});

describe('the same seed', () => {
  it('gives the same result, and another seed a different one', () => {
    const scenario = mmc(2, 1.4, 5000);
    const a = simulate(station, scenario, { runs: 2, seed: 42 });
    const b = simulate(station, scenario, { runs: 2, seed: 42 });
    const c = simulate(station, scenario, { runs: 2, seed: 43 });
    expect(b).toEqual(a);
    expect(c.baseline.waitingTime.mean).not.toEqual(a.baseline.waitingTime.mean);
  });
});
