/**
 * Sends the notifications steps wrote to the outbox (the `notifications` table, one row per
 * person, in the step's transaction): by e-mail through the configured Mailer when the person
 * has an address, and to a webhook when one is configured. Every row stays in the person's
 * in-app feed. Runs after commit, never inside a step, so a slow mail server never blocks one.
 * At least once: a row is marked sent only after delivery; a crash in between sends it again
 * under the same key, which mail clients see as one message (deterministic Message-ID), and a
 * key already sent by another row is not sent twice. Transient failures retry with backoff;
 * permanent ones (a 5xx reply) are recorded on the row and not retried.
 */
import type { Store } from '../store/store.js';
import type { DirectorySnapshot } from '../work/directory/directory-snapshot.js';
import { composeDigest, type DigestOptions, digestDay, digestKey } from '../work/notifications/digest.js';
import { MailError, type Mailer } from '../work/notifications/mailer.js';
import {
  composeMail,
  type NotificationKind,
  notificationKinds,
} from '../work/notifications/notifications.js';
import type { Clock } from './clock.js';
import type { WorkDb } from './work-store.js';

export interface NotifierOptions {
  readonly mailer?: Mailer;
  /** Each notification is POSTed as JSON, with its key in `X-Sluice-Notification`. */
  readonly webhook?: { readonly url: string; readonly fetch?: typeof fetch };
  /** The link a message carries to the task, e.g. `https://sluice.example.com/tasks/${id}`. */
  readonly taskLink?: (taskId: string) => string;
  /** A daily e-mail to these people listing their unread in-app notifications. */
  readonly digest?: DigestOptions;
}

/** The type of the row that records a person's digest of a day (sent, so never in the outbox). */
const digestType = 'digest';
/** How often the notifier looks whether a digest is due. */
const digestCheckMs = 15 * 60 * 1000;

/** Attempts before a transiently failing notification is given up (and kept, with its error). */
export const maxAttempts = 8;

export interface FeedItem {
  readonly id: string;
  readonly type: string;
  readonly taskId?: string;
  readonly instanceId: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly sentAt?: number;
  readonly readAt?: number;
  readonly error?: string;
}

export class Notifier {
  private running = false;
  private sending?: Promise<void>;
  private again = false;
  private cancelPoll?: () => void;
  private nextDigestCheck = 0;

  constructor(
    private readonly store: Store,
    private readonly db: () => WorkDb,
    private readonly clock: Clock,
    private readonly directory: () => Promise<DirectorySnapshot>,
    private readonly options: NotifierOptions,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get busy(): number {
    return this.sending ? 1 : 0;
  }

  start(): void {
    this.running = true;
    this.poll();
  }

  stop(): void {
    this.running = false;
    this.cancelPoll?.();
  }

  /** New rows were committed: send them now rather than at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = this.sendPending()
      .then(() => this.sendDigestsIfDue())
      .then(() => undefined, this.onError)
      .finally(() => {
        delete this.sending;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private poll(): void {
    this.wake();
    if (this.running) this.cancelPoll = this.clock.at(this.clock.now() + this.pollMs, () => this.poll());
  }

  /** Sends what is due; returns how many rows it settled. */
  async sendPending(limit = 100): Promise<number> {
    const now = this.clock.now();
    const rows = await this.db()
      .selectFrom('notifications')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('attempts', '<', maxAttempts)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    const due = rows.filter(
      (row) => Number(row.attempts) === 0 || now >= Number(row.created_at) + backoff(Number(row.attempts)),
    );
    if (due.length === 0) return 0;
    const directory = await this.directory();
    for (const row of due) {
      try {
        const duplicate = await this.db()
          .selectFrom('notifications')
          .select('id')
          .where('key', '=', row.key)
          .where('sent_at', 'is not', null)
          .executeTakeFirst();
        if (!duplicate) await this.deliver(row, directory);
        await this.db()
          .updateTable('notifications')
          .set({ sent_at: this.clock.now(), error: null })
          .where('id', '=', row.id)
          .execute();
      } catch (error) {
        const permanent = error instanceof MailError && !error.transient;
        await this.db()
          .updateTable('notifications')
          .set({
            attempts: permanent ? maxAttempts : Number(row.attempts) + 1,
            error: error instanceof Error ? error.message : String(error),
          })
          .where('id', '=', row.id)
          .execute();
      }
    }
    return due.length;
  }

  private async deliver(
    row: {
      id: string;
      key: string;
      user_id: string;
      type: string;
      task_id: string | null;
      instance_id: string;
      data: string;
    },
    directory: DirectorySnapshot,
  ): Promise<void> {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const user = directory.users.get(row.user_id);
    const { mailer, webhook } = this.options;
    if (mailer && user?.email && isKind(row.type)) {
      const task = row.task_id !== null ? await this.store.getTask(row.task_id) : undefined;
      const due = typeof data.dueAt === 'number' ? data.dueAt : task?.dueAt;
      const mail = composeMail({
        kind: row.type,
        key: row.key,
        to: [user.email],
        variables: {
          recipient: { name: user.name },
          task: {
            name: task?.name ?? data.element ?? row.task_id,
            due: due !== undefined ? new Date(due).toISOString() : 'not set',
            link: row.task_id !== null && this.options.taskLink ? this.options.taskLink(row.task_id) : '',
            assignee: task?.assignee ?? 'nobody',
            completedBy: data.by ?? 'someone',
          },
          process: { name: task?.processId ?? row.instance_id },
          group: { name: task?.candidateGroups.join(', ') ?? '' },
          sla: { percent: data.percent ?? '' },
        },
      });
      await mailer.send(mail);
    }
    if (webhook) {
      const response = await (webhook.fetch ?? fetch)(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sluice-notification': row.key },
        body: JSON.stringify({
          id: row.id,
          key: row.key,
          type: row.type,
          user: row.user_id,
          taskId: row.task_id,
          instanceId: row.instance_id,
          data,
        }),
      });
      if (!response.ok)
        throw new MailError(
          `webhook ${webhook.url} answered ${response.status}`,
          response.status >= 500 || response.status === 429,
        );
    }
  }

