/**
 * Delivers commands between instances (start a called process, report to the caller, cancel
 * a child). Each is a row written in the sender's transaction; it is applied by a step that
 * consumes the row, so a crash between the two delivers it later and never twice.
 */
import type { Command } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';

export class InboxDispatcher {
  private readonly inFlight = new Set<string>();
  private running = false;
  private cancelPoll?: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly submit: (command: Command, consume: { kind: 'inbox'; id: string }) => Promise<unknown>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  deliver(id: string, command: Command): void {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    void this.submit(command, { kind: 'inbox', id })
      .catch(() => undefined) // rejected commands are discarded (or kept to wait for a deploy) by the processor
      .finally(() => this.inFlight.delete(id));
  }

  get busy(): number {
    return this.inFlight.size;
  }

  start(): void {
    this.running = true;
    void this.poll();
  }

  stop(): void {
    this.running = false;
    this.cancelPoll?.();
  }

  /** Picks up rows left by a crash or written by another process. */
  async poll(): Promise<void> {
    try {
      for (const row of await this.store.pendingInbox(500)) this.deliver(row.id, row.command);
    } catch (error) {
      this.onError(error);
    }
    if (this.running) this.cancelPoll = this.clock.at(this.clock.now() + this.pollMs, () => void this.poll());
  }
}
