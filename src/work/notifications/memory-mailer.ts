/** A mailer that keeps what it is given: for tests, simulations and dry runs. */
import type { Mailer, MailMessage, SentMail } from './mailer.js';
import { domainOf, messageIdFor } from './message-id.js';

export interface MemoryMailer extends Mailer {
  readonly sent: readonly (MailMessage & { readonly messageId: string })[];
}

export function memoryMailer(from = 'Sluice <noreply@sluice.local>'): MemoryMailer {
  const sent: (MailMessage & { messageId: string })[] = [];
  return {
    sent,
    send(message): Promise<SentMail> {
      const messageId = messageIdFor(message.key, domainOf(message.from ?? from));
      sent.push({ ...message, from: message.from ?? from, messageId });
      return Promise.resolve({ messageId, accepted: [...message.to, ...(message.cc ?? [])], rejected: [] });
    },
    close: () => Promise.resolve(),
  };
}
