/**
 * sluice.reportJob: how an external worker's outcome reaches the engine, fenced by attempt,
 * and how each task's retry policy (backoff, what happens when retries are spent) applies to
 * in-process handlers and external workers alike.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers are typed any */
import { describe, expect, it } from 'vitest';
import { createSluice, VirtualClock } from '../../src/index.js';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const task = (attributes: string, extensions = ''): string =>
  bpmn(
    'charge',
    `<bpmn:startEvent id="s"/>
     <bpmn:serviceTask id="pay" sluice:type="charge-card" ${attributes}
       xmlns:sluice="https://sluice.dev/schema/bpmn/1.0">${extensions}</bpmn:serviceTask>
     <bpmn:boundaryEvent id="declined" attachedToRef="pay"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
     <bpmn:endEvent id="paid"/><bpmn:endEvent id="refused"/>
     ${flows('s>pay', 'pay>paid', 'declined>refused')}`,
    '<bpmn:error id="e" errorCode="CARD_FAILED"/>',
  );

async function externalEngine(model: string) {
  const clock = new VirtualClock();
  const sluice = await createSluice({ db: ':memory:', clock, pollMs: 60_000 });
  await sluice.deploy([{ name: 'charge.bpmn', content: model }]);
  const lock = async () => {
    const [job] = await sluice.store.acquireJobs({
      owner: 'worker-1',
      now: clock.now(),
      leaseMs: 10_000,
      limit: 1,
      types: ['charge-card'],
    });
    return job;
  };
  return { sluice, clock, lock };
}

describe('reporting a job from outside the engine', () => {
  it('completes the job with variables when the reporter holds the current attempt', async () => {
    const { sluice, lock } = await externalEngine(task('sluice:retries="2"'));
    const { instanceId } = await sluice.start('charge', { variables: { amount: 30 } });
    const job = (await lock())!;
    expect(job).toMatchObject({ instanceId, attempt: 1, variables: { amount: 30 } });
    await sluice.reportJob(job.id, 1, { kind: 'complete', variables: { receipt: 'R-1' } });
    const details = await sluice.instance(instanceId);
    expect(details.status).toBe('completed');
    expect(details.variables).toMatchObject({ receipt: 'R-1' });
    await sluice.close();
  });

  it('refuses the report of a superseded attempt, and of a job that is gone', async () => {
    const { sluice, clock, lock } = await externalEngine(task('sluice:retries="2"'));
    await sluice.start('charge');
    const first = (await lock())!;
    clock.advance(11_000); // the lock expires; another worker takes the job
    const second = (await lock())!;
    expect(second.attempt).toBe(2);
    await expect(sluice.reportJob(first.id, 1, { kind: 'complete' })).rejects.toMatchObject({
      code: 'job-superseded',
    });
    await sluice.reportJob(second.id, 2, { kind: 'complete' });
    await expect(sluice.reportJob(second.id, 2, { kind: 'complete' })).rejects.toMatchObject({
      code: 'job-not-found',
    });
    await sluice.close();
  });

  it('routes a BPMN error to the boundary event that catches its code', async () => {
    const { sluice, lock } = await externalEngine(task(''));
    const { instanceId } = await sluice.start('charge');
    const job = (await lock())!;
    await sluice.reportJob(job.id, 1, { kind: 'bpmn-error', errorCode: 'CARD_FAILED', message: 'expired' });
    const completed = (await sluice.instance(instanceId)).history
      .filter((e) => e.type === 'element.completed')
      .map((e) => e.elementId);
    expect(completed).toContain('refused');
  });

  it("waits the task's own backoff between retries, then raises an incident", async () => {
    const { sluice, clock, lock } = await externalEngine(
      task('sluice:retries="2" sluice:retryBackoff="PT10S,PT1M"'),
    );
    const { instanceId } = await sluice.start('charge');
    let job = (await lock())!;
    await sluice.reportJob(job.id, job.attempt, { kind: 'fail', error: 'gateway timeout' });
    clock.advance(9_000);
    expect(await lock()).toBeUndefined();
    clock.advance(1_000);
    job = (await lock())!;
    expect(job).toMatchObject({ attempt: 2, retries: 1, error: 'gateway timeout' });
    await sluice.reportJob(job.id, job.attempt, { kind: 'fail', error: 'gateway timeout' });
    const [incident] = await sluice.incidents({ instanceId, open: true });
    expect(incident).toMatchObject({ elementId: 'pay', message: 'gateway timeout' });
  });
});

describe('a task retry policy', () => {
  it('reads Camunda 7 failedJobRetryTimeCycle R3/PT5M as three attempts five minutes apart', async () => {
    const attempts: number[] = [];
    const { sluice, clock, advance } = await harness(
      [
        task(
          '',
          '<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>',
        ),
      ],
      {
        'charge-card': () => {
          attempts.push(clock.now());
          throw new Error('bank offline');
        },
      },
    );
    const { instanceId } = await sluice.start('charge');
    await sluice.idle();
    await advance(5 * 60_000);
    await advance(5 * 60_000);
    await advance(60 * 60_000);
    expect(attempts.map((at) => at - attempts[0]!)).toEqual([0, 300_000, 600_000]);
    expect(await sluice.incidents({ instanceId, open: true })).toHaveLength(1);
  });

  it('throws the configured BPMN error instead of an incident when the retries are spent', async () => {
    const { sluice, advance, history } = await harness(
      [task('sluice:retries="1" sluice:retryBackoff="PT1S" sluice:retriesExhaustedError="CARD_FAILED"')],
      {
        'charge-card': () => {
          throw new Error('card declined twice');
        },
      },
    );
    const { instanceId } = await sluice.start('charge');
    await advance(1000);
    await advance(1000);
    expect(await history(instanceId)).toContain('refused');
    expect(await sluice.incidents({ instanceId, open: true })).toEqual([]);
  });

  it('is refused at deployment when a backoff is not a duration', async () => {
    const clock = new VirtualClock();
    const sluice = await createSluice({ db: ':memory:', clock });
    await expect(
      sluice.deploy([{ name: 'bad.bpmn', content: task('sluice:retryBackoff="ten seconds"') }]),
    ).rejects.toMatchObject({
      findings: [
        expect.objectContaining({ elementId: 'pay', message: expect.stringMatching(/ten seconds/) }),
      ],
    });
  });
});
