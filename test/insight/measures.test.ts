/**
 * The measures on small logs whose answers can be worked out by hand: a claims process where
 * two clerks hand work to each other, one case loops back, and lifecycle pairs say when work
 * was offered, begun and done.
 */
import { describe, expect, it } from 'vitest';
import { activityTimes } from '../../src/insight/activity-times.js';
import { bottlenecks } from '../../src/insight/bottlenecks.js';
import { directlyFollows } from '../../src/insight/directly-follows.js';
import { eventLogOf } from '../../src/insight/event-log-builder.js';
import { variantStats } from '../../src/insight/process-map.js';
import { handovers, workload } from '../../src/insight/resources.js';
import { rework } from '../../src/insight/rework.js';
import { distribution } from '../../src/insight/statistics.js';
import { arrivalRate, throughput } from '../../src/insight/time-series.js';

const H = 3_600_000;
const t0 = Date.UTC(2024, 0, 1, 8); // a Monday
const at = (hours: number): number => t0 + hours * H;

/** register → (offered, begun, done) check → decide; case 2 checks twice. */
const claims = eventLogOf({
  c1: [
    { activity: 'register', time: at(0), resource: 'ann' },
    { activity: 'check', time: at(1), resource: 'bob', lifecycle: 'schedule' },
    { activity: 'check', time: at(3), resource: 'bob', lifecycle: 'start' },
    { activity: 'check', time: at(4), resource: 'bob', lifecycle: 'complete' },
    { activity: 'decide', time: at(6), resource: 'ann' },
  ],
  c2: [
    { activity: 'register', time: at(24), resource: 'ann' },
    { activity: 'check', time: at(25), resource: 'bob', lifecycle: 'start' },
    { activity: 'check', time: at(27), resource: 'bob', lifecycle: 'complete' },
    { activity: 'check', time: at(30), resource: 'cy', lifecycle: 'start' },
    { activity: 'check', time: at(31), resource: 'cy', lifecycle: 'complete' },
    { activity: 'decide', time: at(34), resource: 'ann' },
  ],
});

describe('measures on a claims log', () => {
  it('pairs lifecycle transitions into processing and waiting times per activity', () => {
    const check = activityTimes(claims).find((a) => a.activity === 'check')!;
    expect(check.executions).toBe(3);
    expect(check.processing).toMatchObject({ count: 3, min: 3600, max: 7200, median: 3600 });
    expect(check.waiting).toMatchObject({ count: 1, median: 7200 }); // offered at 1 h, begun at 3 h
  });

  it('counts rework as executions beyond the first, not as start and complete events', () => {
    expect(rework(claims)).toEqual({
      casesWithRework: 1,
      rate: 0.5,
      activities: [{ activity: 'check', cases: 1, repeats: 1 }],
    });
  });

  it('counts handovers between consecutive executions by different people', () => {
    expect(handovers(claims)).toEqual([
      { from: 'ann', to: 'bob', count: 2 },
      { from: 'bob', to: 'ann', count: 1 },
      { from: 'bob', to: 'cy', count: 1 },
      { from: 'cy', to: 'ann', count: 1 },
    ]);
    expect(workload(claims).map((w) => [w.resource, w.events, w.cases])).toEqual([
      ['bob', 5, 2],
      ['ann', 4, 2],
      ['cy', 2, 1],
    ]);
  });

  it('ranks where cases wait, with the share of all cycle time', () => {
    const { totalCycleSeconds, activities } = bottlenecks(claims);
    expect(totalCycleSeconds).toBe((6 + 10) * 3600);
    // check waits 1 h (c1: register 0 h → start 3 h is 3 h), decide waits 2 h + 3 h
    const check = activities.find((a) => a.activity === 'check')!;
    expect(check.totalSeconds).toBe((3 + 1 + 3) * 3600);
    expect(check.shareOfCycleTime).toBeCloseTo(7 / 16);
    expect(activities[0]!.activity).toBe('check');
  });

  it('gives the directly-follows graph with times, and filters rare edges', () => {
    const edges = directlyFollows(claims, { lifecycle: 'complete' });
    expect(edges.find((e) => e.from === 'check' && e.to === 'decide')).toMatchObject({
      count: 2,
      meanSeconds: (2 + 3) * 1800,
      medianSeconds: 9000,
    });
    expect(
      directlyFollows(claims, { lifecycle: 'complete', minCount: 2 }).map((e) => `${e.from}>${e.to}`),
    ).toEqual(['check>decide', 'register>check']);
  });

  it('lists variants with their counts and durations', () => {
    expect(variantStats(claims).map((v) => [v.count, v.medianSeconds])).toEqual([
      [1, 6 * 3600],
      [1, 10 * 3600],
    ]);
  });

  it('counts arrivals, completions and work in progress per period', () => {
    expect(throughput(claims, 'day')).toEqual([
      { period: '2024-01-01', arrived: 1, finished: 1, inProgress: 0 },
      { period: '2024-01-02', arrived: 1, finished: 1, inProgress: 0 },
    ]);
    expect(throughput(claims, 'week')[0]).toMatchObject({ period: '2024-01-01', arrived: 2 });
    expect(arrivalRate(claims)).toEqual({ casesPerDay: 2, meanSecondsBetween: 86400 });
  });
});

describe('distributions', () => {
  it('take the median as the mean of the middle two and interpolate percentiles', () => {
    const d = distribution([4, 1, 3, 2, Number.NaN]);
    expect(d).toMatchObject({ count: 4, min: 1, max: 4, mean: 2.5, median: 2.5, p75: 3.25 });
    expect(distribution([])).toMatchObject({ count: 0, median: null, mean: null });
  });
});
