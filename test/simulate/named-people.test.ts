/**
 * Pools of named people: the scenario's directory (the JSON format `sluice directory import`
 * reads) and src/work's own assignment strategies decide who does each task, with skills,
 * capacity, calendars and absences; SLAs in working time breach as src/work counts them.
 */
import { describe, expect, it } from 'vitest';
import { process as bpmn } from '../../src/model/index.js';
import type { EventLog } from '../../src/insight/event-log.js';
import { simulate, simulatedLog } from '../../src/simulate/replications.js';
import { parseScenario } from '../../src/simulate/scenario.js';

const directory = {
  calendars: [{ id: 'office', name: 'Office', timeZone: 'UTC', week: 'mon-fri 09:00-17:00' }],
  users: [
    { id: 'ann', name: 'Ann', groups: ['clerks'], skills: 'claims:4', calendar: 'office' },
    { id: 'bob', name: 'Bob', groups: ['clerks'], skills: 'claims:1', calendar: 'office' },
    { id: 'cay', name: 'Cay', skills: 'claims:4', calendar: 'office' },
  ],
  groups: [{ id: 'clerks', name: 'Clerks', kind: 'team', calendar: 'office' }],
};

const assessing = (work: Record<string, string> = {}) =>
  bpmn('claims').startEvent('s').userTask('assess', { work }).endEvent('e').build();

const scenarioWith = (more: Record<string, unknown>) =>
  parseScenario({
    start: '2025-01-06T09:00:00Z',
    cases: 60,
    arrivals: { kind: 'poisson', rate: 4 },
    directory,
    pools: { clerks: { groups: ['clerks'], strategy: 'round-robin' } },
    activities: { assess: { duration: { kind: 'exponential', mean: 'PT10M' }, pool: 'clerks' } },
    ...more,
  });

function performers(log: EventLog): Map<string, number> {
  const start = log.lifecycles.indexOf('start');
  const counts = new Map<string, number>();
  for (let e = 0; e < log.eventCount; e++)
    if (log.lifecycle[e] === start) {
      const who = log.resources[log.resource[e]!]!;
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
  return counts;
}

describe('a pool of named people', () => {
  it('shares the work by round robin among the members of its group', () => {
    const counts = performers(simulatedLog(assessing(), scenarioWith({})));
    expect([...counts.keys()].sort()).toEqual(['ann', 'bob']);
    expect(counts.get('ann')! + counts.get('bob')!).toBe(60);
  });

  it("gives every task to the one with the skill when the model's strategy is capability", () => {
    const graph = assessing({ 'sluice:assignment': 'capability', 'sluice:skills': 'claims:3' });
    expect([...performers(simulatedLog(graph, scenarioWith({}))).keys()]).toEqual(['ann']);
  });

  it("lets a what-if change the rule through the activity's work attributes", () => {
    const graph = assessing({ 'sluice:assignment': 'capability', 'sluice:skills': 'claims:3' });
    const scenario = scenarioWith({
      activities: {
        assess: {
          duration: { kind: 'exponential', mean: 'PT10M' },
          pool: 'clerks',
          work: { 'sluice:assignment': 'shortest-queue', 'sluice:skills': '' },
        },
      },
    });
    expect([...performers(simulatedLog(graph, scenario)).keys()].sort()).toEqual(['ann', 'bob']);
  });

  it('offers the task to every candidate, as the live router does, once the skilled one is at capacity', () => {
    const graph = assessing({ 'sluice:assignment': 'capability', 'sluice:skills': 'claims:3' });
    const scenario = scenarioWith({
      directory: {
        ...directory,
        users: directory.users.map((u) => (u.id === 'ann' ? { ...u, capacity: 1 } : u)),
      },
    });
    const counts = performers(simulatedLog(graph, scenario));
    expect(counts.get('bob')).toBeGreaterThan(0);
    expect(counts.get('ann')).toBeGreaterThan(counts.get('bob')!);
  });

  it("sends an absent person's work to their substitute", () => {
    const scenario = scenarioWith({
      directory: {
        ...directory,
        absences: [{ user: 'ann', from: '2025-01-01', to: '2025-12-31', substitute: 'cay' }],
      },
    });
    expect([...performers(simulatedLog(assessing(), scenario)).keys()].sort()).toEqual(['bob', 'cay']);
  });

  it('begins work only in the hours of the calendar each person keeps', () => {
    const log = simulatedLog(assessing(), scenarioWith({ arrivals: { kind: 'poisson', rate: 1 } }));
    const start = log.lifecycles.indexOf('start');
    let starts = 0;
    for (let e = 0; e < log.eventCount; e++)
      if (log.lifecycle[e] === start) {
        const at = new Date(log.time[e]!);
        expect(at.getUTCDay()).toBeGreaterThanOrEqual(1);
        expect(at.getUTCDay()).toBeLessThanOrEqual(5);
        expect(at.getUTCHours()).toBeGreaterThanOrEqual(9);
        expect(at.getUTCHours()).toBeLessThan(17);
        starts++;
      }
    expect(starts).toBe(60);
  });

  it('refuses a pool naming someone the directory lacks, and says what to do', () => {
    const scenario = scenarioWith({ pools: { clerks: { users: ['zed'] } } });
    expect(() => simulate(assessing(), scenario, { runs: 1 })).toThrow(
      /pools.clerks: user 'zed' is not in the directory/,
    );
  });
});

describe("an SLA from the model's work attributes", () => {
  // One case arrives Friday 16:50 and takes 30 minutes of Ann's working time: it is done Monday
  // 09:20, 20 working minutes after the office closed on Friday, but 64 hours on the wall clock.
  const friday = (clock: string) =>
    simulate(
      assessing({ 'sluice:sla': 'PT1H', 'sluice:sla-clock': clock }),
      parseScenario({
        start: '2025-01-10T16:40:00Z',
        cases: 1,
        arrivals: { kind: 'empirical', interArrival: { kind: 'fixed', value: 'PT10M' } },
        directory,
        pools: { clerks: { users: ['ann'] } },
        activities: { assess: { duration: { kind: 'fixed', value: 'PT30M' }, pool: 'clerks' } },
      }),
      { runs: 1 },
    ).baseline.activities.find((a) => a.id === 'assess')!.slaBreachRate;

  it('holds in working time on the calendar of the people doing the work', () => {
    expect(friday('working')).toBe(0);
  });

  it('breaches on the plain clock over the weekend', () => {
    expect(friday('calendar')).toBe(1);
  });
});
