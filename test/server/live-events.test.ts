/**
 * Live events: each stream carries the task and instance changes its caller may see, in
 * commit order, and nothing else.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON documents read field by field */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { type Credential, type Harness, serverHarness } from './server-harness.js';

const review = bpmn(
  'review',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="check" name="Check the claim"><bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="= reviewer"/></bpmn:extensionElements></bpmn:userTask>
   <bpmn:endEvent id="e"/>${flows('s>check', 'check>e')}`,
);

interface Received {
  readonly event: string;
  readonly data: { change?: string; task?: { assignee: string | null } } & Record<string, unknown>;
}

/** Opens an event stream and collects what arrives until `close()`. */
async function listen(
  h: Harness,
  as: Credential,
): Promise<{ events: Received[]; close: () => Promise<Received[]> }> {
  const controller = new AbortController();
  const response = await h.server.app.request('/api/v1/events', {
    headers: as.headers,
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: Received[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as Received['data'] });
      }
    }
  })();
  while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return {
    events,
    async close() {
      await reader.cancel().catch(() => {});
      controller.abort();
      await reading;
      return events;
    },
  };
}

const settle = async (h: Harness): Promise<void> => {
  await h.sluice.idle();
  await new Promise((resolve) => setTimeout(resolve, 50));
};

const summary = (events: Received[]): string[] =>
  events.map((e) =>
    e.event === 'task'
      ? `task ${e.data.change} by ${e.data.task?.assignee ?? 'null'}`
      : `${e.event} ${e.data.change ?? ''}`.trim(),
  );

let h: Harness;
beforeEach(async () => {
  h = await serverHarness();
  await h.deploy('default', review);
});
afterEach(() => h.close());

describe('live events', () => {
  it('show operators every change of their tenant and users their own tasks, and nothing to anyone else', async () => {
    const opal = await h.user('opal', ['operator']);
    const ann = await h.user('ann', ['user']);
    const bob = await h.user('bob', ['user']);
    const stranger = await h.user('sam', ['operator'], { tenant: 'away' });
    const streams = await Promise.all([opal, ann, bob, stranger].map((who) => listen(h, who)));

    const started = await h.request('POST', '/api/v1/instances', {
      as: opal,
      body: { processId: 'review', variables: { reviewer: ['ann'] } },
    });
    await settle(h);
    const taskId = (await h.request('GET', '/api/v1/tasks', { as: ann })).body.items[0].id;
    await h.request('POST', `/api/v1/tasks/${taskId}/claim`, { as: ann });
    await h.request('POST', `/api/v1/tasks/${taskId}/complete`, {
      as: ann,
      body: { variables: { ok: true } },
    });
    await settle(h);

    const [toOpal, toAnn, toBob, toStranger] = await Promise.all(streams.map((s) => s.close()));
    expect(summary(toOpal!)).toEqual([
      'ready',
      'instance started',
      'task created by null',
      'task claimed by ann',
      'task completed by ann',
      'instance completed',
    ]);
    expect(toOpal![1]!.data).toMatchObject({
      instanceId: started.body.instanceId,
      processId: 'review',
      state: 'active',
    });
    expect(summary(toAnn!)).toEqual([
      'ready',
      'task created by null',
      'task claimed by ann',
      'task completed by ann',
    ]);
    expect(summary(toBob!)).toEqual(['ready']);
    expect(summary(toStranger!)).toEqual(['ready']);
  });

  it('show a user the instances they started', async () => {
    const uma = await h.user('uma', ['user']);
    const stream = await listen(h, uma);
    await h.request('POST', '/api/v1/instances', {
      as: uma,
      body: { processId: 'review', variables: { reviewer: ['someone'] } },
    });
    await settle(h);
    expect(summary(await stream.close())).toEqual(['ready', 'instance started']);
  });

  it('refuse more streams than the limit per person', async () => {
    const opal = await h.user('opal', ['operator']);
    const open = [];
    for (let i = 0; i < 8; i++) open.push(await listen(h, opal));
    const refused = await h.request('GET', '/api/v1/events', { as: opal });
    expect([refused.status, refused.body.code]).toEqual([429, 'too-many-streams']);
    await Promise.all(open.map((s) => s.close()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.server.services.live.size).toBe(0);
  });
});
