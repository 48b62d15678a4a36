/**
 * Connector settings of a server process from its flags and environment (`sluice serve`):
 * the outbound allow-list, the SMTP server and the secrets outgoing webhooks are signed with.
 * Secrets come from the environment or a file, never from flags (which `ps` shows).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { SluiceError } from '../engine/errors.js';
import type { ConnectorOptions } from './connectors.js';
import type { SmtpOptions } from './email-connector.js';

export interface ConnectorFlags {
  /** Addresses or CIDR ranges (repeatable flag, or comma-separated SLUICE_OUTBOUND_ALLOW). */
  readonly outboundAllow?: readonly string[];
  readonly outboundAllowPrivate?: boolean;
  /** A JSON file {"name": "secret"} (or SLUICE_WEBHOOK_SECRETS_FILE). */
  readonly webhookSecrets?: string;
  /** The sender of mails whose task names none (or SLUICE_SMTP_FROM). */
  readonly smtpFrom?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const invalid = (message: string, hint: string): SluiceError =>
  new SluiceError('invalid', 'connector-settings-invalid', message, hint);

export function connectorSettings(flags: ConnectorFlags, env: Env): ConnectorOptions {
  const allow = [...(flags.outboundAllow ?? []), ...splitList(env.SLUICE_OUTBOUND_ALLOW)];
  allow.forEach(checkRange);
  const allowPrivate = flags.outboundAllowPrivate === true || env.SLUICE_OUTBOUND_ALLOW_PRIVATE === 'true';
  const smtp = smtpSettings(env.SLUICE_SMTP_URL, flags.smtpFrom ?? env.SLUICE_SMTP_FROM);
  const secretsFile = flags.webhookSecrets ?? env.SLUICE_WEBHOOK_SECRETS_FILE;
  return {
    outbound: { allow, ...(allowPrivate && { allowPrivate }) },
    ...(smtp && { smtp }),
    ...(secretsFile !== undefined && { webhookSecrets: readSecrets(secretsFile) }),
  };
}

const splitList = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

function checkRange(range: string): void {
  const [address, prefix] = range.split('/') as [string, string | undefined];
  const family = isIP(address);
  const bits = family === 6 ? 128 : 32;
  if (family !== 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits))) return;
  throw invalid(
    `the outbound allow-list entry '${range}' is not an IP address or CIDR range`,
    'give addresses or ranges such as 127.0.0.1, 10.1.0.0/16 or fd00::/8 (names are not allowed: they are checked after DNS resolution)',
  );
}

/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465` (TLS from the start). */
function smtpSettings(url: string | undefined, from: string | undefined): SmtpOptions | undefined {
  if (url === undefined || url === '') return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:'))
    throw invalid(
      'SLUICE_SMTP_URL is not an smtp:// or smtps:// URL',
      'set it like smtp://user:password@mail.example.com:587',
    );
  if (from === undefined || from === '')
    throw invalid(
      'an SMTP server is set but no sender',
      'set --smtp-from or SLUICE_SMTP_FROM, e.g. sluice@example.com',
    );
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port),
    secure,
    ...(parsed.username !== '' && {
      auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    }),
    from,
  };
}

function readSecrets(path: string): Record<string, string> {
  let secrets: unknown;
  try {
    secrets = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(
      `the webhook secrets file '${path}' could not be read: ${error instanceof Error ? error.message : String(error)}`,
      'give a JSON file such as {"crm": "a long random secret"}',
    );
  }
  const entries =
    typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets) ? secrets : undefined;
  if (!entries || !Object.values(entries).every((value) => typeof value === 'string' && value.length >= 16))
    throw invalid(
      `the webhook secrets file '${path}' must map names to secrets of at least 16 characters`,
      'give a JSON file such as {"crm": "a long random secret"}',
    );
  return entries as Record<string, string>;
}
