/**
 * History time-to-live per process version, and the cleanup that deletes ended instances
 * (with their history, tasks and incidents) once they are older than it. Each batch is a
 * bounded index range (instances_ended: process, version, end time), so a run costs the same
 * per batch over a thousand rows as over millions; the store deletes each batch safely to
 * repeat after a crash.
 */
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { SluiceError } from './errors.js';

export const dayMs = 24 * 60 * 60 * 1000;

export interface CleanupOptions {
  /** Instances per batch (default 1,000). */
  readonly batchSize?: number;
  /** Stop after this many batches (default: until nothing is left). */
  readonly maxBatches?: number;
}

export interface CleanupReport {
  readonly instances: number;
  readonly historyRows: number;
  readonly batches: number;
}

/** Sets (or with null clears) the time-to-live of a version, or of every version when none is given. */
export async function setHistoryTtl(
  store: Store,
  definitions: Definitions,
  clock: Clock,
  processId: string,
  ttlDays: number | null,
  version?: number,
): Promise<{ versions: number[] }> {
  if (ttlDays !== null && !(Number.isFinite(ttlDays) && ttlDays >= 0)) {
    throw new SluiceError(
      'invalid',
      'history-ttl-invalid',
      `history time-to-live '${ttlDays}' is not a number of days`,
      'give a whole or fractional number of days, 0 or more',
    );
  }
  const versions =
    version === undefined
      ? (await definitions.list()).filter((d) => d.processId === processId).map((d) => d.version)
      : [(await definitions.graph(processId, version)).version];
  if (versions.length === 0) await definitions.graph(processId, 0); // names the missing process
  const ms = ttlDays === null ? null : Math.round(ttlDays * dayMs);
  for (const v of versions) await store.saveVersionSettings(processId, v, { historyTtlMs: ms }, clock.now());
  return { versions };
}

/** Deletes ended instances past their version's time-to-live, batch after batch. */
export async function cleanupHistory(
  store: Store,
  clock: Clock,
  options: CleanupOptions = {},
): Promise<CleanupReport> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const maxBatches = options.maxBatches ?? Infinity;
  const now = clock.now();
  let instances = 0;
  let historyRows = 0;
  let batches = 0;
  for (const setting of await store.versionSettings()) {
    if (setting.historyTtlMs === undefined) continue;
    while (batches < maxBatches) {
      const done = await store.purgeEnded(
        setting.processId,
        setting.version,
        now - setting.historyTtlMs,
        batchSize,
      );
      if (done.instances === 0) break;
      batches++;
      instances += done.instances;
      historyRows += done.historyRows;
      if (done.instances < batchSize) break;
    }
  }
  return { instances, historyRows, batches };
}
