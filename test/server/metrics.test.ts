/**
 * Prometheus metrics: counts of what this node saw commit, queue depths and the task backlog
 * read from the store, in the text exposition format a scraper parses.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON documents read field by field */
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../src/server/metrics/metrics-registry.js';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { type Harness, serverHarness } from './server-harness.js';

const model = bpmn(
  'billing',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="check"><bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="ann"/></bpmn:extensionElements></bpmn:userTask>
   ${serviceTask('invoice', 'send-invoice')}
   <bpmn:endEvent id="e"/>${flows('s>check', 'check>invoice', 'invoice>e')}`,
);

/** `name{labels} value` lines, as a map from series to value. */
function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-z_:][a-z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+]+|\+Inf|NaN)$/i.exec(line);
    expect(match, `a sample line: ${line}`).not.toBeNull();
    map.set(match![1]!, Number(match![2]));
  }
  return map;
}

let h: Harness;
afterEach(() => h?.close());

describe('metrics', () => {
  it('count instances started and ended, step durations, queue depth and the task backlog', async () => {
    h = await serverHarness({ handlers: { 'send-invoice': () => ({ sent: true }) } });
    await h.deploy('default', model);
    const opal = await h.user('opal', ['operator']);
    const ann = await h.user('ann', ['user']);
    for (let i = 0; i < 3; i++)
      await h.request('POST', '/api/v1/instances', { as: opal, body: { processId: 'billing' } });
    const [task] = (await h.request('GET', '/api/v1/tasks', { as: ann })).body.items;
    await h.request('POST', `/api/v1/tasks/${task.id}/complete`, { as: ann });
    await h.sluice.idle();

    const answer = await h.request('GET', '/metrics', { as: opal });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = samples(answer.text);
    expect(m.get('sluice_instances_started_total{process="billing"}')).toBe(3);
    expect(m.get('sluice_instances_ended_total{process="billing",state="completed"}')).toBe(1);
    expect(m.get('sluice_tasks_open')).toBe(2);
    expect(m.get('sluice_jobs_queued')).toBe(0);
    expect(m.get('sluice_step_duration_seconds_count{process="billing",element_type="userTask"}')).toBe(1);
    expect(m.get('sluice_step_duration_seconds_count{process="billing",element_type="serviceTask"}')).toBe(1);
    expect(m.get('sluice_http_requests_total{method="POST",route="/api/v1/instances",status="201"}')).toBe(3);
    expect(answer.text).toContain('# TYPE sluice_step_duration_seconds histogram');
  });

  it('are for operators: a user gets 403, nobody gets 401', async () => {
    h = await serverHarness();
    const uma = await h.user('uma', ['user']);
    expect((await h.request('GET', '/metrics', { as: uma })).status).toBe(403);
    expect((await h.request('GET', '/metrics')).status).toBe(401);
  });
});

describe('the exposition format', () => {
  it('escapes label values, writes cumulative buckets with +Inf, a sum and a count', () => {
    const registry = new MetricsRegistry();
    registry.counter('demo_total', 'A counter\nwith two lines.').inc({ name: 'say "hi"\\' }, 2);
    const histogram = registry.histogram('demo_seconds', 'A histogram.', [0.1, 1]);
    histogram.observe(0.05);
    histogram.observe(0.5);
    histogram.observe(5);
    expect(registry.text()).toBe(
      [
        '# HELP demo_total A counter\\nwith two lines.',
        '# TYPE demo_total counter',
        'demo_total{name="say \\"hi\\"\\\\"} 2',
        '# HELP demo_seconds A histogram.',
        '# TYPE demo_seconds histogram',
        'demo_seconds_bucket{le="0.1"} 1',
        'demo_seconds_bucket{le="1"} 2',
        'demo_seconds_bucket{le="+Inf"} 3',
        'demo_seconds_sum 5.55',
        'demo_seconds_count 3',
        '',
      ].join('\n'),
    );
  });
});
