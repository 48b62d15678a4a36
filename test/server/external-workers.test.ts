/**
 * External workers over HTTP: fetch and lock jobs by type, report them done, failed or as a
 * BPMN error, keep the lock while working. A report is fenced by the attempt its lock came
 * with, so a worker whose lock expired cannot overwrite the one who has the job now.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- answers are JSON documents read field by field */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { type Credential, type Harness, type Json, serverHarness } from './server-harness.js';

const shipping = bpmn(
  'shipping',
  `<bpmn:startEvent id="s"/>
   <bpmn:serviceTask id="book"><bpmn:extensionElements>
     <zeebe:taskDefinition type="book-courier" retries="2"/>
     <zeebe:taskHeaders><zeebe:header key="carrier" value="DHL"/></zeebe:taskHeaders>
   </bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:boundaryEvent id="no-courier" attachedToRef="book"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
   <bpmn:endEvent id="shipped"/><bpmn:endEvent id="held"/>
   ${flows('s>book', 'book>shipped', 'no-courier>held')}`,
  '<bpmn:error id="err" errorCode="NO_COURIER"/>',
);

let h: Harness;
let worker: Credential;
let operator: Credential;

beforeEach(async () => {
  h = await serverHarness();
  await h.deploy('default', shipping);
  worker = await h.apiKey('courier-worker', ['worker']);
  operator = await h.user('opal', ['operator']);
});
afterEach(() => h.close());

const start = async (variables: Record<string, unknown> = { orderId: 'A-1' }): Promise<string> =>
  (await h.sluice.start('shipping', { variables })).instanceId;

const fetchJobs = async (as: Credential, body: Json = {}): Promise<Json[]> => {
  const answer = await h.request('POST', '/api/v1/jobs/fetch-and-lock', {
    as,
    body: { types: ['book-courier'], ...body },
  });
  expect(answer.status).toBe(200);
  return answer.body.jobs;
};

const elements = async (instanceId: string): Promise<string[]> =>
  (await h.sluice.instance(instanceId)).history
    .filter((e) => e.type === 'element.completed')
    .map((e) => e.elementId!);

