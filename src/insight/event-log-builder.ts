/**
 * Builds an EventLog one case and one event at a time, as the importers read them. Columns
 * grow by doubling, so appending is amortised O(1) and nothing is copied per event.
 */
import { type EventLog, Interner, type LogMeta, NONE, defaultMeta } from './event-log.js';

export interface EventFields {
  readonly activity?: string;
  /** Milliseconds since the epoch, NaN or undefined when unknown. */
  readonly time?: number;
  readonly resource?: string;
  readonly lifecycle?: string;
}

export class EventLogBuilder {
  private capacity = 1024;
  private activity = new Int32Array(this.capacity);
  private time = new Float64Array(this.capacity);
  private resource = new Int32Array(this.capacity);
  private lifecycle = new Int32Array(this.capacity);
  private events = 0;
  private readonly caseStarts: number[] = [];
  private readonly caseIds: string[] = [];
  readonly activities = new Interner();
  readonly resources = new Interner();
  readonly lifecycles = new Interner();

  get eventCount(): number {
    return this.events;
  }

  get caseCount(): number {
    return this.caseIds.length;
  }

  /** Opens a new case; the events added next belong to it. */
  startCase(id: string): void {
    this.caseStarts.push(this.events);
    this.caseIds.push(id);
  }

  /** Renames the open case (XES puts a trace's name among its attributes, before its events). */
  renameCase(id: string): void {
    if (this.caseIds.length > 0) this.caseIds[this.caseIds.length - 1] = id;
  }

  add(fields: EventFields): void {
    this.addCoded(
      fields.activity === undefined ? NONE : this.activities.code(fields.activity),
      fields.time ?? Number.NaN,
      fields.resource === undefined ? NONE : this.resources.code(fields.resource),
      fields.lifecycle === undefined ? NONE : this.lifecycles.code(fields.lifecycle.trim().toLowerCase()),
    );
  }

  /** Appends an event whose strings are interned already (the hot path of the importers). */
  addCoded(activity: number, time: number, resource: number, lifecycle: number): void {
    if (this.caseIds.length === 0) this.startCase('1');
    if (this.events === this.capacity) this.grow();
    const e = this.events++;
    this.activity[e] = activity;
    this.time[e] = time;
    this.resource[e] = resource;
    this.lifecycle[e] = lifecycle;
  }

  build(meta: Partial<LogMeta> & Pick<LogMeta, 'source' | 'format'>): EventLog {
    const n = this.events;
    const caseStart = new Uint32Array(this.caseIds.length + 1);
    caseStart.set(this.caseStarts);
    caseStart[this.caseIds.length] = n;
    return {
      caseCount: this.caseIds.length,
      eventCount: n,
      caseStart,
      caseIds: this.caseIds,
      activity: this.activity.slice(0, n),
      time: this.time.slice(0, n),
      resource: this.resource.slice(0, n),
      lifecycle: this.lifecycle.slice(0, n),
      activities: this.activities.values,
      resources: this.resources.values,
      lifecycles: this.lifecycles.values,
      meta: { ...defaultMeta(meta.source, meta.format), ...meta },
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = <T extends Int32Array | Float64Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.activity = widen(this.activity, new Int32Array(this.capacity));
    this.time = widen(this.time, new Float64Array(this.capacity));
    this.resource = widen(this.resource, new Int32Array(this.capacity));
    this.lifecycle = widen(this.lifecycle, new Int32Array(this.capacity));
  }
}

/** A small log from plain data, for tests and for callers holding events in memory. */
export function eventLogOf(
  cases: Readonly<Record<string, readonly (EventFields | string)[]>>,
  source = 'memory',
): EventLog {
  const builder = new EventLogBuilder();
  for (const [id, events] of Object.entries(cases)) {
    builder.startCase(id);
    for (const event of events) builder.add(typeof event === 'string' ? { activity: event } : event);
  }
  return builder.build({ source, format: 'memory' });
}
