/** `sluice serve` connector settings: flags and environment become the connectors' options. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectorSettings } from '../../src/connect/connector-settings.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const secretsFile = (content: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-secrets-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'secrets.json'), content);
  return join(dir, 'secrets.json');
};

describe('connector settings of a server', () => {
  it('allow nothing private and configure no SMTP when nothing is given', () => {
    expect(connectorSettings({}, {})).toEqual({ outbound: { allow: [] } });
  });

  it('join the allow-list of the flags and the environment', () => {
    const settings = connectorSettings(
      { outboundAllow: ['127.0.0.1'] },
      { SLUICE_OUTBOUND_ALLOW: '10.1.0.0/16, fd00::/8', SLUICE_OUTBOUND_ALLOW_PRIVATE: 'true' },
    );
    expect(settings.outbound).toEqual({
      allow: ['127.0.0.1', '10.1.0.0/16', 'fd00::/8'],
      allowPrivate: true,
    });
  });

  it('refuse a host name or a bad prefix in the allow-list, naming the entry', () => {
    expect(() => connectorSettings({ outboundAllow: ['intranet.local'] }, {})).toThrow(/'intranet.local'/);
    expect(() => connectorSettings({}, { SLUICE_OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(/'10.0.0.0\/33'/);
  });

  it('read the SMTP server from a URL, with its credentials and default port', () => {
    const settings = connectorSettings(
      { smtpFrom: 'sluice@example.com' },
      { SLUICE_SMTP_URL: 'smtps://mailer:p%40ss@mail.example.com' },
    );
    expect(settings.smtp).toEqual({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      auth: { user: 'mailer', pass: 'p@ss' },
      from: 'sluice@example.com',
    });
  });

  it('refuse an SMTP server without a sender, and a URL of another scheme', () => {
    expect(() => connectorSettings({}, { SLUICE_SMTP_URL: 'smtp://mail.example.com:25' })).toThrow(
      /no sender/,
    );
    expect(() =>
      connectorSettings({ smtpFrom: 'a@b.c' }, { SLUICE_SMTP_URL: 'https://mail.example.com' }),
    ).toThrow(/smtp:\/\//);
  });

  it('read webhook secrets from a JSON file, and refuse short ones', () => {
    const good = secretsFile('{"crm": "a long random secret value"}');
    expect(connectorSettings({ webhookSecrets: good }, {}).webhookSecrets).toEqual({
      crm: 'a long random secret value',
    });
    const short = secretsFile('{"crm": "short"}');
    expect(() => connectorSettings({}, { SLUICE_WEBHOOK_SECRETS_FILE: short })).toThrow(/at least 16/);
  });
});
