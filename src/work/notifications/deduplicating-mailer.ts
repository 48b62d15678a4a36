/**
 * At-least-once delivery without double mail: a notification whose key was sent before is
 * skipped. The log of sent keys is the engine's (a table written with the job's completion);
 * a crash between sending and recording can still send twice, and then the key-derived
 * Message-ID lets mail clients show one message.
 */
import type { Mailer, SentMail } from './mailer.js';
import { domainOf, messageIdFor } from './message-id.js';

export interface SentLog {
  has(key: string): Promise<boolean>;
  add(key: string): Promise<void>;
}

export function memorySentLog(): SentLog & { readonly keys: ReadonlySet<string> } {
  const keys = new Set<string>();
  return {
    keys,
    has: (key) => Promise.resolve(keys.has(key)),
    add: (key) => {
      keys.add(key);
      return Promise.resolve();
    },
  };
}

/** `from` is the sender the wrapped mailer uses, so that a skipped message reports its Message-ID. */
export function deduplicatingMailer(mailer: Mailer, log: SentLog, from = 'noreply@sluice.local'): Mailer {
  return {
    async send(message): Promise<SentMail> {
      if (await log.has(message.key)) {
        const messageId = messageIdFor(message.key, domainOf(message.from ?? from));
        return { messageId, accepted: [], rejected: [], duplicate: true };
      }
      const sent = await mailer.send(message);
      await log.add(message.key);
      return sent;
    },
    close: () => mailer.close(),
  };
}
