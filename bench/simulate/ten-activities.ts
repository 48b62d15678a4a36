/**
 * The benchmark's model and scenario: ten activities in a row shared among three pools, cases
 * arriving as a Poisson process at about 80% utilisation of the busiest pool.
 */
import { process as bpmn } from '../../src/model/index.js';
import type { ProcessGraph } from '../../src/model/graph.js';
import { parseScenario, type Scenario } from '../../src/simulate/scenario.js';

export function tenActivityModel(): ProcessGraph {
  let builder = bpmn('ten-activities').startEvent('start');
  for (let i = 1; i <= 10; i++) builder = builder.userTask(`a${i}`);
  return builder.endEvent('end').build();
}

export function tenActivityScenario(cases: number): Scenario {
  const pools = ['intake', 'review', 'finance'];
  return parseScenario({
    cases,
    warmUp: Math.floor(cases / 20),
    arrivals: { kind: 'poisson', rate: 1, per: 60 },
    pools: { intake: { size: 5 }, review: { size: 4 }, finance: { size: 3 } },
    activities: Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `a${i + 1}`,
        { duration: { kind: 'exponential', mean: i % 3 === 2 ? 50 : 60 }, pool: pools[i % 3] },
      ]),
    ),
  });
}

/**
 * The same work done by named people of a directory (5, 4 and 3 in three teams), each task
 * routed by src/work's assignment (round robin), as a live user task would be.
 */
export function tenActivityNamedScenario(cases: number): Scenario {
  const anonymous = tenActivityScenario(cases);
  const teams = Object.entries(anonymous.pools!).map(([id, p]) => ({ id, size: p.size! }));
  const users = teams.flatMap((t) =>
    Array.from({ length: t.size }, (_, i) => ({
      id: `${t.id}-${i + 1}`,
      name: `${t.id} ${i + 1}`,
      groups: [t.id],
    })),
  );
  return parseScenario({
    ...anonymous,
    directory: { users, groups: teams.map((t) => ({ id: t.id, name: t.id, kind: 'team' })) },
    pools: Object.fromEntries(teams.map((t) => [t.id, { groups: [t.id], strategy: 'round-robin' }])),
  });
}
