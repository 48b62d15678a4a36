/**
 * Suspension. A suspended instance takes only operator commands; its timers and jobs are
 * marked to wait in the store (the scheduler and the executors skip them) and fall due again
 * on resume, at their original times. A suspended process version starts no instances: its
 * start timers wait, and a start (by API, message, call activity or timer) is refused with
 * what is suspended and how to resume it.
 */
import type { Command } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { SluiceError } from './errors.js';

export interface By {
  readonly actor?: string;
  readonly reason?: string;
}

export interface SuspensionDeps {
  readonly store: Store;
  readonly definitions: Definitions;
  readonly clock: Clock;
  readonly submit: (command: Command) => Promise<unknown>;
  /** Look for due timers and jobs again (after a resume). */
  readonly wake: () => void;
}

const cacheMs = 1000;

/** Which versions are suspended, read again once a second so another node's change is seen. */
export class SuspendedVersions {
  private readonly cache = new Map<string, { versions: ReadonlySet<number>; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async suspended(processId: string): Promise<ReadonlySet<number>> {
    const now = this.clock.now();
    const cached = this.cache.get(processId);
    if (cached && now - cached.at < cacheMs && now >= cached.at) return cached.versions;
    const settings = await this.store.versionSettings(processId);
    const versions = new Set(settings.filter((s) => s.suspended).map((s) => s.version));
    this.cache.set(processId, { versions, at: now });
    return versions;
  }

  forget(processId: string): void {
    this.cache.delete(processId);
  }

  /** Refuses a start of a suspended version; `version` 0 means the latest. */
  async checkStart(processId: string, version: number, definitions: Definitions): Promise<void> {
    const suspended = await this.suspended(processId);
    if (suspended.size === 0) return;
    const resolved = version > 0 ? version : (await definitions.graph(processId, 0)).version;
    if (!suspended.has(resolved)) return;
    throw new SluiceError(
      'conflict',
      'definition-suspended',
      `process '${processId}' version ${resolved} is suspended: it starts no new instances`,
      `resume it with 'sluice resume --process ${processId} --version ${resolved}' (sluice.resumeDefinition)`,
    );
  }
}

export async function suspendInstance(
  deps: SuspensionDeps,
  instanceId: string,
  suspend: boolean,
  by: By = {},
): Promise<void> {
  await deps.submit({ type: suspend ? 'suspend' : 'resume', instanceId, ...by });
  if (!suspend) deps.wake();
}

/**
 * Suspends or resumes a process version (every version when `version` is omitted), and with
 * `instances` its running instances too, each its own step.
 */
export async function suspendDefinition(
  deps: SuspensionDeps,
  versions: SuspendedVersions,
  processId: string,
  suspend: boolean,
  options: By & { version?: number; instances?: boolean } = {},
): Promise<{ versions: number[]; instances: number }> {
  const all = (await deps.definitions.list()).filter((d) => d.processId === processId).map((d) => d.version);
  if (all.length === 0) await deps.definitions.graph(processId, 0); // names the missing process
  const chosen =
    options.version === undefined
      ? all
      : [(await deps.definitions.graph(processId, options.version)).version];
  for (const version of chosen)
    await deps.store.saveVersionSettings(processId, version, { suspended: suspend }, deps.clock.now());
  versions.forget(processId);
  let instances = 0;
  if (options.instances) {
    const by = {
      ...(options.actor !== undefined && { actor: options.actor }),
      ...(options.reason !== undefined && { reason: options.reason }),
    };
    for (let after: string | undefined; ;) {
      const page = await deps.store.listInstances({
        processId,
        status: 'active',
        limit: 1000,
        ...(after && { after }),
      });
      const targets = page.items.filter((i) => chosen.includes(i.version));
      const outcomes = await Promise.allSettled(
        targets.map((i) => deps.submit({ type: suspend ? 'suspend' : 'resume', instanceId: i.id, ...by })),
      );
      instances += outcomes.filter((o) => o.status === 'fulfilled').length;
      if (!page.next) break;
      after = page.next;
    }
  }
  if (!suspend) deps.wake();
  return { versions: chosen, instances };
}
