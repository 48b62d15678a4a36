/**
 * A background loop that looks for work every `pollMs` and at once when woken (another node
 * announced work, a commit wrote some). Wakes that come while a round runs fold into one more
 * round, so a burst of announcements never starts loops side by side.
 */
import type { Clock } from './clock.js';

export class PollLoop {
  private running = false;
  private inRound = false;
  private again = false;
  private cancel?: () => void;

  constructor(
    private readonly clock: Clock,
    private readonly pollMs: number,
    private readonly round: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.running = true;
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
  }

  /** Runs a round now (or right after the one under way). */
  wake(): void {
    if (!this.running) return;
    if (this.inRound) {
      this.again = true;
      return;
    }
    this.cancel?.();
    this.inRound = true;
    void this.round()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.inRound = false;
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.cancel = this.clock.at(this.clock.now() + this.pollMs, () => this.wake());
        }
      });
  }
}
