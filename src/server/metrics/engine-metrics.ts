/**
 * The server's Prometheus metrics. Instance starts and ends, step durations, incidents and job
 * failures are counted from the committed events this node sees (each node reports its own;
 * sum over nodes). Queue depths and the task backlog are read from the store at scrape time,
 * so they are the same on every node.
 */
import type { HistoryEvent } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { EngineEvents } from '../live/engine-events.js';
import { type Histogram, MetricsRegistry } from './metrics-registry.js';

const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Steps include people's work: buckets reach from a millisecond to a month. */
const stepBuckets = [0.001, 0.01, 0.1, 1, 10, 60, 600, 3600, 4 * 3600, 86_400, 7 * 86_400, 30 * 86_400];
const maxOpenSteps = 100_000;

export interface StoreCounts {
  readonly jobs: number;
  readonly timers: number;
  readonly inbox: number;
  readonly tasks: number;
  readonly incidents: number;
}

export class EngineMetrics {
  readonly registry = new MetricsRegistry();
  private readonly started = this.registry.counter(
    'sluice_instances_started_total',
    'Instances started, by process.',
  );
  private readonly ended = this.registry.counter(
    'sluice_instances_ended_total',
    'Instances that ended, by process and end state (completed, terminated, failed).',
  );
  private readonly steps: Histogram = this.registry.histogram(
    'sluice_step_duration_seconds',
    'Time from an activity being enabled or started to its completion, for activities this node saw begin.',
    stepBuckets,
  );
  private readonly incidents = this.registry.counter(
    'sluice_incidents_raised_total',
    'Incidents raised, by process.',
  );
  private readonly jobFailures = this.registry.counter(
    'sluice_job_failures_total',
    'Failed job attempts, by process.',
  );
  private readonly jobsQueued = this.registry.gauge(
    'sluice_jobs_queued',
    'Jobs waiting to run or running (the job queue depth).',
  );
  private readonly timers = this.registry.gauge('sluice_timers_scheduled', 'Timers scheduled.');
  private readonly inbox = this.registry.gauge(
    'sluice_inbox_pending',
    'Commands waiting in the inbox for delivery.',
  );
  private readonly tasksOpen = this.registry.gauge(
    'sluice_tasks_open',
    'Open user tasks (the task backlog).',
  );
  private readonly incidentsOpen = this.registry.gauge('sluice_incidents_open', 'Open incidents.');
  private readonly streams = this.registry.gauge(
    'sluice_live_streams',
    'Live event streams open on this node.',
  );
  private readonly requests = this.registry.counter(
    'sluice_http_requests_total',
    'HTTP requests, by method, route and status.',
  );
  private readonly latency = this.registry.histogram(
    'sluice_http_request_duration_seconds',
    'HTTP request latency, by method and route.',
    secondsBuckets,
  );
  private readonly heap = this.registry.gauge('sluice_process_heap_used_bytes', 'V8 heap in use.');
  private readonly rss = this.registry.gauge('sluice_process_resident_memory_bytes', 'Resident memory.');

  /** When each running step began, by instance, token and element. */
  private readonly openSteps = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    events: EngineEvents,
    private readonly counts: () => Promise<StoreCounts>,
    private readonly liveStreams: () => number,
  ) {
    this.unsubscribe = events.subscribe((batch) => batch.forEach((event) => this.count(event)));
  }

  private count(event: HistoryEvent): void {
    const process = { process: event.processId };
    switch (event.type) {
      case 'instance.started':
        return this.started.inc(process);
      case 'instance.completed':
      case 'instance.terminated':
      case 'instance.failed':
        return this.ended.inc({ ...process, state: event.type.slice('instance.'.length) });
      case 'incident.raised':
        return this.incidents.inc(process);
      case 'job.failed':
        return this.jobFailures.inc(process);
      case 'element.enabled':
      case 'element.started': {
        const key = `${event.instanceId}|${event.tokenId ?? ''}|${event.elementId ?? ''}`;
        if (!this.openSteps.has(key)) this.openSteps.set(key, event.at);
        if (this.openSteps.size > maxOpenSteps) this.openSteps.delete(this.openSteps.keys().next().value!);
        return;
      }
      case 'element.completed':
      case 'element.cancelled':
      case 'element.failed': {
        const key = `${event.instanceId}|${event.tokenId ?? ''}|${event.elementId ?? ''}`;
        const began = this.openSteps.get(key);
        if (began === undefined) return;
        this.openSteps.delete(key);
        if (event.type === 'element.completed')
          this.steps.observe((event.at - began) / 1000, {
            ...process,
            element_type: event.elementType ?? 'unknown',
          });
        return;
      }
      default:
        return;
    }
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe(seconds, { method, route });
  }

  async text(): Promise<string> {
    const counts = await this.counts();
    this.jobsQueued.set(counts.jobs);
    this.timers.set(counts.timers);
    this.inbox.set(counts.inbox);
    this.tasksOpen.set(counts.tasks);
    this.incidentsOpen.set(counts.incidents);
    this.streams.set(this.liveStreams());
    const memory = process.memoryUsage();
    this.heap.set(memory.heapUsed);
    this.rss.set(memory.rss);
    return this.registry.text();
  }

  close(): void {
    this.unsubscribe();
  }
}

/** Store counts for the gauges: the outbox tables, open tasks and open incidents. */
export function storeCounts(store: Store): () => Promise<StoreCounts> {
  return async () => {
    const [open, tasks, incidents] = await Promise.all([
      store.countOpen(),
      store.countTasks({ state: 'open' }),
      store.listIncidents({ open: true }),
    ]);
    return { ...open, tasks, incidents: incidents.length };
  };
}