describe('an external worker', () => {
  it('fetches a due job with its variables and headers, locks it, and completes it with variables', async () => {
    const instanceId = await start();
    const [job] = await fetchJobs(worker, { lockMs: 60_000 });
    expect(job).toMatchObject({
      type: 'book-courier',
      attempt: 1,
      retries: 2,
      instanceId,
      elementId: 'book',
      variables: { orderId: 'A-1' },
      headers: { carrier: 'DHL' },
    });
    expect(Date.parse(job.lockedUntil) - Date.now()).toBeGreaterThan(50_000);
    expect(await fetchJobs(worker)).toEqual([]);
    const done = await h.request('POST', `/api/v1/jobs/${job.id}/complete`, {
      as: worker,
      body: { attempt: 1, variables: { trackingNumber: 'T-42' } },
    });
    expect(done.body).toEqual({ ok: true, jobId: job.id, instanceId });
    const instance = await h.sluice.instance(instanceId);
    expect(instance.status).toBe('completed');
    expect(instance.variables).toMatchObject({ trackingNumber: 'T-42' });
    const started = instance.history.find((e) => e.type === 'element.started' && e.elementId === 'book');
    expect(started?.actor).toBe('apikey:courier-worker');
  });

  it('reports a failure: the job comes back after the backoff while retries last, then becomes an incident an operator retries', async () => {
    const instanceId = await start();
    const [first] = await fetchJobs(worker);
    await h.request('POST', `/api/v1/jobs/${first.id}/fail`, {
      as: worker,
      body: { attempt: first.attempt, error: 'courier API down', retryInMs: 0 },
    });
    const [second] = await fetchJobs(worker);
    expect([second.id, second.attempt, second.retries, second.error]).toEqual([
      first.id,
      2,
      1,
      'courier API down',
    ]);
    const later = await h.request('POST', `/api/v1/jobs/${second.id}/fail`, {
      as: worker,
      body: { attempt: second.attempt, error: 'still down', retries: 0 },
    });
    expect(later.status).toBe(200);
    const incidents = (await h.request('GET', `/api/v1/incidents?instanceId=${instanceId}`, { as: operator }))
      .body.items;
    expect(incidents).toMatchObject([
      { elementId: 'book', message: 'still down', jobId: first.id, resolvedAt: null },
    ]);
    const retried = await h.request('POST', `/api/v1/incidents/${incidents[0].id}/retry`, {
      as: operator,
      body: { retries: 1 },
    });
    expect(retried.body).toEqual({ ok: true, incidentId: incidents[0].id, instanceId });
    const [third] = await fetchJobs(worker);
    expect(third.id).toBe(first.id);
  });

  it('throws a BPMN error that the boundary event catches', async () => {
    const instanceId = await start();
    const [job] = await fetchJobs(worker);
    const thrown = await h.request('POST', `/api/v1/jobs/${job.id}/bpmn-error`, {
      as: worker,
      body: {
        attempt: job.attempt,
        errorCode: 'NO_COURIER',
        message: 'no courier today',
        variables: { reason: 'holiday' },
      },
    });
    expect(thrown.status).toBe(200);
    expect(await elements(instanceId)).toEqual(['s', 'no-courier', 'held']);
    expect((await h.sluice.instance(instanceId)).variables).toMatchObject({ reason: 'holiday' });
  });

  it('keeps its lock by extending it, and loses the job when the lock expires: its late report is refused', async () => {
    const instanceId = await start();
    const [job] = await fetchJobs(worker, { workerId: 'w1', lockMs: 1000 });
    const extended = await h.request('POST', `/api/v1/jobs/${job.id}/extend-lock`, {
      as: worker,
      body: { workerId: 'w1', attempt: 1, lockMs: 1000 },
    });
    expect(extended.status).toBe(200);
    const wrongWorker = await h.request('POST', `/api/v1/jobs/${job.id}/extend-lock`, {
      as: worker,
      body: { workerId: 'w2', attempt: 1, lockMs: 1000 },
    });
    expect([wrongWorker.status, wrongWorker.body.code]).toEqual([409, 'job-not-locked']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const other = await h.apiKey('second-worker', ['worker']);
    const [taken] = await fetchJobs(other);
    expect([taken.id, taken.attempt]).toEqual([job.id, 2]);
    const late = await h.request('POST', `/api/v1/jobs/${job.id}/complete`, {
      as: worker,
      body: { attempt: 1 },
    });
    expect([late.status, late.body.code]).toEqual([409, 'job-not-locked']);
    const stale = await h.request('POST', `/api/v1/jobs/${job.id}/complete`, {
      as: other,
      body: { attempt: 1 },
    });
    expect([stale.status, stale.body.code]).toEqual([409, 'job-superseded']);
    const current = await h.request('POST', `/api/v1/jobs/${job.id}/complete`, {
      as: other,
      body: { attempt: 2 },
    });
    expect(current.status).toBe(200);
    expect((await h.sluice.instance(instanceId)).status).toBe('completed');
  });

  it('waits for work with long polling and is answered as soon as a job is created', async () => {
    const began = Date.now();
    const waiting = fetchJobs(worker, { waitMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const instanceId = await start();
    const [job] = await waiting;
    expect(job.instanceId).toBe(instanceId);
    expect(Date.now() - began).toBeLessThan(3000);
    const empty = Date.now();
    expect(await fetchJobs(worker, { waitMs: 300 })).toEqual([]);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(250);
  });

  it('gets only the jobs of its tenant, and leaves the others to their own workers', async () => {
    const instanceId = await start();
    const stranger = await h.apiKey('stranger', ['worker'], 'away');
    expect(await fetchJobs(stranger)).toEqual([]);
    const [job] = await fetchJobs(worker);
    expect(job.instanceId).toBe(instanceId);
    const peek = await h.request('GET', `/api/v1/jobs/${job.id}`, { as: stranger });
    expect(peek.status).toBe(404);
  });
});
