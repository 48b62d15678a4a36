import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { deduplicatingMailer, memorySentLog } from '../../src/work/notifications/deduplicating-mailer.js';
import { MailError, type Mailer } from '../../src/work/notifications/mailer.js';
import { memoryMailer } from '../../src/work/notifications/memory-mailer.js';
import { composeMail, notificationKey } from '../../src/work/notifications/notifications.js';
import { smtpMailer } from '../../src/work/notifications/smtp-mailer.js';
import { renderTemplate, templateVariables } from '../../src/work/notifications/templates.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';

const closing: (TestSmtpServer | Mailer)[] = [];
afterEach(async () => {
  for (const item of closing.splice(0).reverse()) await item.close();
});

async function server(options?: Parameters<typeof startSmtpServer>[0]): Promise<TestSmtpServer> {
  const started = await startSmtpServer(options);
  closing.push(started);
  return started;
}

function mailer(port: number, extra: Partial<Parameters<typeof smtpMailer>[0]> = {}): Mailer {
  const created = smtpMailer({
    host: '127.0.0.1',
    port,
    from: 'Sluice <noreply@sluice.example>',
    ignoreTls: true,
    timeoutMs: 5000,
    ...extra,
  });
  closing.push(created);
  return created;
}

const reminder = {
  kind: 'sla.reminder' as const,
  key: notificationKey('task-17', 'sla.reminder', 75, 'ana@example.com'),
  to: ['ana@example.com'],
  variables: {
    recipient: { name: 'Ana' },
    task: {
      name: 'Reset <VPN> token & "unlock"',
      due: '2025-03-31 11:00',
      link: 'https://sluice.example/tasks/task-17',
    },
    sla: { percent: 75 },
  },
};

describe('e-mail through a real SMTP server on 127.0.0.1', () => {
  it('arrives with subject, plain text, escaped HTML and a Message-ID from the notification key', async () => {
    const smtp = await server();
    const sent = await mailer(smtp.port).send(composeMail(reminder));
    const [arrived] = await smtp.waitFor(1);

    expect(sent.accepted).toEqual(['ana@example.com']);
    expect(arrived!.envelope).toEqual({ from: 'noreply@sluice.example', to: ['ana@example.com'] });
    const { mail } = arrived!;
    expect(mail.subject).toBe('Reminder: Reset <VPN> token & "unlock" is due 2025-03-31 11:00');
    expect(mail.from).toMatchObject({ name: 'Sluice', address: 'noreply@sluice.example' });
    expect(mail.text).toContain(
      '75% of the time for "Reset <VPN> token & "unlock"" is used up; it is due 2025-03-31 11:00.',
    );
    expect(mail.html).toContain('Reset &lt;VPN&gt; token &amp; &quot;unlock&quot;');
    expect(mail.html).not.toContain('<VPN>');
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@sluice\.example>$/);
    expect(mail.headers.find((h) => h.key === 'x-sluice-notification')?.value).toBe(
      'task-17:sla.reminder:75:ana@example.com',
    );
  });

  it('gives the same Message-ID to the same notification sent twice, and another to another', async () => {
    const smtp = await server();
    const send = mailer(smtp.port);
    await send.send(composeMail(reminder));
    await send.send(composeMail(reminder));
    await send.send(
      composeMail({ ...reminder, key: notificationKey('task-17', 'sla.breached', 100, 'ana@example.com') }),
    );
    const arrived = await smtp.waitFor(3);
    const ids = arrived.map((a) => a.mail.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('sends a notification once when it is retried through the deduplicating mailer', async () => {
    const smtp = await server();
    const log = memorySentLog();
    const once = deduplicatingMailer(mailer(smtp.port), log, 'noreply@sluice.example');
    const first = await once.send(composeMail(reminder));
    const second = await once.send(composeMail(reminder));
    expect(first.duplicate).toBeUndefined();
    expect(second).toEqual({ messageId: first.messageId, accepted: [], rejected: [], duplicate: true });
    await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.arrived).toHaveLength(1);
    expect([...log.keys]).toEqual([reminder.key]);
  });

  it('logs in when the server asks for it, and fails for good with a wrong password', async () => {
    const smtp = await server({ login: { user: 'sluice', pass: 's3cret' } });
    await mailer(smtp.port, { auth: { user: 'sluice', pass: 's3cret' } }).send(composeMail(reminder));
    expect((await smtp.waitFor(1))[0]!.mail.subject).toMatch(/^Reminder/);

    const refused = await mailer(smtp.port, { auth: { user: 'sluice', pass: 'wrong' } })
      .send(composeMail(reminder))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MailError);
    expect(refused).toMatchObject({ transient: false, responseCode: 535 });
    expect((refused as Error).message).toMatch(/^sending e-mail through 127\.0\.0\.1:\d+ failed: /);
  });

  it('tells a refused mailbox (do not retry) from a busy one (retry later)', async () => {
    const smtp = await server({ refuse: { 'gone@example.com': 550, 'full@example.com': 450 } });
    const send = mailer(smtp.port);
    await expect(send.send({ ...composeMail(reminder), to: ['gone@example.com'] })).rejects.toMatchObject({
      transient: false,
      responseCode: 550,
    });
    await expect(send.send({ ...composeMail(reminder), to: ['full@example.com'] })).rejects.toMatchObject({
      transient: true,
      responseCode: 450,
    });
    // One bad address among good ones: the message goes to the rest, and says who was refused.
    const partly = await send.send({ ...composeMail(reminder), to: ['ana@example.com', 'gone@example.com'] });
    expect(partly).toMatchObject({ accepted: ['ana@example.com'], rejected: ['gone@example.com'] });
    expect((await smtp.waitFor(1))[0]!.envelope.to).toEqual(['ana@example.com']);
  });

  it('reports a server that is not there as worth retrying', async () => {
    const port = await freePort();
    const failure = await mailer(port, { timeoutMs: 2000 })
      .send(composeMail(reminder))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MailError);
    expect(failure).toMatchObject({ transient: true });
  });
});

