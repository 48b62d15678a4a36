import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorJson } from '../../src/cli/json-views.js';
import { createSluice } from '../../src/index.js';
import { bpmn, flows } from '../support/bpmn.js';
import { sandbox } from './sluice-process.js';

/** One task, given straight to ana: routing writes her a `task.assigned` notification. */
const ticket = bpmn(
  'ticket',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="answer" name="Answer the customer" sluice:assignment="direct" sluice:assignee="ana"/>
   <bpmn:endEvent id="e"/>${flows('s>answer', 'answer>e')}`,
).replace('xmlns:xsi=', 'xmlns:sluice="https://sluice.dev/schema/bpmn/1.0" xmlns:xsi=');

interface FeedJson {
  user: string;
  items: { id: string; type: string; taskId?: string; readAt?: number }[];
}
interface AttachmentJson {
  id: string;
  taskId: string;
  name: string;
  mediaType: string;
  size: number;
  actor?: string;
}

describe('notifications and attachments from the command line', () => {
  const { db, dir, sluice, remove } = sandbox();
  let taskId = '';

  beforeAll(async () => {
    // A routed task in the sandbox's store, made by the library so that routing has run.
    const engine = await createSluice({ db });
    await engine.work.directory.apply({ users: [{ id: 'ana', name: 'Ana', active: true }] });
    await engine.deploy([{ name: 'ticket.bpmn', content: ticket }]);
    engine.run();
    const { instanceId } = await engine.start('ticket');
    for (let i = 0; i < 50 && (await engine.work.notifications('ana')).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    taskId = (await engine.tasks({ instanceId })).items[0]!.id;
    await engine.close();
  });
  afterAll(remove);

  it("shows a person's feed, marks what it showed as read, and then lists nothing unread", async () => {
    const feed = await sluice<FeedJson>('notifications', '--user', 'ana', '--json');
    expect(feed.code).toBe(0);
    expect(feed.json.items).toMatchObject([{ type: 'task.assigned', taskId }]);
    expect(feed.json.items[0]!.readAt).toBeUndefined();

    const text = await sluice('notifications', '--user', 'ana', '--unread', '--mark-read');
    expect(text.stdout).toMatch(new RegExp(`\\* task\\.assigned\\s+task ${taskId}`));
    expect(
      (await sluice<FeedJson>('notifications', '--user', 'ana', '--unread', '--json')).json.items,
    ).toEqual([]);
    const read = await sluice<FeedJson>('notifications', '--user', 'ana', '--json');
    expect(read.json.items[0]!.readAt).toEqual(expect.any(Number));
    expect((await sluice('notifications', '--user', 'bob')).stdout).toContain('no notifications for bob');
  });

  it('attaches a file to the open task, on record with who attached it, and lists it', async () => {
    expect((await sluice('attachments', taskId)).stdout).toContain(`task ${taskId} has no attachments`);
    const file = join(dir, 'screenshot.txt');
    writeFileSync(file, 'the error the customer saw');
    const attached = await sluice<AttachmentJson>(
      'attach',
      taskId,
      file,
      '--user',
      'ana',
      '--type',
      'text/plain',
      '--json',
    );
    expect(attached.code).toBe(0);
    expect(attached.json).toMatchObject({
      taskId,
      name: 'screenshot.txt',
      mediaType: 'text/plain',
      size: 26,
      actor: 'ana',
    });
    const listed = await sluice<{ taskId: string; items: AttachmentJson[] }>('attachments', taskId, '--json');
    expect(listed.json.items).toEqual([attached.json]);
    const history = await sluice<{ history: { type: string; actor?: string }[] }>(
      'instance',
      await instanceOf(),
      '--json',
    );
    expect(history.json.history.filter((e) => e.type === 'task.attached')).toMatchObject([{ actor: 'ana' }]);
  });

  it('refuses to attach to a task that does not exist, and says how to find one', async () => {
    const file = join(dir, 'note.txt');
    writeFileSync(file, 'x');
    const refused = await sluice<ErrorJson>('attach', 'no-such-task', file, '--json');
    expect(refused.code).toBe(1);
    expect(refused.json.error).toMatchObject({ code: 'task-not-found' });
    expect(refused.json.error.message).toContain('no-such-task');
  });

  async function instanceOf(): Promise<string> {
    const tasks = await sluice<{ id: string; instanceId: string }[]>('tasks', '--json');
    return tasks.json.find((t) => t.id === taskId)!.instanceId;
  }
});
