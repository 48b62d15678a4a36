/**
 * Fires due timers. The store holds every timer; this keeps only the time of the next one,
 * so memory does not grow with the number of waiting instances. A timer is fired by a command
 * that consumes its row, so it fires once even when two nodes see it due, and never before
 * its due time by the injected clock.
 */
import type { Command, StartCommand } from '../core/types.js';
import { nextOccurrence } from '../expr/timer-spec.js';
import type { Store, TimerRecord } from '../store/store.js';
import type { Clock } from './clock.js';

const batchSize = 500;

export class TimerScheduler {
  private running = false;
  private wakeAt = Infinity;
  private cancelWake?: () => void;
  private firing = false;
  private again = false;
  private readonly inFlight = new Set<string>();
  private moreDue = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
    private readonly submit: (
      command: Command,
      consume: { kind: 'timer'; timerId: string },
    ) => Promise<unknown>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void,
    /** False while another node of the cluster fires the timers. */
    private readonly performs: () => boolean = () => true,
  ) {}

  start(): void {
    this.running = true;
    this.fire();
  }

  /** Timers being read or fired right now. */
  get busy(): number {
    return this.inFlight.size + (this.firing ? 1 : 0);
  }

  stop(): void {
    this.running = false;
    this.cancelWake?.();
  }

  /** A timer was scheduled: wake earlier if it is due before the planned wake-up. */
  notify(dueAt: number): void {
    if (this.running && dueAt < this.wakeAt) this.arm(dueAt);
  }

  private arm(at: number): void {
    this.cancelWake?.();
    this.wakeAt = at;
    this.cancelWake = this.clock.at(at, () => this.fire());
  }

  fire(): void {
    if (!this.running) return;
    if (this.firing) {
      this.again = true;
      return;
    }
    this.firing = true;
    void this.fireDue()
      .catch((error: unknown) => {
        // The database may be restarting: look again after a poll interval.
        this.onError(error);
        if (this.running) this.arm(this.clock.now() + this.pollMs);
      })
      .finally(() => {
        this.firing = false;
        if (this.again) {
          this.again = false;
          this.fire();
        }
      });
  }

  private async fireDue(): Promise<void> {
    const now = this.clock.now();
    if (!this.performs()) return this.arm(now + this.pollMs);
    const due = await this.store.dueTimers(now, batchSize);
    const fresh = due.filter((t) => !this.inFlight.has(t.id));
    for (const timer of fresh) {
      this.inFlight.add(timer.id);
      void this.submit(this.commandFor(timer), { kind: 'timer', timerId: timer.id })
        .catch(() => undefined) // a stale timer (cancelled meanwhile) is discarded by the processor
        .finally(() => {
          this.inFlight.delete(timer.id);
          if (this.inFlight.size === 0 && this.moreDue) {
            this.moreDue = false;
            this.fire();
          }
        });
    }
    if (!this.running) return;
    // A full batch: read on at once, unless every due timer is still in flight; then the
    // next read waits for them to settle (re-reading at once would spin on the same rows).
    if (due.length === batchSize && fresh.length > 0) return this.arm(now);
    if (due.length === batchSize) {
      this.moreDue = true;
      return;
    }
    const next = await this.store.nextTimerDue();
    const poll = now + this.pollMs;
    this.arm(next === undefined ? poll : Math.min(Math.max(next, now + 1), poll));
  }

  private commandFor(timer: TimerRecord): Command {
    if (!timer.start) {
      return {
        type: 'fire-timer',
        instanceId: timer.instanceId!,
        timerId: timer.id,
        dueAt: timer.dueAt,
        ...(timer.repeat && { repeat: timer.repeat }),
      };
    }
    const next = timer.repeat && nextOccurrence(timer.repeat.cycle, timer.dueAt, timer.repeat.remaining);
    const command: StartCommand = {
      type: 'start',
      instanceId: this.newId(),
      processId: timer.processId,
      version: timer.version,
      startEventId: timer.elementId,
      ...(next && {
        nextTimer: {
          timerId: this.newId(),
          dueAt: next.dueAt,
          repeat: { cycle: timer.repeat.cycle, remaining: next.remaining ?? null },
        },
      }),
    };
    return command;
  }
}
