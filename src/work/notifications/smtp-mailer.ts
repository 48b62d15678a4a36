/**
 * E-mail over SMTP with nodemailer. One pooled transport per mailer; the server is
 * configurable (host, port, TLS, login). Every message carries a Message-ID derived from its
 * notification key and an `X-Sluice-Notification` header with the key, so duplicates can be
 * recognised downstream.
 */
import { createTransport } from 'nodemailer';
import { MailError, type Mailer, type MailMessage, type SentMail } from './mailer.js';
import { domainOf, messageIdFor } from './message-id.js';

export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure?: boolean;
  /** Refuse to send without STARTTLS. */
  readonly requireTls?: boolean;
  /** Never upgrade with STARTTLS (a local relay, a test server). */
  readonly ignoreTls?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Sender of messages that name none, e.g. 'Sluice <noreply@example.com>'. */
  readonly from: string;
  /** Give up on a connection or a reply after this long; default 30 s. */
  readonly timeoutMs?: number;
  /** Accept a self-signed certificate (tests, internal relays). */
  readonly allowSelfSigned?: boolean;
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
]);

export function smtpMailer(options: SmtpOptions): Mailer {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    requireTLS: options.requireTls ?? false,
    ignoreTLS: options.ignoreTls ?? false,
    ...(options.auth && { auth: { user: options.auth.user, pass: options.auth.pass } }),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(options.allowSelfSigned && { tls: { rejectUnauthorized: false } }),
  });
  const domain = domainOf(options.from);
  return {
    async send(message: MailMessage): Promise<SentMail> {
      const from = message.from ?? options.from;
      try {
        const info = await transport.sendMail({
          from,
          to: [...message.to],
          ...(message.cc && message.cc.length > 0 && { cc: [...message.cc] }),
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined && { html: message.html }),
          messageId: messageIdFor(message.key, domain),
          headers: { ...message.headers, 'X-Sluice-Notification': message.key },
        });
        return {
          messageId: info.messageId,
          accepted: (info.accepted ?? []).map(String),
          rejected: (info.rejected ?? []).map(String),
        };
      } catch (error) {
        throw asMailError(error, options);
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}

function asMailError(error: unknown, options: SmtpOptions): MailError {
  const { responseCode, code, message } = error as { responseCode?: number; code?: string; message?: string };
  const text = message ?? String(error);
  const transient =
    (responseCode !== undefined && responseCode >= 400 && responseCode < 500) ||
    (responseCode === undefined && code !== undefined && TRANSIENT_CODES.has(code));
  const where = `${options.host}:${options.port}`;
  return new MailError(`sending e-mail through ${where} failed: ${text}`, transient, responseCode, code);
}
