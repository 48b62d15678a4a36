/**
 * Sluice's own history as an event log: one case per instance of a process, one event per
 * element lifecycle event. The activity is the element's name in the deployed model (its id
 * when it has none), the resource is the event's actor, and the lifecycle maps Sluice's to
 * XES's standard one: enabled → schedule, started → start, completed → complete,
 * cancelled → ate_abort, failed → pi_abort. By default only activities (tasks, subprocesses,
 * call activities) are taken: events and gateways take no time and would crowd every variant.
 *
 * It reads history and the deployed definitions (for names), never runtime state; instances
 * are listed only to know whose history to read.
 */
import type { HistoryType, StoredHistoryEvent } from '../core/types.js';
import { activityKinds, type ElementKind, type ProcessGraph } from '../model/graph.js';
import type { Store } from '../store/store.js';
import type { EventLog } from './event-log.js';
import { EventLogBuilder } from './event-log-builder.js';

export type HistoryStore = Pick<Store, 'listInstances' | 'history' | 'findDefinition'>;

export interface HistoryLogOptions {
  readonly processId: string;
  /** One version; all versions when absent. */
  readonly version?: number;
  /** `activities` (default) or `all` elements, gateways and events included. */
  readonly elements?: 'activities' | 'all';
  readonly onProgress?: (instancesRead: number) => void;
}

const LIFECYCLE: Partial<Record<HistoryType, string>> = {
  'element.enabled': 'schedule',
  'element.started': 'start',
  'element.completed': 'complete',
  'element.cancelled': 'ate_abort',
  'element.failed': 'pi_abort',
};

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
      for (const event of events) addEvent(builder, event, graph, options.elements ?? 'activities');
      options.onProgress?.(++read);
    }
    after = page.next;
  } while (after !== undefined);
  const version = options.version === undefined ? '' : `@${options.version}`;
  return builder.build({
    source: `sluice:${options.processId}${version}`,
    format: 'history',
    attributes: { 'concept:name': options.processId },
  });
}

function addEvent(
  builder: EventLogBuilder,
  event: StoredHistoryEvent,
  graph: ProcessGraph | undefined,
  elements: 'activities' | 'all',
): void {
  const lifecycle = LIFECYCLE[event.type];
  if (lifecycle === undefined || event.elementId === undefined) return;
  if (elements === 'activities' && !activityKinds.has(event.elementType as ElementKind)) return;
  const name = graph?.elements[event.elementId]?.name;
  builder.add({
    activity: name !== undefined && name !== '' ? name : event.elementId,
    time: event.at,
    ...(event.actor !== undefined && { resource: event.actor }),
    lifecycle,
  });
}
