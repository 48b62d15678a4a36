/**
 * The one-time set-up token. While no admin exists, the server makes a random token, prints
 * it where only whoever started the server can read it (the log on stdout), and accepts it
 * once to create the first admin. There is never an open set-up page: without the token the
 * set-up route refuses.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../engine/clock.js';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export class SetupToken {
  private hash?: Buffer;
  private expiresAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs = 24 * 60 * 60_000,
  ) {}

  /** Makes a new token and returns it (the only time it is visible). */
  issue(): string {
    const token = `st_${randomBytes(24).toString('base64url')}`;
    this.hash = digest(token);
    this.expiresAt = this.clock.now() + this.lifetimeMs;
    return token;
  }

  get active(): boolean {
    return this.hash !== undefined && this.clock.now() < this.expiresAt;
  }

  /** True once for the right token; the token is spent whatever the outcome of the set-up. */
  redeem(token: string): boolean {
    if (!this.active || !this.hash) return false;
    const ok = timingSafeEqual(digest(token), this.hash);
    if (ok) this.revoke();
    return ok;
  }

  revoke(): void {
    delete this.hash;
    this.expiresAt = 0;
  }
}
