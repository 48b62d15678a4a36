/**
 * Multi-instance activities and loops run as many times as the model or the scenario says:
 * parallel instances at once (and each waits for a person), sequential ones one after another.
 */
import { describe, expect, it } from 'vitest';
import { process as bpmn } from '../../src/model/index.js';
import { simulate } from '../../src/simulate/replications.js';
import { parseScenario } from '../../src/simulate/scenario.js';

const checks = (sequential: boolean) =>
  bpmn('checks')
    .startEvent('s')
    .userTask('check', { multiInstance: { sequential, collection: 'documents', elementVariable: 'doc' } })
    .endEvent('e')
    .build();

const run = (graph: ReturnType<typeof checks>, more: Record<string, unknown> = {}) =>
  simulate(
    graph,
    parseScenario({
      cases: 10,
      arrivals: { kind: 'empirical', interArrival: { kind: 'fixed', value: 'P1D' } },
      activities: {
        check: { duration: { kind: 'fixed', value: 'PT10M' }, instances: { kind: 'fixed', value: 4 } },
      },
      ...more,
    }),
    { runs: 1 },
  ).baseline;

describe('a multi-instance task over a generated collection size', () => {
  it('runs every instance at once when parallel', () => {
    const result = run(checks(false));
    expect(result.activities.find((a) => a.id === 'check')!.executions).toBe(40);
    expect(result.cycleTime.mean.mean).toBeCloseTo(600, 6);
  });

  it('runs them one after another when sequential', () => {
    expect(run(checks(true)).cycleTime.mean.mean).toBeCloseTo(2400, 6);
  });

  it('makes parallel instances wait for the people of their pool', () => {
    const result = run(checks(false), {
      pools: { clerks: { size: 2 } },
      activities: {
        check: {
          duration: { kind: 'fixed', value: 'PT10M' },
          instances: { kind: 'fixed', value: 4 },
          pool: 'clerks',
        },
      },
    });
    expect(result.cycleTime.mean.mean).toBeCloseTo(1200, 6);
  });
});

describe('a loop', () => {
  it("runs as often as its condition holds on the case's data", () => {
    const graph = bpmn('retry')
      .startEvent('s')
      .userTask('call', { loop: { condition: 'loopCounter < tries' } })
      .endEvent('e')
      .build();
    const result = run(graph, {
      data: { tries: { kind: 'fixed', value: 3 } },
      activities: { call: { duration: { kind: 'fixed', value: 'PT10M' } } },
    });
    expect(result.activities.find((a) => a.id === 'call')!.executions).toBe(30);
    expect(result.cycleTime.mean.mean).toBeCloseTo(1800, 6);
  });

  it('is refused when its condition never stops holding', () => {
    const graph = bpmn('forever')
      .startEvent('s')
      .userTask('call', { loop: { condition: 'true' } })
      .endEvent('e')
      .build();
    expect(() => run(graph, { activities: {} })).toThrow(
      "the loop 'call' still holds after 10000 runs on the generated case data",
    );
  });
});
