/**
 * The worker SDK (`sluice/worker`) against a Sluice server running as a process of its own, over
 * real sockets: jobs done with variables, BPMN errors, concurrency, a graceful stop, and the
 * fencing that keeps a worker whose lock expired from completing a job another worker took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpmnError, createWorker } from '../../src/worker/worker.js';
import { bpmn, flows } from '../support/bpmn.js';
import { type ServerProcess, startServerProcess } from './server-process.js';

const model = bpmn(
  'ship',
  `<bpmn:startEvent id="s"/>
   <bpmn:serviceTask id="book"><bpmn:extensionElements>
     <zeebe:taskDefinition type="book-courier" retries="1"/></bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:boundaryEvent id="none" attachedToRef="book"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
   <bpmn:endEvent id="booked"/><bpmn:endEvent id="held"/>
   ${flows('s>book', 'book>booked', 'none>held')}`,
  '<bpmn:error id="e" errorCode="NO_COURIER"/>',
);

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess(model);
});
afterAll(() => server.stop());

const start = async (variables: Record<string, unknown>): Promise<string> => {
  const answer = await server.post('/api/v1/instances', { processId: 'ship', variables });
  expect(answer.status).toBe(201);
  return (answer.body as { instanceId: string }).instanceId;
};

interface InstanceView {
  state: string;
  variables: Record<string, unknown>;
  activeElements?: string[];
}
const instance = (id: string) => server.get(`/api/v1/instances/${id}`) as Promise<InstanceView>;

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('a worker built with sluice/worker', () => {
  it('completes jobs with variables and throws BPMN errors, several at once, and stops gracefully', async () => {
    let running = 0;
    let most = 0;
    const worker = createWorker({
      baseUrl: server.url,
      apiKey: server.apiKey,
      concurrency: 4,
      waitMs: 1000,
    }).subscribe('book-courier', async (job) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
      if (job.variables.country === 'AQ') throw new BpmnError('NO_COURIER', 'nobody ships there');
      return { courier: `DHL for ${String(job.variables.orderId)}` };
    });
    const ids = await Promise.all(
      ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6'].map((orderId) => start({ orderId, country: 'NL' })),
    );
    const antarctic = await start({ orderId: 'A-7', country: 'AQ' });
    worker.start();
    await until(
      () => Promise.resolve(worker.counts.completed + worker.counts.bpmnErrors === 7),
      'all jobs are reported',
    );
    await worker.stop();
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    const first = await instance(ids[0]!);
    expect(first.state).toBe('completed');
    expect(first.variables).toMatchObject({ courier: 'DHL for A-1' });
    expect((await instance(antarctic)).state).toBe('completed');
    expect(worker.counts).toMatchObject({ completed: 6, bpmnErrors: 1 });
  });

  it('stops only after the job in hand is reported', async () => {
    let release!: () => void;
    const worker = createWorker({ baseUrl: server.url, apiKey: server.apiKey, waitMs: 1000 }).subscribe(
      'book-courier',
      () => new Promise<{ late: boolean }>((resolve) => (release = () => resolve({ late: true }))),
    );
    const id = await start({ orderId: 'B-1' });
    worker.start();
    await until(() => Promise.resolve(release !== undefined), 'the job is in hand');
    const stopped = worker.stop();
    setTimeout(() => release(), 200);
    await stopped;
    expect(worker.counts.completed).toBe(1);
    expect((await instance(id)).state).toBe('completed');
  });

  it('cannot complete a job after its lock expired and another worker took it', async () => {
    const id = await start({ orderId: 'C-1' });
    // The first worker locks the job for a second and then stalls past it.
    const fetched = await server.post('/api/v1/jobs/fetch-and-lock', {
      workerId: 'slow',
      types: ['book-courier'],
      lockMs: 1000,
      waitMs: 5000,
    });
    const [job] = (fetched.body as { jobs: { id: string; attempt: number }[] }).jobs;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // The second worker takes it over and holds it until the first has tried to report.
    let firstTried!: () => void;
    const tried = new Promise<void>((resolve) => (firstTried = resolve));
    const second = createWorker({
      baseUrl: server.url,
      apiKey: server.apiKey,
      workerId: 'fast',
      waitMs: 1000,
    }).subscribe('book-courier', async () => {
      await tried;
      return { bookedBy: 'fast' };
    });
    second.start();
    await until(async () => {
      const current = (await server.get(`/api/v1/jobs/${job!.id}`)) as { attempt: number };
      return current.attempt === 2;
    }, 'the second worker holds the job');
    const late = await server.post(`/api/v1/jobs/${job!.id}/complete`, {
      attempt: job!.attempt,
      variables: { bookedBy: 'slow' },
    });
    firstTried();
    expect([late.status, (late.body as { code: string }).code]).toEqual([409, 'job-superseded']);
    await until(async () => (await instance(id)).state === 'completed', 'the second worker completed it');
    await second.stop();
    expect((await instance(id)).variables).toMatchObject({ bookedBy: 'fast' });
  });
});
