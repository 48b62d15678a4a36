/**
 * Simulation through the server's API: a modeler deploys a process, simulates it with a what-if
 * and reads the comparison; a request too large for one call is refused with the documented
 * problem; and after a few instances ran, the process's own history calibrates a baseline that
 * simulates in turn.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON documents read field by field */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxSimulatedCases } from '../../src/server/routes/simulation-routes.js';
import { type Credential, type Harness, serverHarness } from '../server/server-harness.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';

const claims = bpmn(
  'claims',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="assess" name="Assess claim"><bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="mona"/></bpmn:extensionElements></bpmn:userTask>
   ${serviceTask('pay', 'pay-claim')}
   <bpmn:endEvent id="e"/>${flows('s>assess', 'assess>pay', 'pay>e')}`,
);

const scenario = {
  cases: 400,
  warmUp: 40,
  arrivals: { kind: 'poisson', rate: 10 },
  pools: { clerks: { size: 2 } },
  activities: { assess: { duration: { kind: 'exponential', mean: 'PT10M' }, pool: 'clerks' } },
  whatIf: [{ name: 'a third clerk', pools: { clerks: { size: 3 } } }],
};

const form = (name: string, content: string): FormData => {
  const data = new FormData();
  data.append('files', new Blob([content]), name);
  return data;
};

let h: Harness;
let mona: Credential;
beforeEach(async () => {
  h = await serverHarness({ handlers: { 'pay-claim': () => ({ paid: true }) } });
  mona = await h.user('mona', ['modeler', 'operator']);
  const deployed = await h.request('POST', '/api/v1/deployments', {
    as: mona,
    raw: form('claims.bpmn', claims),
  });
  expect(deployed.status).toBe(201);
});
afterEach(() => h.close());

describe('simulation over HTTP', () => {
  it('compares a what-if with the baseline of a deployed process', async () => {
    const answer = await h.request('POST', '/api/v1/definitions/claims/simulations', {
      as: mona,
      body: { scenario, runs: 3, seed: 7 },
    });
    expect(answer.status).toBe(200);
    const { baseline, whatIf } = answer.body;
    expect(baseline.runs).toBe(3);
    expect(baseline.cases).toBe(360);
    expect(baseline.utilisation.clerks.mean).toBeCloseTo(10 / 6 / 2, 1);
    expect(whatIf).toHaveLength(1);
    expect(whatIf[0].name).toBe('a third clerk');
    expect(whatIf[0].difference.waitingTime.high).toBeLessThan(0);
  });

  it('refuses a request over the limit with simulation-too-large and says what to do', async () => {
    const answer = await h.request('POST', '/api/v1/definitions/claims/simulations', {
      as: mona,
      body: { scenario: { ...scenario, cases: maxSimulatedCases }, runs: 2 },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('simulation-too-large');
    expect(answer.body.detail).toContain(`at most ${maxSimulatedCases}`);
  });

  it("calibrates a runnable baseline from the process's own history", async () => {
    for (let i = 0; i < 4; i++)
      expect(
        (await h.request('POST', '/api/v1/instances', { as: mona, body: { processId: 'claims' } })).status,
      ).toBe(201);
    await h.sluice.idle();
    const tasks = (await h.request('GET', '/api/v1/tasks', { as: mona })).body.items;
    expect(tasks).toHaveLength(4);
    for (const task of tasks)
      expect((await h.request('POST', `/api/v1/tasks/${task.id}/complete`, { as: mona })).status).toBe(200);
    await h.sluice.idle();

    const calibration = await h.request('POST', '/api/v1/definitions/claims/calibration', {
      as: mona,
      body: { cases: 50 },
    });
    expect(calibration.status).toBe(200);
    expect(calibration.body.observed.cases).toBe(4);
    expect(Object.keys(calibration.body.scenario.activities as object).sort()).toEqual(['assess', 'pay']);
    expect(calibration.body.resources[0].people).toBe(1);

    const replay = await h.request('POST', '/api/v1/definitions/claims/simulations', {
      as: mona,
      body: { scenario: calibration.body.scenario, runs: 2 },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.baseline.cases).toBe(50);
    expect(replay.body.baseline.unfinished).toBe(0);
  });
});
