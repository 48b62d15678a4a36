/**
 * The event being read: the fields insight keeps, collected from the event's own attributes
 * as they stream past, and appended to the log when the event closes. The activity is the
 * value of the activity keys (`concept:name` unless a classifier says otherwise), joined by
 * '+' when there are several.
 */
import { NONE } from './event-log.js';
import type { EventLogBuilder } from './event-log-builder.js';

export class EventCapture {
  private open = false;
  private slots: (string | undefined)[];
  private time = Number.NaN;
  private resource: string | undefined;
  private lifecycle: string | undefined;
  /** The last lifecycle as written and its code: logs write a handful, a million times. */
  private lastLifecycle = '';
  private lastLifecycleCode = NONE;

  constructor(
    private readonly builder: EventLogBuilder,
    private keys: readonly string[],
  ) {
    this.slots = new Array<string | undefined>(keys.length);
  }

  get activityKeys(): readonly string[] {
    return this.keys;
  }

  set activityKeys(keys: readonly string[]) {
    this.keys = keys;
    this.slots = new Array<string | undefined>(keys.length);
  }

  get reading(): boolean {
    return this.open;
  }

  start(): void {
    this.open = true;
    this.slots.fill(undefined);
    this.time = Number.NaN;
    this.resource = undefined;
    this.lifecycle = undefined;
  }

  /** One attribute of the event; `time` is what its value means as a timestamp (NaN if nothing). */
  attribute(type: string, key: string, value: string, time: number): void {
    const slot = this.keys.indexOf(key);
    if (slot >= 0) this.slots[slot] = value;
    if (key === 'time:timestamp') this.time = type === 'date' || type === 'string' ? time : Number.NaN;
    else if (key === 'org:resource') this.resource = value;
    else if (key === 'lifecycle:transition') this.lifecycle = value;
  }

  end(): void {
    this.open = false;
    const b = this.builder;
    let activity = NONE;
    if (this.slots.length === 1) {
      if (this.slots[0] !== undefined) activity = b.activities.code(this.slots[0]);
    } else if (this.slots.some((s) => s !== undefined)) {
      activity = b.activities.code(this.slots.map((s) => s ?? '').join('+'));
    }
    b.addCoded(
      activity,
      this.time,
      this.resource === undefined ? NONE : b.resources.code(this.resource),
      this.lifecycle === undefined ? NONE : this.lifecycleCode(this.lifecycle),
    );
  }

  private lifecycleCode(written: string): number {
    if (written !== this.lastLifecycle) {
      this.lastLifecycleCode = this.builder.lifecycles.code(written.trim().toLowerCase());
      this.lastLifecycle = written;
    }
    return this.lastLifecycleCode;
  }
}
