/**
 * The decisions API: deployed decisions are listed with their versions, and one is evaluated
 * with variables as `sluice decide --json` would, for any signed-in caller.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- answers are JSON documents read field by field */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Credential, type Harness, serverHarness } from '../server/server-harness.js';
import { teamDecision } from './fixtures/team-decision.js';

let h: Harness;
let analyst: Credential;
beforeEach(async () => {
  h = await serverHarness();
  await h.sluice.deploy([{ name: 'teams.dmn', content: teamDecision() }]);
  await h.sluice.deploy([{ name: 'teams.dmn', content: teamDecision(' v2') }]);
  analyst = await h.apiKey('analyst', ['user']);
});
afterEach(() => h.close());

const evaluate = (decisionId: string, body: unknown) =>
  h.request('POST', `/api/v1/decisions/${decisionId}/evaluate`, { as: analyst, body });

describe('the decisions API', () => {
  it('lists every version of every deployed decision, and one decision when asked', async () => {
    const all = await h.request('GET', '/api/v1/decisions', { as: analyst });
    expect(all.status).toBe(200);
    expect(
      (all.body.items as { decisionId: string; version: number }[]).map(
        (d) => `${d.decisionId}@${d.version}`,
      ),
    ).toEqual(['route@1', 'route@2', 'team@1', 'team@2']);
    const team = await h.request('GET', '/api/v1/decisions?decisionId=team', { as: analyst });
    expect(team.body.items[1]).toMatchObject({
      decisionId: 'team',
      version: 2,
      name: 'Team',
      resourceName: 'teams.dmn',
    });
  });

  it('evaluates the latest version, or the version asked for', async () => {
    const latest = await evaluate('team', { variables: { amount: 700 } });
    expect([latest.status, latest.body]).toEqual([
      200,
      { decision: 'team', version: 2, result: 'clerks v2' },
    ]);
    const first = await evaluate('team', { variables: { amount: 5000 }, version: 1 });
    expect(first.body).toEqual({ decision: 'team', version: 1, result: 'managers' });
  });

  it('answers 404 for a decision not deployed and 422 naming the problem when evaluation fails', async () => {
    const missing = await evaluate('nobody', { variables: {} });
    expect([missing.status, missing.body.code]).toEqual([404, 'decision-not-found']);
    const overlap = await evaluate('route', { variables: { amount: 700 } });
    expect([overlap.status, overlap.body.code]).toEqual([422, 'decision-failed']);
    expect(overlap.body.detail).toMatch(/decision 'route' could not be evaluated/);
  });

  it('refuses a caller without credentials', async () => {
    expect((await h.request('GET', '/api/v1/decisions')).status).toBe(401);
  });
});
