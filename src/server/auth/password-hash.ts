/**
 * Password hashes with scrypt from node:crypto (no native dependency). The parameters travel
 * in the hash, `scrypt$<logN>$<r>$<p>$<salt>$<key>`, so a later, stronger default still
 * verifies old hashes. Verification compares in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  /** log2 of N, the CPU and memory cost. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** About 50 ms and 32 MiB on a current server core (OWASP: N=2^15, r=8, p=1 at least). */
export const defaultCost: ScryptCost = { logN: 15, r: 8, p: 1 };

const keyLength = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, cost: ScryptCost = defaultCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = hash.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !key) return false;
  const cost = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (![cost.logN, cost.r, cost.p].every(Number.isInteger) || cost.logN > 22) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of no one's password, verified when a sign-in names an unknown user, so that the
 * answer takes as long as for a known one and does not tell which user names exist.
 */
export async function decoyHash(cost: ScryptCost): Promise<string> {
  return hashPassword(randomBytes(16).toString('base64url'), cost);
}

/** Rules a new password must meet; the message says which one failed. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 10) return 'the password is shorter than 10 characters';
  if (password.length > 512) return 'the password is longer than 512 characters';
  return undefined;
}
