/** What-ifs against a baseline, and scenarios that are wrong saying where. */
import { describe, expect, it } from 'vitest';
import { process as bpmn } from '../../src/model/index.js';
import { simulate } from '../../src/simulate/replications.js';
import { parseScenario } from '../../src/simulate/scenario.js';

const desk = bpmn('desk').startEvent('s').userTask('serve').endEvent('e').build();
const scenario = parseScenario({
  cases: 3000,
  warmUp: 300,
  arrivals: { kind: 'poisson', rate: 50, per: 'PT1H' },
  pools: { clerks: { size: 1, costPerHour: 60 } },
  activities: { serve: { duration: { kind: 'exponential', mean: 'PT1M' }, pool: 'clerks' } },
  sla: { case: 'PT5M' },
  whatIf: [
    { name: 'a second clerk', pools: { clerks: { size: 2 } } },
    { name: 'automated', activities: { serve: { automate: true, duration: { kind: 'fixed', value: 1 } } } },
  ],
});

describe('what-ifs compared with the baseline', () => {
  const report = simulate(desk, scenario, { runs: 4, seed: 7 });
  it('show a second clerk cutting waiting and SLA breaches, with intervals that exclude no change', () => {
    const [second] = report.whatIf;
    expect(second!.difference.waitingTime.high).toBeLessThan(0);
    expect(second!.difference.slaBreachRate.high).toBeLessThan(0);
    expect(second!.utilisation.clerks!.mean).toBeLessThan(report.baseline.utilisation.clerks!.mean);
  });
  it('show an automated task costing nothing and waiting for no one', () => {
    const automated = report.whatIf[1]!;
    expect(automated.waitingTime.mean).toBe(0);
    expect(automated.cost.mean).toBe(0);
    expect(report.baseline.cost.mean).toBeCloseTo(1, 1);
  });
});

describe('a scenario with mistakes', () => {
  it('names every field that is wrong', () => {
    expect(() =>
      parseScenario({ arrivals: { kind: 'poisson', rate: -1 }, pools: { clerks: { size: 'two' } } }),
    ).toThrow(/arrivals\.rate: .*; pools\.clerks\.size: /);
  });
  it('names an activity the model does not have', () => {
    const wrong = parseScenario({
      arrivals: { kind: 'poisson', rate: 1 },
      activities: { sevre: { duration: { kind: 'fixed', value: 1 } } },
    });
    expect(() => simulate(desk, wrong, { runs: 1 })).toThrow(
      "activities.sevre names 'sevre', which is neither the id nor the name",
    );
  });
});
