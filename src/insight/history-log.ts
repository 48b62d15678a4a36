/**
 * Sluice's own history as an event log: one case per instance of a process, one event per
 * element lifecycle event. The activity is the element's name in the deployed model (its id
 * when it has none), the resource is the event's actor, and the lifecycle maps Sluice's to
 * XES's standard one: enabled → schedule, started → start, completed → complete,
 * cancelled → ate_abort, failed → pi_abort. By default only activities (tasks, subprocesses,
 * call activities) are taken: events and gateways take no time and would crowd every variant.
 *
 * Beside the events it gathers each case's facts (case-facts.ts): how the instance ended
 * (`instance.completed`, `instance.failed`, `instance.terminated`, else still open), the
 * incidents raised (`incident.raised`) and the SLA breaches recorded (`task.sla-breached`).
 *
 * It reads history and the deployed definitions (for names), never runtime state; instances
 * are listed only to know whose history to read.
 */
import type { HistoryType, StoredHistoryEvent } from '../core/types.js';
import { activityKinds, type ElementKind, type ProcessGraph } from '../model/graph.js';
import type { Store } from '../store/store.js';
import { type CaseMark, outcomeCode } from './case-facts.js';
import type { EventLog } from './event-log.js';
import { EventLogBuilder } from './event-log-builder.js';

export type HistoryStore = Pick<Store, 'listInstances' | 'history' | 'findDefinition'>;

export interface HistoryLogOptions {
  readonly processId: string;
  /** One version; all versions when absent. */
  readonly version?: number;
  /** `activities` (default) or `all` elements, gateways and events included. */
  readonly elements?: 'activities' | 'all';
  /** Name activities by the element's `name` (default; its id when unnamed) or by its `id`. */
  readonly label?: 'name' | 'id';
  readonly onProgress?: (instancesRead: number) => void;
}

const LIFECYCLE: Partial<Record<HistoryType, string>> = {
  'element.enabled': 'schedule',
  'element.started': 'start',
  'element.completed': 'complete',
  'element.cancelled': 'ate_abort',
  'element.failed': 'pi_abort',
};

/** The history types that end a case, and how. */
const ENDINGS: Partial<Record<string, number>> = {
  'instance.completed': outcomeCode('completed'),
  'instance.failed': outcomeCode('failed'),
  'instance.terminated': outcomeCode('cancelled'),
};

/** An SLA breach as the work layer records it on a task's element. */
export const SLA_BREACHED = 'task.sla-breached';

const PAGE = 500;

export async function historyLog(store: HistoryStore, options: HistoryLogOptions): Promise<EventLog> {
  const builder = new EventLogBuilder();
  const graphs = new Map<number, ProcessGraph | undefined>();
  const graphOf = async (version: number): Promise<ProcessGraph | undefined> => {
    if (!graphs.has(version))
      graphs.set(version, (await store.findDefinition(options.processId, version))?.graph);
    return graphs.get(version);
  };
  let after: string | undefined;
  let read = 0;
  const outcomes: number[] = [];
  const incidents: CaseMark[] = [];
  const slaBreaches: CaseMark[] = [];
  do {
    const page = await store.listInstances({
      processId: options.processId,
      limit: PAGE,
      ...(after && { after }),
    });
    for (const instance of page.items) {
      if (options.version !== undefined && instance.version !== options.version) continue;
      const events = await store.history(instance.id);
      builder.startCase(instance.id);
      const graph = await graphOf(instance.version);
      const c = outcomes.length;
      let outcome = outcomeCode('open');
      for (const event of events) {
        addEvent(builder, event, graph, options);
        outcome = ENDINGS[event.type] ?? outcome;
        const mark = (): CaseMark => ({
          case: c,
          at: event.at,
          activity: labelOf(event.elementId, graph, options),
        });
        if (event.type === 'incident.raised') incidents.push(mark());
        else if ((event.type as string) === SLA_BREACHED) slaBreaches.push(mark());
      }
      outcomes.push(outcome);
      options.onProgress?.(++read);
    }
    after = page.next;
  } while (after !== undefined);
  const version = options.version === undefined ? '' : `@${options.version}`;
  const log = builder.build({
    source: `sluice:${options.processId}${version}`,
    format: 'history',
    attributes: { 'concept:name': options.processId },
  });
  return { ...log, facts: { outcome: Uint8Array.from(outcomes), incidents, slaBreaches, recorded: true } };
}

function labelOf(
  elementId: string | undefined,
  graph: ProcessGraph | undefined,
  options: HistoryLogOptions,
): string {
  if (elementId === undefined) return '(process)';
  if (options.label === 'id') return elementId;
  const name = graph?.elements[elementId]?.name;
  return name !== undefined && name !== '' ? name : elementId;
}

function addEvent(
  builder: EventLogBuilder,
  event: StoredHistoryEvent,
  graph: ProcessGraph | undefined,
  options: HistoryLogOptions,
): void {
  const lifecycle = LIFECYCLE[event.type];
  if (lifecycle === undefined || event.elementId === undefined) return;
  if (
    (options.elements ?? 'activities') === 'activities' &&
    !activityKinds.has(event.elementType as ElementKind)
  )
    return;
  builder.add({
    activity: labelOf(event.elementId, graph, options),
    time: event.at,
    ...(event.actor !== undefined && { resource: event.actor }),
    lifecycle,
  });
}
