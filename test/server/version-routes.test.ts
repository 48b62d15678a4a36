/**
 * Versions and change over HTTP: an operator plans a migration by dry run and then runs it; a
 * modification naming an element the model lacks is refused with its name; a suspended
 * instance refuses a task completion until it is resumed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { type Credential, type Harness, serverHarness } from './server-harness.js';

const candidates =
  '<bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="uma"/></bpmn:extensionElements>';
const v1 = bpmn(
  'claim',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="review">${candidates}</bpmn:userTask><bpmn:endEvent id="e"/>${flows('s>review', 'review>e')}`,
);
const v2 = bpmn(
  'claim',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="assess">${candidates}</bpmn:userTask><bpmn:userTask id="approve">${candidates}</bpmn:userTask><bpmn:endEvent id="e"/>${flows('s>assess', 'assess>approve', 'approve>e')}`,
);

let h: Harness;
let opal: Credential;
let uma: Credential;
let instanceId: string;
beforeEach(async () => {
  h = await serverHarness();
  opal = await h.user('opal', ['operator']);
  uma = await h.user('uma', ['user']);
  await h.deploy('default', v1);
  ({ instanceId } = await h.sluice.start('claim', { actor: 'uma' }));
  await h.server.services.tenancy.recordStart(instanceId, 'default', 'uma');
});
afterEach(() => h.close());

interface Report {
  dryRun: boolean;
  instances: { instanceId: string; tokens: { from: string; to: string }[]; carried: { tasks: number } }[];
  migrated: number;
}

describe('versions over HTTP', () => {
  it('plans a migration by dry run, moving nothing, then migrates the instance with its task', async () => {
    await h.deploy('default', v2);
    const migrate = (dryRun: boolean) =>
      h.request<Report>('POST', '/api/v1/definitions/claim/migrate', {
        as: opal,
        body: { from: 1, to: 2, mapping: { review: 'assess' }, mapEqual: true, dryRun, reason: 'new rules' },
      });

    const plan = await migrate(true);
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ dryRun: true, migrated: 0 });
    expect(plan.body.instances.map((p) => p.instanceId)).toEqual([instanceId]);
    expect(plan.body.instances[0]!.tokens.map((t) => `${t.from}>${t.to}`)).toEqual(['review>assess']);
    expect(plan.body.instances[0]!.carried.tasks).toBe(1);
    expect((await h.sluice.instance(instanceId)).version).toBe(1);

    const run = await migrate(false);
    expect(run.body).toMatchObject({ dryRun: false, migrated: 1, failed: [] });
    expect((await h.sluice.instance(instanceId)).version).toBe(2);
    const [task] = (await h.sluice.tasks({ instanceId })).items;
    expect(task?.elementId).toBe('assess');

    const versions = await h.request<{ versions: { version: number; activeInstances: number }[] }>(
      'GET',
      '/api/v1/definitions/claim/versions',
      { as: opal },
    );
    expect(versions.body.versions.map((v) => [v.version, v.activeInstances])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('refuses a modification that names an unknown element, saying which, and changes nothing', async () => {
    const refused = await h.request<{ code: string; detail: string }>(
      'POST',
      `/api/v1/instances/${instanceId}/modify`,
      {
        as: opal,
        body: { operations: [{ op: 'start-before', elementId: 'no-such-step' }], reason: 'by hand' },
      },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('modification-invalid');
    expect(refused.body.detail).toContain('no-such-step');
    expect((await h.sluice.tasks({ instanceId })).items).toHaveLength(1);
  });

  it('refuses to complete a task of a suspended instance until an operator resumes it', async () => {
    const [task] = (await h.sluice.tasks({ instanceId })).items;
    const complete = () => h.request(`POST`, `/api/v1/tasks/${task!.id}/complete`, { as: uma, body: {} });
    const suspend = await h.request('POST', `/api/v1/instances/${instanceId}/suspend`, {
      as: opal,
      body: { reason: 'customer on hold' },
    });
    expect(suspend.status).toBe(200);

    const refused = await complete();
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'instance-suspended' });

    expect(
      (await h.request('POST', `/api/v1/instances/${instanceId}/resume`, { as: opal, body: {} })).status,
    ).toBe(200);
    expect((await complete()).status).toBe(200);
    expect((await h.sluice.instance(instanceId)).status).toBe('completed');
  });
});
