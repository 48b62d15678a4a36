/**
 * Calibration on real logs with ground truth (/work/shared/data/logs, 4TU.ResearchData logs
 * via pm4py's test data): the baseline fitted to a log must replay with a median cycle time
 * close to the log's own, which the ground truth file states independently.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLogFile } from '../../src/insight/import-log-file.js';
import { calibrate } from '../../src/simulate/calibrate.js';
import { simulate } from '../../src/simulate/replications.js';
import { toXes } from '../../src/insight/xes-export.js';
import { importXes } from '../../src/insight/xes-import.js';
import { simulatedLog } from '../../src/simulate/replications.js';

const logs = new URL('../../../shared/data/logs/', import.meta.url);
const truth = (name: string): number =>
  (
    JSON.parse(readFileSync(new URL(name, logs), 'utf8')) as {
      stats: { case_duration_seconds: { median: number } };
    }
  ).stats.case_duration_seconds.median;

describe('a baseline calibrated from a log', () => {
  it.each([
    { log: 'helpdesk.xes.gz', stats: 'helpdesk.stats.json', within: 0.05 },
    { log: '02_teleclaims.xes.gz', stats: '02_teleclaims.stats.json', within: 0.05 },
    { log: '03_repairExample.xes.gz', stats: '03_repairExample.stats.json', within: 0.05 },
  ])('replays $log with its median cycle time within $within', async ({ log, stats, within }) => {
    const { log: events } = await importLogFile(new URL(log, logs).pathname);
    const fitted = calibrate(events);
    expect(fitted.observed.medianCycleTime).toBeCloseTo(truth(stats), 0);
    const report = simulate(fitted.graph, fitted.scenario, { runs: 2, seed: 1 });
    const median = report.baseline.cycleTime.median.mean;
    expect(Math.abs(median / truth(stats) - 1)).toBeLessThan(within);
  });

  it('puts activities whose starts the log records into pools of the people seen at work', async () => {
    const { log } = await importLogFile(new URL('03_repairExample.xes.gz', logs).pathname);
    const fitted = calibrate(log);
    const pools = Object.values(fitted.scenario.pools ?? {});
    expect(pools.length).toBeGreaterThan(0);
    const pooled = Object.values(fitted.scenario.activities ?? {}).filter((a) => a.pool !== undefined);
    expect(pooled.every((a) => a.delay !== undefined && a.duration !== undefined)).toBe(true);
    expect(fitted.resources.every((r) => r.people > 0)).toBe(true);
  });

  it('keeps a log without start events free of pools, and says why', async () => {
    const { log } = await importLogFile(new URL('helpdesk.xes.gz', logs).pathname);
    const fitted = calibrate(log);
    expect(fitted.scenario.pools).toBeUndefined();
    expect(fitted.notes.join('\n')).toContain('the log does not say when work started');
  });

  it('uses the branch weights of a given model, and says which activities the log lacks', async () => {
    const { process: bpmn } = await import('../../src/model/index.js');
    const { log } = await importLogFile(new URL('running-example.xes', logs).pathname);
    const graph = bpmn('running')
      .startEvent('s')
      .userTask('register', { name: 'register request' })
      .exclusiveGateway('how')
      .flow('how', 'thorough', { condition: 'thorough = true' })
      .userTask('thorough', { name: 'examine thoroughly' })
      .exclusiveGateway('join')
      .userTask('never', { name: 'not in the log' })
      .endEvent('e')
      .from('how', { default: true })
      .userTask('casual', { name: 'examine casually' })
      .to('join')
      .build();
    const fitted = calibrate(log, { graph });
    expect(fitted.scenario.branches).toEqual({ 'how-thorough': 3, 'how-casual': 6 });
    expect(fitted.notes).toContain(
      "activity 'not in the log' of the model never occurs in the log: it takes no time",
    );
  });
});

describe('a simulated log', () => {
  it('exports as XES that insight reads back with the same cases and events', async () => {
    const { process: bpmn } = await import('../../src/model/index.js');
    const { parseScenario } = await import('../../src/simulate/scenario.js');
    const graph = bpmn('line').startEvent('s').userTask('a').userTask('b').endEvent('e').build();
    const scenario = parseScenario({
      cases: 20,
      arrivals: { kind: 'poisson', rate: 4 },
      pools: { team: { size: 1 } },
      activities: { a: { duration: { kind: 'fixed', value: 'PT10M' }, pool: 'team' }, b: { pool: 'team' } },
    });
    const log = simulatedLog(graph, scenario, 3);
    expect(log.caseCount).toBe(20);
    expect(log.eventCount).toBe(20 * 2 * 3);
    const back = (await importXes(toXes(log))).log;
    expect(back.caseCount).toBe(20);
    expect([...back.time]).toEqual([...log.time]);
    expect(back.resources).toEqual(['team-1']);
  });
});

describe('working hours seen in a log', () => {
  it('are the weekdays and the span of hours that hold the work', async () => {
    const { seenHours } = await import('../../src/simulate/calibrate-resources.js');
    const monday = Date.UTC(2025, 0, 6);
    const times: number[] = [];
    for (let week = 0; week < 4; week++)
      for (let day = 0; day < 5; day++)
        for (let hour = 9; hour < 17; hour++)
          times.push(monday + ((week * 7 + day) * 24 + hour) * 3_600_000 + 1_800_000);
    expect(seenHours(times)).toBe('mon-fri 09:00-17:00');
  });

  it('are not guessed from a few days, nor from dates without a time of day', async () => {
    const { seenHours } = await import('../../src/simulate/calibrate-resources.js');
    const monday = Date.UTC(2025, 0, 6);
    expect(seenHours([monday + 9 * 3_600_000, monday + 86_400_000 + 15 * 3_600_000])).toBeUndefined();
    expect(seenHours(Array.from({ length: 60 }, (_, d) => monday + d * 86_400_000))).toBeUndefined();
  });
});