  private async sendDigestsIfDue(): Promise<void> {
    const now = this.clock.now();
    if (!this.options.digest || now < this.nextDigestCheck) return;
    this.nextDigestCheck = (Math.floor(now / digestCheckMs) + 1) * digestCheckMs;
    await this.sendDigests();
  }

  /**
   * Sends each digest due now: once the configured hour has come in the person's zone, once a
   * day (a row keyed by person and day records it, also on a day with nothing unread). Sent
   * before it is recorded: after a crash in between it goes again, with the same Message-ID.
   */
  async sendDigests(): Promise<number> {
    const { digest, mailer } = this.options;
    if (!digest || !mailer) return 0;
    const now = this.clock.now();
    const directory = await this.directory();
    let sent = 0;
    for (const userId of digest.users) {
      const user = directory.users.get(userId);
      const timeZone = user?.timeZone ?? digest.timeZone ?? 'UTC';
      const day = digestDay(now, digest.hour, timeZone);
      if (!user?.email || day === undefined) continue;
      const key = digestKey(userId, day);
      const done = await this.db()
        .selectFrom('notifications')
        .select('id')
        .where('key', '=', key)
        .executeTakeFirst();
      if (done) continue;
      const unread = await this.feed(userId, { unread: true, limit: 100 });
      if (unread.length > 0) {
        const items = await Promise.all(
          unread.map(async (n) => {
            const task = n.taskId !== undefined ? await this.store.getTask(n.taskId) : undefined;
            const element = typeof n.data.element === 'string' ? n.data.element : undefined;
            return {
              type: n.type,
              createdAt: n.createdAt,
              taskName: task?.name ?? element ?? n.taskId ?? '',
            };
          }),
        );
        await mailer.send(composeDigest({ name: user.name, email: user.email, timeZone }, items, key));
        sent++;
      }
      await this.db()
        .insertInto('notifications')
        .values({
          id: key,
          key,
          user_id: userId,
          type: digestType,
          task_id: null,
          instance_id: '',
          data: JSON.stringify({ day, count: unread.length }),
          created_at: now,
          sent_at: now,
          attempts: 1,
          error: null,
          read_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    return sent;
  }

  /** A person's in-app feed, newest first (their digests are not part of it). */
  async feed(user: string, options: { unread?: boolean; limit?: number } = {}): Promise<FeedItem[]> {
    let query = this.db()
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', user)
      .where('type', '!=', digestType)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit ?? 50);
    if (options.unread) query = query.where('read_at', 'is', null);
    return (await query.execute()).map((row) => ({
      id: row.id,
      type: row.type,
      ...(row.task_id !== null && { taskId: row.task_id }),
      instanceId: row.instance_id,
      data: JSON.parse(row.data) as Record<string, unknown>,
      createdAt: Number(row.created_at),
      ...(row.sent_at !== null && { sentAt: Number(row.sent_at) }),
      ...(row.read_at !== null && { readAt: Number(row.read_at) }),
      ...(row.error !== null && { error: row.error }),
    }));
  }

  async markRead(user: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db()
      .updateTable('notifications')
      .set({ read_at: this.clock.now() })
      .where('user_id', '=', user)
      .where('id', 'in', [...ids])
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

const isKind = (type: string): type is NotificationKind =>
  (notificationKinds as readonly string[]).includes(type);

/** 1 s, 2 s, 4 s ... after the row was written. */
const backoff = (attempts: number): number => 1000 * 2 ** (attempts - 1);
