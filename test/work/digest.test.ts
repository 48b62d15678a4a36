/** Daily digests of unread in-app notifications, through a real SMTP server on the virtual clock. */
import { afterEach, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../src/work/notifications/smtp-mailer.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-server.js';
import { at, day, minute } from './time-helpers.js';
import { oneTask, type WorkHarness, workHarness } from './work-harness.js';

let h: WorkHarness | undefined;
let smtp: TestSmtpServer | undefined;
afterEach(async () => {
  await h?.close();
  await smtp?.close();
  h = smtp = undefined;
});

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

/** A harness whose notifier sends ana and kim a digest at 17:00 in their zones; mail goes to a real server. */
async function digestHarness(): Promise<WorkHarness> {
  smtp = await startSmtpServer();
  const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, from: 'sluice@example.com' });
  const harness = await workHarness(
    [
      oneTask('for-ana', 'sluice:assignment="direct" sluice:assignee="ana"'),
      oneTask('for-kim', 'sluice:assignment="direct" sluice:assignee="kim"'),
    ],
    { mailer, digest: { hour: 17, timeZone: BERLIN, users: ['ana', 'kim'] } },
    at('2030-01-07T10:00', BERLIN),
  );
  // kim reads her mail in New York
  await harness.sluice.work.directory.apply({
    users: [{ id: 'kim', name: 'Kim', email: 'kim@example.com', timeZone: NEW_YORK, active: true }],
  });
  return harness;
}

const digestsIn = (server: TestSmtpServer) =>
  server.arrived
    .filter((m) => m.mail.subject?.startsWith('Sluice:'))
    .map((m) => `${m.envelope.to.join(',')} ${m.mail.subject}`);

async function moveTo(harness: WorkHarness, instant: number): Promise<void> {
  await harness.advance(instant - harness.clock.now());
}

describe('a daily digest of unread notifications', () => {
  it("goes out at the configured hour in each person's zone, once a day, while anything is unread", async () => {
    h = await digestHarness();
    await h.start('for-ana');
    await h.start('for-kim');
    await smtp!.waitFor(2); // the two "is yours" mails, sent at once

    await moveTo(h, at('2030-01-07T17:00', BERLIN) - minute);
    expect(digestsIn(smtp!)).toEqual([]);
    await moveTo(h, at('2030-01-07T17:00', BERLIN));
    const [, , anaDigest] = await smtp!.waitFor(3);
    expect(anaDigest!.envelope.to).toEqual(['ana@example.com']);
    expect(anaDigest!.mail.subject).toBe('Sluice: 1 unread');
    expect(anaDigest!.mail.text).toMatch(/Mon 7 Jan 10:00 {2}First: assigned to you/);

    await moveTo(h, at('2030-01-07T20:00', BERLIN));
    expect(digestsIn(smtp!)).toEqual(['ana@example.com Sluice: 1 unread']);
    await moveTo(h, at('2030-01-07T17:00', NEW_YORK));
    await smtp!.waitFor(4);
    expect(digestsIn(smtp!)).toEqual([
      'ana@example.com Sluice: 1 unread',
      'kim@example.com Sluice: 1 unread',
    ]);

    // ana reads her feed; the next day only kim, whose notification is still unread, hears again
    const feed = await h.sluice.work.notifications('ana');
    await h.sluice.work.markRead(
      'ana',
      feed.map((n) => n.id),
    );
    await moveTo(h, at('2030-01-08T17:00', NEW_YORK) + day / 4);
    await smtp!.waitFor(5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(digestsIn(smtp!)).toEqual([
      'ana@example.com Sluice: 1 unread',
      'kim@example.com Sluice: 1 unread',
      'kim@example.com Sluice: 1 unread',
    ]);
    expect(feed.map((n) => n.type)).toEqual(['task.assigned']); // the digest is not part of the feed
  });
});
