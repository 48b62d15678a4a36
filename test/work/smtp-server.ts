/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server), keeping what arrives as parsed
 * messages (postal-mime) with the envelope it came in. Options make it ask for a login or
 * refuse mailboxes, so that failures are tested against a server too.
 */
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface Arrived {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: string;
  readonly mail: Email;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly arrived: Arrived[];
  /** Resolves when `count` messages have arrived. */
  waitFor(count: number): Promise<Arrived[]>;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Require this login. */
  readonly login?: { readonly user: string; readonly pass: string };
  /** Mailboxes answered with 550 (permanent) or 450 (try again later). */
  readonly refuse?: Readonly<Record<string, 450 | 550>>;
}

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const arrived: Arrived[] = [];
  const waiters: { count: number; resolve: (value: Arrived[]) => void }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.login,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok =
        options.login && auth.username === options.login.user && auth.password === options.login.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const code = options.refuse?.[address.address];
      if (code)
        callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        PostalMime.parse(raw)
          .then((mail) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            arrived.push({
              envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) },
              raw,
              mail,
            });
            for (const waiter of waiters.filter((w) => arrived.length >= w.count)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve([...arrived]);
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    arrived,
    waitFor: (count) =>
      arrived.length >= count
        ? Promise.resolve([...arrived])
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
