/**
 * Insight over HTTP. Given a claims process run on a virtual clock (reviews that wait and
 * take time, an approval gateway, a payment, a rejection letter whose service fails into an
 * incident, a cancelled claim), when an operator asks the insight routes, then the answers
 * carry the numbers the history holds; and an uploaded log is analysed as `sluice mine` would.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- answers are JSON documents read field by field */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSluice, type Sluice, VirtualClock } from '../../src/index.js';
import { createServer, type SluiceServer } from '../../src/server/index.js';
import { bpmn, flows } from '../support/bpmn.js';

const claims = bpmn(
  'claims',
  `<bpmn:startEvent id="start"/><bpmn:userTask id="review" name="Review claim"/>
   <bpmn:exclusiveGateway id="approved" name="Approved?" default="f_approved_reject"/>
   <bpmn:serviceTask id="pay" name="Pay"><bpmn:extensionElements><zeebe:taskDefinition type="pay" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:serviceTask id="reject" name="Send rejection"><bpmn:extensionElements><zeebe:taskDefinition type="letter" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:endEvent id="end"/><bpmn:endEvent id="end2"/>
   ${flows('start>review', 'review>approved', 'approved>pay?approve = true', 'approved>reject', 'pay>end', 'reject>end2')}`,
);

/** Answers are read field by field; a loose type keeps the scenarios readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const minute = 60_000;
const logs = '/work/shared/data/logs';
let sluice: Sluice;
let server: SluiceServer;
let clock: VirtualClock;
let cookie: Record<string, string>;

async function get(path: string): Promise<{ status: number; body: Json }> {
  const response = await server.app.request(path, { headers: cookie });
  return { status: response.status, body: await response.json() };
}

async function upload(
  name: string,
  content: Uint8Array | string,
  fields: Record<string, string> = {},
  path = '/api/v1/insight/logs',
) {
  const form = new FormData();
  form.append('log', new Blob([content]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const response = await server.app.request(path, {
    method: 'POST',
    headers: cookie,
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function review(who: string, waitMinutes: number, approve: boolean): Promise<void> {
  const { instanceId } = await sluice.start('claims');
  await sluice.idle();
  clock.advance(waitMinutes * minute);
  const task = (await sluice.tasks({ state: 'open', instanceId })).items[0]!;
  await sluice.claimTask(task.id, who);
  clock.advance(10 * minute);
  await sluice.completeTask(task.id, { actor: who, variables: { approve } });
  await sluice.idle();
}

beforeAll(async () => {
  clock = new VirtualClock(Date.UTC(2030, 0, 7, 9));
  sluice = await createSluice({
    db: ':memory:',
    clock,
    pollMs: 60_000,
    handlers: {
      pay: () => ({ paid: true }),
      letter: () => {
        throw new Error('the printer is out of paper');
      },
    },
  });
  await sluice.deploy([{ name: 'claims.bpmn', content: claims }]);
  sluice.run();
  server = await createServer({
    sluice,
    logger: pino({ level: 'silent' }),
    scryptCost: { logN: 8, r: 8, p: 1 },
  });
  await server.services.identity.createUser({
    username: 'olga',
    password: 'correct horse battery',
    roles: ['operator'],
    groups: [],
    tenant: 'default',
  });
  await server.services.identity.createUser({
    username: 'kim',
    password: 'correct horse battery',
    roles: ['user'],
    groups: ['claims-desk'],
    tenant: 'default',
  });
  await server.services.tenancy.claim('default', ['claims'], 'test', () => Promise.resolve(false));
  const signIn = await server.app.request('/api/v1/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'olga', password: 'correct horse battery' }),
  });
  const csrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
  cookie = {
    cookie: (signIn.headers.getSetCookie?.() ?? []).map((l) => l.split(';')[0]).join('; '),
    'x-csrf-token': csrf,
  };
  await review('kim', 30, true);
  await review('lee', 90, false);
  const { instanceId } = await sluice.start('claims');
  await sluice.idle();
  await sluice.cancel(instanceId, { actor: 'olga' });
  await sluice.idle();
}, 60_000);

afterAll(async () => {
  server.close();
  await sluice.close();
});

const base = '/api/v1/insight/processes/claims';

describe('insight over HTTP on a process’s own history', () => {
  it('counts cases and how they ended: one paid, one stuck on an incident, one cancelled', async () => {
    const { status, body } = await get(`${base}/summary`);
    expect(status).toBe(200);
    expect(body.source).toBe('sluice:claims');
    expect(body.clock).toBe('calendar');
    expect(body.summary.cases).toBe(3);
    expect(body.rates).toMatchObject({ cases: 3, completed: 1, cancelled: 1, open: 1, incidents: 1 });
    expect(body.rates.incidentRate).toBeCloseTo(1 / 3);
    expect(body.rates.cancellationRate).toBeCloseTo(1 / 3);
  });

  it('gives a heatmap keyed by element id with median waiting and processing times', async () => {
    const { body } = await get(`${base}/heatmap`);
    const review = body.elements.find((e: Json) => e.elementId === 'review');
    expect(review).toMatchObject({ name: 'Review claim', frequency: 2, medianProcessingSeconds: 600 });
    expect(review.medianWaitingSeconds).toBe(60 * 60); // 30 and 90 minutes
    expect(body.elements.find((e: Json) => e.elementId === 'reject')).toMatchObject({ incidents: 1 });
  });

  it('tells which outcome of the gateway leads where', async () => {
    const { body } = await get(`${base}/branches`);
    const gateway = body.decisions.find((d: Json) => d.id === 'approved');
    expect(gateway.cases).toBe(2);
    expect(gateway.outcomes.map((o: Json) => [o.flowId, o.cases])).toEqual([
      ['f_approved_pay', 1],
      ['f_approved_reject', 1],
    ]);
    expect(gateway.outcomes[0].outcome).toBe('approve = true');
  });

  it('measures busy time per person and per team from their accounts’ groups', async () => {
    const { body } = await get(`${base}/workload`);
    const kim = body.utilisation.people.find((p: Json) => p.person === 'kim');
    expect(kim).toMatchObject({ executions: 1, busySeconds: 600 });
    expect(body.utilisation.teams).toEqual([
      expect.objectContaining({ team: 'claims-desk', members: ['kim'], busySeconds: 600 }),
    ]);
  });

  it('answers the map, variants, bottlenecks, cycle times and conformance', async () => {
    const map = await get(`${base}/map`);
    expect(map.body.map.activities['Review claim']).toBe(2);
    const variants = await get(`${base}/variants?top=1`);
    expect(variants.body.top).toHaveLength(1);
    const bottlenecks = await get(`${base}/bottlenecks`);
    expect(bottlenecks.status).toBe(200);
    const cycles = await get(`${base}/cycle-times?bins=4&period=day`);
    expect(cycles.body.distribution.count).toBe(3);
    expect(cycles.body.sla).toEqual([
      { period: '2030-01-07', casesArrived: 3, casesBreached: 0, breachRate: 0, breaches: 0 },
    ]);
    const conformance = await get(`${base}/conformance`);
    expect(conformance.body.version).toBe(1);
    expect(conformance.body.conformance.cases).toBe(3);
  });

  it('keeps only the cases that began in the time range', async () => {
    const { body } = await get(`${base}/summary?from=2030-01-07T09:00:00Z&to=2030-01-07T09:30:00Z`);
    expect(body.summary.cases).toBe(1);
  });

  it('measures in working time on a calendar given as a parameter', async () => {
    // Work ends at 10:00: the second review, offered at 09:40 and claimed at 11:10, waited 20 working minutes.
    const calendar = encodeURIComponent(JSON.stringify({ timeZone: 'UTC', week: 'mon-fri 08:00-10:00' }));
    const { body } = await get(`${base}/heatmap?calendar=${calendar}`);
    expect(body.clock).toBe('working');
    const review = body.elements.find((e: Json) => e.elementId === 'review');
    expect(review.medianWaitingSeconds).toBe((30 * 60 + 20 * 60) / 2);
  });

  it('refuses an unknown version, a bad calendar and an empty range with a problem that says what to do', async () => {
    expect((await get(`${base}/summary?version=9`)).body.code).toBe('process-not-found');
    const bad = await get(`${base}/summary?calendar=${encodeURIComponent('{"timeZone":"Mars/Olympus"}')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid-calendar');
    expect(bad.body.hint).toContain('timeZone');
    const empty = await get(`${base}/summary?from=2030-02-01T00:00:00Z&to=2030-01-01T00:00:00Z`);
    expect(empty.body.code).toBe('empty-range');
  });
});

describe('insight over HTTP on an uploaded log', () => {
  it('analyses a gzipped XES as the ground truth says', async () => {
    const truth = JSON.parse(readFileSync(`${logs}/running-example.stats.json`, 'utf8')).stats;
    const { status, body } = await upload(
      'running-example.xes.gz',
      gzipSync(readFileSync(`${logs}/running-example.xes`)),
    );
    expect(status).toBe(200);
    expect(body.summary.cases).toBe(truth.cases);
    expect(body.summary.variants).toBe(truth.variants);
    expect(body.source).toBe('running-example.xes.gz');
    expect(body.branches.length).toBeGreaterThan(0);
  });

  it('maps CSV columns from the form fields', async () => {
    const csv = 'id;step;when\nc1;a;01-02-2026 10:00:00\nc1;b;01-02-2026 11:00:00\n';
    const { status, body } = await upload('log.csv', csv, {
      caseColumn: 'id',
      activityColumn: 'step',
      timestampColumn: 'when',
      timestampFormat: 'dd-mm-yyyy HH:MM:SS',
    });
    expect(status).toBe(200);
    expect(body.summary.caseDuration.median).toBe(3600);
  });

  it('discovers from an uploaded log a model the engine deploys', async () => {
    const discover = '/api/v1/insight/logs/discover';
    const xes = readFileSync(`${logs}/running-example.xes`);
    const { status, body } = await upload(
      'running-example.xes',
      xes,
      { processId: 'mined-claims' },
      discover,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: 'running-example.xes', processId: 'mined-claims' });
    expect(body.tree).toMatch(/^→\('register request'/);
    expect(body.bpmn).toMatch(/<bpmn:process id="mined-claims" [^>]*isExecutable="true"/);
    const { deployed } = await sluice.deploy([{ name: 'mined-claims.bpmn', content: body.bpmn }]);
    expect(deployed).toEqual([expect.objectContaining({ processId: 'mined-claims' })]);
    const bad = await upload('running-example.xes', xes, { processId: '1 bad id' }, discover);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid-process-id');
  });

  it('refuses an XES with a DOCTYPE, a log it cannot read, and a body over the limit', async () => {
    const doctype = await upload('evil.xes', '<?xml version="1.0"?><!DOCTYPE log [<!ENTITY x "y">]><log/>');
    expect(doctype.status).toBe(422);
    expect(doctype.body.code).toBe('xml-doctype-refused');
    const broken = await upload('broken.xes', '<log xes.version="1.0"><trace><event></trace></log>');
    expect(broken.status).toBe(422);
    expect(broken.body.findings[0]).toMatchObject({ severity: 'error', line: 1 });
    const big = await upload('big.csv', new Uint8Array(33 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect((await get(`${base}/summary`)).status).toBe(200);
  });
});