describe('templates', () => {
  it('fill in dotted variables and list the missing ones', () => {
    expect(
      renderTemplate(
        { subject: 'Hi {{ user.name }}', text: '{{greeting}}, {{user.name}}!\nOrder {{order.id}}' },
        { user: { name: 'Ana' }, greeting: 'Hello' },
      ),
    ).toEqual({
      subject: 'Hi Ana',
      text: 'Hello, Ana!\nOrder ',
      html: '<!doctype html>\n<html><body>\n<p>Hello, Ana!<br>\nOrder</p>\n</body></html>\n',
      missing: ['order.id'],
    });
  });

  it('escape the template and the values in the HTML part, and keep line breaks out of the subject', () => {
    const rendered = renderTemplate(
      { subject: 'Task {{name}}', text: 'A <b>bold</b> claim about {{name}}.\n\nSecond paragraph.' },
      { name: "x\r\nBcc: all@example.com <img src=x onerror='alert(1)'>" },
    );
    expect(rendered.subject).toBe("Task x Bcc: all@example.com <img src=x onerror='alert(1)'>");
    expect(rendered.html).toContain('<p>A &lt;b&gt;bold&lt;/b&gt; claim about x');
    expect(rendered.html).toContain(
      '&lt;img src=x onerror=&#39;alert(1)&#39;&gt;.</p>\n<p>Second paragraph.</p>',
    );
  });

  it('show numbers, dates and objects plainly', () => {
    expect(
      renderTemplate(
        { subject: '', text: '{{n}} {{d}} {{o}}' },
        { n: 3, d: new Date(Date.UTC(2025, 2, 31, 9)), o: { a: 1 } },
      ).text,
    ).toBe('3 2025-03-31T09:00:00.000Z {"a":1}');
  });

  it('name the variables they use', () => {
    expect(templateVariables({ subject: '{{task.name}}', text: '{{recipient.name}} {{task.name}}' })).toEqual(
      ['task.name', 'recipient.name'],
    );
  });
});

describe('notification keys', () => {
  it('keep parts apart even when a part contains the separator', () => {
    expect(notificationKey('a:b', 'c')).not.toBe(notificationKey('a', 'b:c'));
    expect(notificationKey('task-1', 'sla.reminder', 75, 'ana@example.com')).toBe(
      'task-1:sla.reminder:75:ana@example.com',
    );
  });
});

describe('the memory mailer', () => {
  it('keeps what it is given, with the Message-ID an SMTP mailer would use', async () => {
    const memory = memoryMailer('Sluice <noreply@sluice.example>');
    const sent = await memory.send(composeMail(reminder));
    expect(memory.sent).toMatchObject([
      { to: ['ana@example.com'], key: reminder.key, messageId: sent.messageId },
    ]);
    expect(sent.messageId).toMatch(/@sluice\.example>$/);
  });
});

/** A port on 127.0.0.1 with nothing listening on it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
