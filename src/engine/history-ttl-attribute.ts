/**
 * The history time-to-live a model asks for: Camunda's `camunda:historyTimeToLive` on a
 * process (Camunda Modeler writes it), in days ("30") or as an ISO 8601 days duration
 * ("P30D"). A new version takes it at deploy; an operator may change it afterwards
 * (docs/versions.md).
 */
import type { Finding } from '../model/findings.js';
import type { Store } from '../store/store.js';
import { dayMs } from './history-retention.js';

const camunda = 'http://camunda.org/schema/1.0/bpmn';

/** The attribute's text on the process, if it has one. */
function attributeOf(source: string, processId: string): string | undefined {
  const prefixes = [...source.matchAll(/xmlns:([\w.-]+)="([^"]*)"/g)]
    .filter(([, , uri]) => uri === camunda)
    .map(([, prefix]) => prefix!);
  for (const [, attributes] of source.matchAll(/<(?:[\w.-]+:)?process\b([^>]*)>/g)) {
    if (/\bid="([^"]*)"/.exec(attributes!)?.[1] !== processId) continue;
    for (const prefix of prefixes) {
      const value = new RegExp(`\\s${prefix}:historyTimeToLive="([^"]*)"`).exec(attributes!)?.[1];
      if (value !== undefined) return value.trim();
    }
  }
  return undefined;
}

const daysOf = (value: string): number | undefined => {
  const match = /^(?:P(\d{1,5})D|(\d{1,5}))$/.exec(value);
  return match ? Number(match[1] ?? match[2]) : undefined;
};

/** A finding for a value that is not a number of days. */
export function historyTtlFindings(source: string, processId: string): Finding[] {
  const value = attributeOf(source, processId);
  if (value === undefined || daysOf(value) !== undefined) return [];
  return [
    {
      severity: 'error',
      processId,
      message: `historyTimeToLive '${value}' on process '${processId}' is not a number of days: write whole days, e.g. "30" or "P30D"`,
    },
  ];
}

/** Sets a new version's time-to-live from its model's attribute, when it has one. */
export async function applyHistoryTtlAttribute(
  store: Store,
  source: string,
  processId: string,
  version: number,
  now: number,
): Promise<void> {
  const value = attributeOf(source, processId);
  const days = value === undefined ? undefined : daysOf(value);
  if (days !== undefined)
    await store.saveVersionSettings(processId, version, { historyTtlMs: days * dayMs }, now);
}
