/**
 * `sluice notifications --user U [--unread] [--limit N] [--mark-read]`: a person's in-app feed
 * (task offered or assigned, SLA reminders and breaches, completions they are informed of),
 * newest first; --mark-read marks what was shown as read.
 */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { withSluice } from './open-sluice.js';
import { wholeNumber } from './option-values.js';

interface NotificationsOptions {
  readonly user: string;
  readonly unread?: boolean;
  readonly limit?: number;
  readonly markRead?: boolean;
}

export function registerNotifications(program: Command, run: CliRun): void {
  program
    .command('notifications')
    .description("a person's in-app notifications, newest first")
    .requiredOption('--user <user>', 'whose feed')
    .option('--unread', 'only those not read yet')
    .option('--limit <n>', 'at most this many (default 50)', wholeNumber(1))
    .option('--mark-read', 'mark the notifications shown as read')
    .action(
      action<[], NotificationsOptions>(run, async ({ out, db, options }) => {
        const items = await withSluice(db, async (sluice) => {
          const feed = await sluice.work.notifications(options.user, {
            ...(options.unread === true && { unread: true }),
            limit: options.limit ?? 50,
          });
          if (options.markRead === true && feed.length > 0)
            await sluice.work.markRead(
              options.user,
              feed.map((n) => n.id),
            );
          return feed;
        });
        out.result({ user: options.user, items }, () =>
          items.length === 0
            ? `no notifications for ${options.user}`
            : items.map(
                (n) =>
                  `${new Date(n.createdAt).toISOString()}  ${n.readAt === undefined ? '*' : ' '} ${n.type.padEnd(15)} task ${n.taskId ?? '-'}`,
              ),
        );
      }),
    );
}
