/**
 * Delivers signals. A thrown signal is a row written in the thrower's transaction (or by
 * `sluice.signal` from outside); this reads each row, hands the signal to every instance
 * subscribed to its name and starts every process with a signal start event of that name,
 * then removes the row. A crash part-way delivers it again: subscribers that took it already
 * no longer listen, so at worst a non-interrupting listener hears it twice (at least once).
 */
import type { Command, StartCommand } from '../core/types.js';
import type { SignalRecord, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { PollLoop } from './poll-loop.js';

export class SignalBroadcaster {
  private readonly inFlight = new Set<string>();
  private readonly loop: PollLoop;

  constructor(
    private readonly store: Store,
    clock: Clock,
    private readonly newId: () => string,
    private readonly submit: (command: Command) => Promise<unknown>,
    pollMs: number,
    onError: (error: unknown) => void,
  ) {
    this.loop = new PollLoop(clock, pollMs, () => this.poll(), onError);
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

  /** Looks for signals now: another node announced one. */
  wake(): void {
    this.loop.wake();
  }

  /** Broadcasts one signal; resolves once every receiver's step has settled. */
  async deliver(signal: SignalRecord): Promise<number> {
    if (this.inFlight.has(signal.id)) return 0;
    this.inFlight.add(signal.id);
    try {
      const receivers = await this.store.findSubscriptions(signal.name, undefined, 'signal');
      const commands = receivers.map((sub): Command => {
        if (sub.instanceId !== undefined) {
          return {
            type: 'signal-received',
            instanceId: sub.instanceId,
            subscriptionId: sub.id,
            signalName: signal.name,
            ...(signal.variables && { variables: signal.variables }),
          };
        }
        const start: StartCommand = {
          type: 'start',
          instanceId: this.newId(),
          processId: sub.processId,
          version: sub.version,
          startEventId: sub.elementId,
          ...(signal.variables && { variables: signal.variables }),
        };
        return start;
      });
      // A receiver that stopped listening meanwhile rejects its delivery; that is fine.
      const outcomes = await Promise.allSettled(commands.map((command) => this.submit(command)));
      await this.store.discard({ kind: 'signal', id: signal.id });
      return outcomes.filter((o) => o.status === 'fulfilled').length;
    } finally {
      this.inFlight.delete(signal.id);
    }
  }

  private async poll(): Promise<void> {
    for (const signal of await this.store.pendingSignals(100)) await this.deliver(signal);
  }
}
