/**
 * `sluice:email`: sends one e-mail over SMTP (nodemailer) per job, from the task's headers:
 *   to, cc, bcc (comma-separated or a FEEL list), subject, text, html, from (default the
 *   configured sender). The job id is the Message-ID's left part, so a retry after a crash
 *   sends a mail that receiving systems can recognise as the same one.
 */
import nodemailer from 'nodemailer';
import type { JobHandler } from '../engine/job-executor.js';
import { ConnectorConfig, ConnectorMisconfigured } from './connector-config.js';

export interface SmtpOptions {
  readonly host: string;
  readonly port: number;
  readonly secure?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** The sender when the task names none. */
  readonly from: string;
}

export function emailConnector(smtp: SmtpOptions | undefined): JobHandler {
  const transport = smtp
    ? nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure ?? false,
        ...(smtp.auth && { auth: { ...smtp.auth } }),
        // Plain SMTP on a local relay (tests, a sidecar) must not be refused for lack of TLS.
        ignoreTLS: smtp.secure !== true,
      })
    : undefined;
  return async (job) => {
    if (!transport || !smtp)
      throw new ConnectorMisconfigured(
        `'${job.elementId}' sends e-mail, but no SMTP server is configured for the connectors`,
      );
    const config = new ConnectorConfig(job, 'e-mail');
    const addresses = (name: string): string | undefined => {
      const value = config.value(name);
      return Array.isArray(value) ? value.join(', ') : config.text(name);
    };
    const html = config.text('html');
    const cc = addresses('cc');
    const bcc = addresses('bcc');
    const info = await transport.sendMail({
      from: config.text('from') ?? smtp.from,
      to: addresses('to') ?? config.required('to'),
      ...(cc && { cc }),
      ...(bcc && { bcc }),
      subject: config.required('subject'),
      text: config.text('text') ?? '',
      ...(html && { html }),
      messageId: `<${job.id}@sluice>`,
    });
    return job.headers.resultVariable ? { [job.headers.resultVariable]: { messageId: info.messageId } } : {};
  };
}
