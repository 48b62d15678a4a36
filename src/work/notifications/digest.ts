/**
 * The daily digest: one e-mail a day to each person who asked for it, listing their unread
 * in-app notifications. Pure: when a person's digest is due (the configured hour in their own
 * time zone) and what it says; the engine's notifier reads the feed and sends it.
 */
import { DateTime } from 'luxon';
import type { MailMessage } from './mailer.js';
import { notificationKey } from './notifications.js';
import { renderTemplate, type Template } from './templates.js';

export interface DigestOptions {
  /** The hour of the day (0-23) the digest goes out, in each person's time zone. */
  readonly hour: number;
  /** For people without a time zone in the directory (default UTC). */
  readonly timeZone?: string;
  /** Who receives a digest: the people who asked for one. */
  readonly users: readonly string[];
}

/** One unread notification, as the digest lists it. */
export interface DigestItem {
  readonly type: string;
  readonly taskName: string;
  readonly createdAt: number;
}

export const digestTemplate: Template = {
  subject: 'Sluice: {{count}} unread',
  text: 'Hello {{recipient.name}},\n\nyou have {{count}} unread notifications in Sluice:\n\n{{items}}',
};

const what: Readonly<Record<string, string>> = {
  'task.assigned': 'assigned to you',
  'task.offered': 'offered to you',
  'task.completed': 'completed',
  'sla.reminder': 'due soon',
  'sla.escalated': 'escalated',
  'sla.breached': 'overdue',
};

/** The person's local day whose digest is due at `now`, or undefined before the hour. */
export function digestDay(now: number, hour: number, timeZone: string): string | undefined {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  return local.hour >= hour ? local.toISODate()! : undefined;
}

/** The key of a person's digest for a day: at most one is sent. */
export const digestKey = (user: string, day: string): string => notificationKey('digest', user, day);

export function composeDigest(
  recipient: { readonly name: string; readonly email: string; readonly timeZone: string },
  items: readonly DigestItem[],
  key: string,
): MailMessage {
  const lines = items.map(
    (item) =>
      `- ${DateTime.fromMillis(item.createdAt, { zone: recipient.timeZone }).toFormat('ccc d LLL HH:mm')}  ${item.taskName}: ${what[item.type] ?? item.type}`,
  );
  const rendered = renderTemplate(digestTemplate, {
    recipient: { name: recipient.name },
    count: items.length,
    items: lines.join('\n'),
  });
  return { to: [recipient.email], subject: rendered.subject, text: rendered.text, html: rendered.html, key };
}
