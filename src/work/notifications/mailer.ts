/**
 * Sending e-mail is an effect at the edge: the engine's notifier hands a composed message to a
 * Mailer after commit, from a durable job, at least once. Implementations: SMTP
 * (smtp-mailer.ts) and memory (for tests and simulation); anything else can implement this.
 */

export interface MailMessage {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  /** Defaults to the mailer's sender. */
  readonly from?: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /**
   * Names this notification for deduplication: the same key yields the same Message-ID, so
   * a message sent twice (a retry after a crash) is one message to mail clients and servers.
   */
  readonly key: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SentMail {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** True when the message was not sent because its key had been sent before. */
  readonly duplicate?: boolean;
}

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  close(): Promise<void>;
}

/**
 * Sending failed. `transient` failures (connection refused, 4xx replies, timeouts) are worth
 * retrying; permanent ones (5xx replies: an unknown mailbox, a refused login) are not, and
 * should become an incident with this message.
 */
export class MailError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly responseCode?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'MailError';
  }
}
