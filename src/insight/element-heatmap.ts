/**
 * Per-element numbers for a diagram overlay: how often each activity ran, its median waiting
 * and processing time, and its incidents and SLA breaches, keyed by BPMN element id so that a
 * bpmn-js overlay can place them. The log must name activities by element id
 * (`historyLog(store, { label: 'id' })`); the model gives each its name.
 */
import { activityTimes } from './activity-times.js';
import { caseFacts } from './case-facts.js';
import type { EventLog } from './event-log.js';
import type { ProcessGraph } from '../model/graph.js';

export interface ElementHeat {
  readonly elementId: string;
  readonly name: string;
  /** Executions (complete events). */
  readonly frequency: number;
  /** Seconds from enabled (offered) to started; null when never measured. */
  readonly medianWaitingSeconds: number | null;
  /** Seconds from started to completed; null when never measured. */
  readonly medianProcessingSeconds: number | null;
  readonly meanWaitingSeconds: number | null;
  readonly meanProcessingSeconds: number | null;
  readonly incidents: number;
  readonly slaBreaches: number;
}

export function elementHeatmap(log: EventLog, graph?: ProcessGraph): ElementHeat[] {
  const facts = caseFacts(log);
  const tally = (marks: readonly { activity: string }[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const m of marks) counts.set(m.activity, (counts.get(m.activity) ?? 0) + 1);
    return counts;
  };
  const incidents = tally(facts.incidents);
  const breaches = tally(facts.slaBreaches);
  const rows = new Map<string, ElementHeat>();
  const row = (elementId: string): ElementHeat => ({
    elementId,
    name: graph?.elements[elementId]?.name || elementId,
    frequency: 0,
    medianWaitingSeconds: null,
    medianProcessingSeconds: null,
    meanWaitingSeconds: null,
    meanProcessingSeconds: null,
    incidents: incidents.get(elementId) ?? 0,
    slaBreaches: breaches.get(elementId) ?? 0,
  });
  for (const times of activityTimes(log)) {
    rows.set(times.activity, {
      ...row(times.activity),
      frequency: times.executions,
      medianWaitingSeconds: times.waiting.median,
      medianProcessingSeconds: times.processing.median,
      meanWaitingSeconds: times.waiting.mean,
      meanProcessingSeconds: times.processing.mean,
    });
  }
  for (const id of [...incidents.keys(), ...breaches.keys()]) if (!rows.has(id)) rows.set(id, row(id));
  return [...rows.values()].sort((a, b) => b.frequency - a.frequency || (a.elementId < b.elementId ? -1 : 1));
}
