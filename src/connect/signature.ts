/**
 * HMAC-SHA256 signatures of webhook bodies, for outgoing webhooks (signed here) and inbound
 * ones (checked here). The header reads `t=<unix seconds>,v1=<hex>`, where the hex is the
 * HMAC of `<t>.<body>` under the shared secret: the timestamp is signed with the body, so a
 * captured delivery cannot be replayed after the tolerance, and the comparison takes constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'sluice-signature';
const defaultToleranceMs = 5 * 60_000;

const hmac = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function sign(secret: string, body: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** Why the signature does not hold, or undefined when it does. */
export function signatureProblem(
  secret: string,
  header: string | undefined,
  body: string,
  nowMs: number,
  toleranceMs = defaultToleranceMs,
): string | undefined {
  if (!header) return `the ${signatureHeader} header is missing`;
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given))
    return `the ${signatureHeader} header is not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>`;
  if (Math.abs(nowMs - timestamp * 1000) > toleranceMs)
    return `the signature's timestamp is more than ${toleranceMs / 60_000} minutes away from now`;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'))
    ? undefined
    : 'the signature does not match the body';
}
