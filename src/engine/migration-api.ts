/**
 * The engine's surface for versions and change: list versions, migrate, modify, suspend and
 * resume instances and versions, history time-to-live and its cleanup. createSluice spreads
 * this into the Sluice object; the pieces live in migration.ts, suspension.ts and
 * history-retention.ts.
 */
import type { ModifyOp } from '../core/commands/modify-types.js';
import type { Command } from '../core/types.js';
import type { Store, VersionSettings } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import {
  type CleanupOptions,
  type CleanupReport,
  cleanupHistory,
  setHistoryTtl,
} from './history-retention.js';
import { type MigrateOptions, type MigrationReport, migrate } from './migration.js';
import { type By, SuspendedVersions, suspendDefinition, suspendInstance } from './suspension.js';

export interface VersionInfo {
  readonly processId: string;
  readonly version: number;
  readonly name?: string;
  readonly deployedAt: number;
  readonly suspended: boolean;
  readonly historyTtlDays?: number;
  /** Running instances pinned to this version. */
  readonly activeInstances: number;
}

export interface VersionChange {
  /** Every version of a process, with its suspension, history time-to-live and running instances. */
  versions(processId: string): Promise<VersionInfo[]>;
  /** Moves running instances to another version by an explicit mapping (docs/versions.md). */
  migrate(options: MigrateOptions): Promise<MigrationReport>;
  /** Cancels tokens, starts before or after elements, sets variables; one audit event. */
  modify(instanceId: string, ops: readonly ModifyOp[], by?: By): Promise<void>;
  suspend(instanceId: string, by?: By): Promise<void>;
  resume(instanceId: string, by?: By): Promise<void>;
  /** A suspended version (every version without `version`) starts no instances; `instances` suspends its running ones too. */
  suspendDefinition(
    processId: string,
    options?: By & { version?: number; instances?: boolean },
  ): Promise<{ versions: number[]; instances: number }>;
  resumeDefinition(
    processId: string,
    options?: By & { version?: number; instances?: boolean },
  ): Promise<{ versions: number[]; instances: number }>;
  /** Keeps the history of ended instances `days` (null: forever), for one version or every version. */
  setHistoryTtl(
    processId: string,
    days: number | null,
    options?: { version?: number },
  ): Promise<{ versions: number[] }>;
  /** Deletes ended instances past their time-to-live, with their history, in bounded batches. */
  cleanupHistory(options?: CleanupOptions): Promise<CleanupReport>;
}

export interface VersionChangeDeps {
  readonly store: Store;
  readonly definitions: Definitions;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly submit: (command: Command) => Promise<unknown>;
  readonly wake: () => void;
}

export function createVersionChange(deps: VersionChangeDeps, suspended: SuspendedVersions): VersionChange {
  const operator = (by: By) => ({
    ...(by.actor !== undefined && { actor: by.actor }),
    ...(by.reason !== undefined && { reason: by.reason }),
  });
  return {
    async versions(processId) {
      const definitions = (await deps.definitions.list()).filter((d) => d.processId === processId);
      if (definitions.length === 0) await deps.definitions.graph(processId, 0); // names the missing process
      const settings = new Map<number, VersionSettings>(
        (await deps.store.versionSettings(processId)).map((s) => [s.version, s]),
      );
      const active = new Map<number, number>();
      for (let after: string | undefined; ;) {
        const page = await deps.store.listInstances({
          processId,
          status: 'active',
          limit: 1000,
          ...(after && { after }),
        });
        for (const i of page.items) active.set(i.version, (active.get(i.version) ?? 0) + 1);
        if (!page.next) break;
        after = page.next;
      }
      return definitions.map((d) => {
        const s = settings.get(d.version);
        return {
          processId,
          version: d.version,
          ...(d.name !== undefined && { name: d.name }),
          deployedAt: d.deployedAt,
          suspended: s?.suspended ?? false,
          ...(s?.historyTtlMs !== undefined && { historyTtlDays: s.historyTtlMs / 86_400_000 }),
          activeInstances: active.get(d.version) ?? 0,
        };
      });
    },
    migrate: (options) => migrate(deps, options),
    async modify(instanceId, ops, by = {}) {
      await deps.submit({ type: 'modify', instanceId, ops, ...operator(by) });
    },
    suspend: (instanceId, by = {}) => suspendInstance(deps, instanceId, true, operator(by)),
    resume: (instanceId, by = {}) => suspendInstance(deps, instanceId, false, operator(by)),
    suspendDefinition: (processId, options = {}) =>
      suspendDefinition(deps, suspended, processId, true, options),
    resumeDefinition: (processId, options = {}) =>
      suspendDefinition(deps, suspended, processId, false, options),
    setHistoryTtl: (processId, days, options = {}) =>
      setHistoryTtl(deps.store, deps.definitions, deps.clock, processId, days, options.version),
    cleanupHistory: (options) => cleanupHistory(deps.store, deps.clock, options),
  };
}
