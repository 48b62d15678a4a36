/**
 * What Sluice tells people, as data: the kinds of notification, their default templates, and
 * a key per notification that makes a retry of the same notification recognisable. The
 * engine's notifier composes a message with `composeMail` and sends it after commit.
 */
import type { MailMessage } from './mailer.js';
import { renderTemplate, type Template } from './templates.js';

export const notificationKinds = [
  'task.assigned',
  'task.offered',
  'task.completed',
  'sla.reminder',
  'sla.escalated',
  'sla.breached',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface Notification {
  readonly kind: NotificationKind;
  /** Identifies this notification among all others: see notificationKey. */
  readonly key: string;
  /** E-mail addresses. */
  readonly to: readonly string[];
  readonly variables: Readonly<Record<string, unknown>>;
}

/**
 * A key from the parts that make a notification unique: for a reminder, the task, the kind,
 * the ladder step and the recipient. Parts are escaped so that ('a:b', 'c') and ('a', 'b:c')
 * differ.
 */
export function notificationKey(...parts: readonly (string | number)[]): string {
  return parts.map((part) => String(part).replace(/%/g, '%25').replace(/:/g, '%3A')).join(':');
}

export const defaultTemplates: Readonly<Record<NotificationKind, Template>> = {
  'task.assigned': {
    subject: '{{task.name}} is yours',
    text: 'Hello {{recipient.name}},\n\nthe task "{{task.name}}" of {{process.name}} was assigned to you.\nDue: {{task.due}}\n\n{{task.link}}',
  },
  'task.offered': {
    subject: 'New task for {{group.name}}: {{task.name}}',
    text: 'Hello {{recipient.name}},\n\nthe task "{{task.name}}" of {{process.name}} waits for someone in {{group.name}} to claim it.\nDue: {{task.due}}\n\n{{task.link}}',
  },
  'task.completed': {
    subject: 'Done: {{task.name}}',
    text: 'Hello {{recipient.name}},\n\n{{task.completedBy}} completed "{{task.name}}" of {{process.name}}.\n\n{{task.link}}',
  },
  'sla.reminder': {
    subject: 'Reminder: {{task.name}} is due {{task.due}}',
    text: 'Hello {{recipient.name}},\n\n{{sla.percent}}% of the time for "{{task.name}}" is used up; it is due {{task.due}}.\n\n{{task.link}}',
  },
  'sla.escalated': {
    subject: 'Escalation: {{task.name}} is {{sla.percent}}% through its time',
    text: 'Hello {{recipient.name}},\n\n"{{task.name}}" of {{process.name}}, held by {{task.assignee}}, has used {{sla.percent}}% of its time (due {{task.due}}).\n\n{{task.link}}',
  },
  'sla.breached': {
    subject: 'Overdue: {{task.name}}',
    text: 'Hello {{recipient.name}},\n\n"{{task.name}}" of {{process.name}}, held by {{task.assignee}}, was due {{task.due}} and is not done.\n\n{{task.link}}',
  },
};

export function composeMail(
  notification: Notification,
  templates: Readonly<Record<NotificationKind, Template>> = defaultTemplates,
): MailMessage & { readonly missing: readonly string[] } {
  const rendered = renderTemplate(templates[notification.kind], notification.variables);
  return {
    to: notification.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    key: notification.key,
    missing: rendered.missing,
  };
}
