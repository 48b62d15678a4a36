import { afterEach, describe, expect, it } from 'vitest';
import { workDatabase } from '../../src/engine/work-store.js';
import { smtpMailer } from '../../src/work/notifications/smtp-mailer.js';
import { bpmn, flows } from '../support/bpmn.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';
import { oneTask, type WorkHarness, workHarness } from './work-harness.js';

let h: WorkHarness | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await h?.close();
  await smtp?.close();
  h = smtp = undefined;
});

const approval = {
  id: 'approval',
  type: 'default',
  components: [
    { type: 'number', key: 'amount', label: 'Amount', validate: { required: true, min: 0 } },
    { type: 'checkbox', key: 'approved', label: 'Approved' },
  ],
};

const withForm = (attrs: string): string =>
  oneTask('approve', `${attrs} camunda:formKey="camunda-forms:deployment:approval.form"`);

describe("a task's form is checked when the task completes", () => {
  it('refuses missing, wrong and extra variables with every problem named, and changes nothing', async () => {
    h = await workHarness([withForm('sluice:responsible="group:desk"')]);
    await h.sluice.work.deployForm(approval);
    const id = await h.start('approve');
    const [task] = await h.openTasks(id);
    const refusal = h.sluice.completeTask(task!.id, {
      actor: 'ana',
      variables: { amount: 'lots', note: 'x' },
    });
    await expect(refusal).rejects.toMatchObject({ code: 'form-invalid' });
    await expect(refusal).rejects.toThrow(/amount wrong-type.*note extra/);
    await expect(h.sluice.completeTask(task!.id, { actor: 'ana' })).rejects.toThrow(/amount missing/);
    expect((await h.openTasks(id))[0]).toMatchObject({ id: task!.id, state: 'open' });
    expect(await h.events(id, 'element.completed')).toHaveLength(1); // the start event only
    await h.sluice.completeTask(task!.id, { actor: 'ana', variables: { amount: 120, approved: true } });
    expect((await h.sluice.instance(id)).status).toBe('completed');
  });
});

describe("work done ahead (pre-do) is checked against the later task's form when it is recorded", () => {
  it('refuses variables the form does not accept before anything is kept', async () => {
    h = await workHarness([
      oneTask(
        'approve-ahead',
        'sluice:responsible="group:desk"',
        'sluice:predo="true" camunda:formKey="camunda-forms:deployment:approval.form"',
      ),
    ]);
    await h.sluice.work.deployForm(approval);
    const id = await h.start('approve-ahead');
    const ahead = h.sluice.work.predo(id, 'second', { actor: 'kim', variables: { approved: true } });
    await expect(ahead).rejects.toMatchObject({ code: 'form-invalid' });
    await expect(ahead).rejects.toThrow(/'second' cannot be done ahead.*amount missing/);
    expect(await h.events(id, 'task.predone')).toEqual([]);
    await h.sluice.work.predo(id, 'second', { actor: 'kim', variables: { amount: 5, approved: true } });
    expect(await h.events(id, 'task.predone')).toHaveLength(1);
  });
});

/** The approval form embedded in the model, as Camunda 8 embeds it, and named by the task. */
const embedded = bpmn(
  'approve-embedded',
  `<bpmn:extensionElements><zeebe:userTaskForm id="approval">${JSON.stringify(approval).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</zeebe:userTaskForm></bpmn:extensionElements>
   <bpmn:startEvent id="s"/>
   <bpmn:userTask id="first" name="Approve"><bpmn:extensionElements>
     <zeebe:formDefinition formKey="camunda-forms:bpmn:approval"/>
   </bpmn:extensionElements></bpmn:userTask>
   <bpmn:endEvent id="e"/>${flows('s>first', 'first>e')}`,
);

describe('a form embedded in the model is checked on completion like a deployed one', () => {
  it('refuses what the embedded form does not allow, and completes with what it asks for', async () => {
    h = await workHarness([embedded]);
    const id = await h.start('approve-embedded');
    const [task] = await h.openTasks(id);
    expect(task!.formKey).toBe('camunda-forms:bpmn:approval');
    const refusal = h.sluice.completeTask(task!.id, { actor: 'ana', variables: { amount: -1, note: 'x' } });
    await expect(refusal).rejects.toMatchObject({ code: 'form-invalid' });
    await expect(refusal).rejects.toThrow(/amount too-small.*note extra/);
    expect((await h.openTasks(id))[0]).toMatchObject({ id: task!.id, state: 'open' });
    await h.sluice.completeTask(task!.id, { actor: 'ana', variables: { amount: 120, approved: false } });
    expect((await h.sluice.instance(id)).status).toBe('completed');
  });
});

describe('notifications go out after commit, by e-mail through a real SMTP server', () => {
  it('mails the assignee; a resend after a crash carries the same Message-ID, a duplicate key is not sent', async () => {
    smtp = await startSmtpServer();
    const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, from: 'sluice@example.com' });
    h = await workHarness([oneTask('ticket', 'sluice:assignment="direct" sluice:assignee="ben"')], {
      mailer,
      taskLink: (taskId) => `https://sluice.example.com/tasks/${taskId}`,
    });
    const id = await h.start('ticket');
    const [arrived] = await smtp.waitFor(1);
    expect(arrived!.envelope.to).toEqual(['ben@example.com']);
    expect(arrived!.mail.subject).toBe('First is yours');
    const [task] = await h.openTasks(id);
    expect(arrived!.mail.text).toContain(`https://sluice.example.com/tasks/${task!.id}`);
    const db = workDatabase(h.sluice.store);
    const row = await db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
    // a crash after sending but before recording: the row goes out again, as the same message
    await db.updateTable('notifications').set({ sent_at: null }).where('id', '=', row.id).execute();
    expect(await h.sluice.work.sendNotifications()).toBe(1);
    const [, again] = await smtp.waitFor(2);
    expect(again!.mail.messageId).toBe(arrived!.mail.messageId);
    // the same notification written twice (a second routing): the key was sent, so it is not mailed
    await db
      .insertInto('notifications')
      .values({ ...row, id: `${row.id}-copy`, sent_at: null })
      .execute();
    expect(await h.sluice.work.sendNotifications()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.arrived).toHaveLength(2);
    expect((await h.sluice.work.notifications('ben'))[0]).toMatchObject({
      type: 'task.assigned',
      taskId: task!.id,
    });
    await mailer.close();
  });
});
