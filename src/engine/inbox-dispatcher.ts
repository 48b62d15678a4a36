/**
 * Delivers commands between instances (start a called process, report to the caller, cancel
 * a child). Each is a row written in the sender's transaction; it is applied by a step that
 * consumes the row, so a crash between the two delivers it later and never twice.
 */
import type { Command } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { PollLoop } from './poll-loop.js';

export class InboxDispatcher {
  private readonly inFlight = new Set<string>();
  private readonly loop: PollLoop;

  constructor(
    private readonly store: Store,
    clock: Clock,
    private readonly submit: (command: Command, consume: { kind: 'inbox'; id: string }) => Promise<unknown>,
    pollMs: number,
    onError: (error: unknown) => void,
  ) {
    this.loop = new PollLoop(clock, pollMs, () => this.poll(), onError);
  }

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
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  /** Looks for rows now: another node announced some. */
  wake(): void {
    this.loop.wake();
  }

  /** Picks up rows left by a crash or written by another process. */
  private async poll(): Promise<void> {
    for (const row of await this.store.pendingInbox(500)) this.deliver(row.id, row.command);
  }
}
