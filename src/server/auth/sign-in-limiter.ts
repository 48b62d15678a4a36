/**
 * Slows down password guessing: failed sign-ins are counted per user name and per client
 * address in a sliding window; past the limit the answer is 429 with Retry-After. Memory is
 * bounded. Counts live in this process: behind a load balancer each node counts for itself.
 */
import type { Clock } from '../../engine/clock.js';

export interface LimiterOptions {
  /** Failures allowed per user name (from one address) within the window. */
  readonly perName: number;
  /** Failures allowed per client address, over all names, within the window. */
  readonly perAddress: number;
  readonly windowMs: number;
}

export const defaultLimits: LimiterOptions = { perName: 5, perAddress: 30, windowMs: 15 * 60_000 };

const maxKeys = 100_000;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly options: LimiterOptions = defaultLimits,
  ) {}

  /** Seconds to wait before trying again, or 0 when a try is allowed now. */
  retryAfter(name: string, address: string): number {
    const now = this.clock.now();
    const wait = (key: string, limit: number): number => {
      const times = this.recent(key, now);
      if (times.length < limit) return 0;
      return Math.ceil((times[times.length - limit]! + this.options.windowMs - now) / 1000);
    };
    return Math.max(
      wait(`name:${name.toLowerCase()}|${address}`, this.options.perName),
      wait(`address:${address}`, this.options.perAddress),
    );
  }

  failed(name: string, address: string): void {
    const now = this.clock.now();
    for (const key of [`name:${name.toLowerCase()}|${address}`, `address:${address}`]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.delete(key);
      this.failures.set(key, times);
    }
    while (this.failures.size > maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(name: string, address: string): void {
    this.failures.delete(`name:${name.toLowerCase()}|${address}`);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    return times;
  }
}
