/** A Message-ID derived from the notification key: the same key, the same ID, on any node. */
import { createHash } from 'node:crypto';

export function messageIdFor(key: string, domain: string): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `<${digest}@${domain}>`;
}

/** The domain of an address ('Sluice <noreply@example.com>' → 'example.com'), else 'sluice.local'. */
export function domainOf(address: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(address);
  return match?.[1]?.toLowerCase() ?? 'sluice.local';
}
