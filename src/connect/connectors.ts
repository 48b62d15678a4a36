/**
 * The built-in connectors, as job handlers of reserved service-task types. The engine
 * registers them at its composition root with the configuration given to createSluice.
 */
import type { JobHandler } from '../engine/job-executor.js';
import { emailConnector, type SmtpOptions } from './email-connector.js';
import { httpConnector } from './http-connector.js';
import { OutboundGuard, type OutboundPolicy } from './outbound-policy.js';
import { webhookConnector } from './webhook-connector.js';

export interface ConnectorOptions {
  /** Default: no private, loopback or link-local address may be reached. */
  readonly outbound?: OutboundPolicy;
  readonly smtp?: SmtpOptions;
  /** Secrets outgoing webhooks are signed with, by the name a task gives. */
  readonly webhookSecrets?: Readonly<Record<string, string>>;
}

export const connectorTypes = {
  http: 'sluice:http',
  email: 'sluice:email',
  webhook: 'sluice:webhook',
} as const;

export function connectorHandlers(options: ConnectorOptions, now: () => number): [string, JobHandler][] {
  const guard = new OutboundGuard(options.outbound);
  return [
    [connectorTypes.http, httpConnector(guard)],
    [connectorTypes.email, emailConnector(options.smtp)],
    [connectorTypes.webhook, webhookConnector(guard, options.webhookSecrets ?? {}, now)],
  ];
}
