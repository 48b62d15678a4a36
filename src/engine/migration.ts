/**
 * Migration of running instances to another version: the mapping is checked against both
 * graphs, then every instance is planned by the same pure step that will move it (a dry run
 * stops here and reports the plans); only when every instance can move are they migrated, in
 * chunks, each instance its own step through the group commit, so a crash mid-batch leaves
 * every instance either migrated or not.
 */
import type { ElementMapping } from '../core/commands/modify-types.js';
import {
  type MigrationProblem,
  type TokenMove,
  mappingProblems,
  migrateInstance,
} from '../core/migrate-state.js';
import { CommandRejected, type Command, type Effect } from '../core/types.js';
import type { ProcessGraph } from '../model/graph.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { SluiceError } from './errors.js';

export interface MigrateOptions {
  readonly processId: string;
  readonly from: number;
  readonly to: number;
  /** source element id -> target element id */
  readonly mapping: ElementMapping;
  /** Also map every element whose id is in both versions to itself (explicit entries win). */
  readonly mapEqual?: boolean;
  /** Only these instances; default every active instance of the source version. */
  readonly instances?: readonly string[];
  readonly dryRun?: boolean;
  /** Instances per group commit (default 1,000). */
  readonly batchSize?: number;
  readonly actor?: string;
  readonly reason?: string;
}

/** What migration does, or did, to one instance. */
export interface InstancePlan {
  readonly instanceId: string;
  readonly tokens: readonly TokenMove[];
  /** Rows kept with their ids (and timers with their due times), moved to the new elements. */
  readonly carried: {
    readonly tasks: number;
    readonly jobs: number;
    readonly timers: number;
    readonly subscriptions: number;
  };
  /** Timers and subscriptions opened for boundary events the target adds. */
  readonly created: { readonly timers: number; readonly subscriptions: number };
  /** Timers and subscriptions closed for boundary events the target no longer has. */
  readonly closed: { readonly timers: number; readonly subscriptions: number };
}

export interface MigrationReport {
  readonly processId: string;
  readonly from: number;
  readonly to: number;
  readonly dryRun: boolean;
  readonly mapping: ElementMapping;
  readonly instances: readonly InstancePlan[];
  readonly problems: readonly (MigrationProblem & { readonly instanceId?: string })[];
  readonly migrated: number;
  /** Instances that changed between planning and their step and could not move (named with why). */
  readonly failed: readonly { readonly instanceId: string; readonly error: string }[];
}

export interface MigrationDeps {
  readonly store: Store;
  readonly definitions: Definitions;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly submit: (command: Command) => Promise<unknown>;
}

export async function migrate(deps: MigrationDeps, options: MigrateOptions): Promise<MigrationReport> {
  const { processId, from, to } = options;
  const { graph: source } = await deps.definitions.graph(processId, from);
  const { graph: target } = await deps.definitions.graph(processId, to);
  const mapping = options.mapEqual ? { ...equalIds(source, target), ...options.mapping } : options.mapping;
  const base = { processId, from, to, dryRun: options.dryRun ?? false, mapping, migrated: 0, failed: [] };
  const staticProblems = mappingProblems(source, target, mapping);
  if (staticProblems.length > 0) return refuse({ ...base, instances: [], problems: staticProblems });

  const ids = options.instances ?? (await activeInstances(deps.store, processId, from));
  const plans: InstancePlan[] = [];
  const problems: MigrationReport['problems'][number][] = [];
  const ctx = { now: deps.clock.now(), newId: deps.newId };
  for (const instanceId of ids) {
    const record = await deps.store.loadInstance(instanceId);
    const problem = (message: string, hint: string) =>
      problems.push({ instanceId, elementId: '', message, hint });
    if (!record) problem(`no instance has id '${instanceId}'`, "list instances with 'sluice instances'");
    else if (record.state.processId !== processId || record.state.version !== from)
      problem(
        `instance '${instanceId}' runs ${record.state.processId} version ${record.state.version}, not ${processId} version ${from}`,
        'migrate it from the version it runs on',
      );
    else if (record.state.status !== 'active')
      problem(`instance '${instanceId}' is ${record.state.status}`, 'only running instances migrate');
    else {
      try {
        const result = migrateInstance(
          source,
          record.state,
          { type: 'migrate', instanceId, target, targetVersion: to, mapping },
          ctx,
        );
        plans.push(planOf(instanceId, result.events[result.events.length - 1]?.data, result.effects));
      } catch (error) {
        if (!(error instanceof CommandRejected)) throw error;
        problem(error.message, 'extend the mapping, or leave this instance out');
      }
    }
  }
  const report: MigrationReport = { ...base, instances: plans, problems };
  if (problems.length > 0) return refuse(report);
  if (report.dryRun) return report;

  const failed: { instanceId: string; error: string }[] = [];
  const size = Math.max(1, options.batchSize ?? 1000);
  for (let i = 0; i < plans.length; i += size) {
    const chunk = plans.slice(i, i + size);
    const outcomes = await Promise.allSettled(
      chunk.map((plan) =>
        deps.submit({
          type: 'migrate',
          instanceId: plan.instanceId,
          target,
          targetVersion: to,
          mapping,
          ...(options.actor !== undefined && { actor: options.actor }),
          ...(options.reason !== undefined && { reason: options.reason }),
        }),
      ),
    );
    outcomes.forEach((outcome, j) => {
      if (outcome.status === 'rejected')
        failed.push({ instanceId: chunk[j]!.instanceId, error: (outcome.reason as Error).message });
    });
  }
  return { ...report, migrated: plans.length - failed.length, failed };
}

function refuse(report: MigrationReport): MigrationReport {
  if (report.dryRun) return report;
  const first = report.problems.slice(0, 20).map((p) => p.message);
  const more = report.problems.length > 20 ? `; and ${report.problems.length - 20} more` : '';
  throw new SluiceError(
    'invalid',
    'migration-invalid',
    `the migration of ${report.processId} from version ${report.from} to ${report.to} is not valid; nothing was migrated: ${first.join('; ')}${more}`,
    report.problems[0]?.hint ?? 'fix the mapping and try again; a dry run lists every problem',
    report.problems.map((p) => ({
      severity: 'error' as const,
      message: p.message,
      processId: report.processId,
      ...(p.elementId && { elementId: p.elementId }),
    })),
  );
}

/** Every element id the two versions share, mapped to itself. */
export function equalIds(source: ProcessGraph, target: ProcessGraph): Record<string, string> {
  return Object.fromEntries(
    Object.keys(source.elements)
      .filter((id) => target.elements[id] !== undefined)
      .map((id) => [id, id]),
  );
}

async function activeInstances(store: Store, processId: string, version: number): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | undefined; ;) {
    const page = await store.listInstances({
      processId,
      status: 'active',
      limit: 1000,
      ...(after && { after }),
    });
    for (const item of page.items) if (item.version === version) ids.push(item.id);
    if (!page.next) return ids;
    after = page.next;
  }
}

function planOf(
  instanceId: string,
  data: Record<string, unknown> | undefined,
  effects: readonly Effect[],
): InstancePlan {
  const count = (kind: Effect['kind']) => effects.filter((e) => e.kind === kind).length;
  const moved = effects.flatMap((e) => (e.kind === 'move-rows' ? e.rows : []));
  const carried = (table: string) => moved.filter((r) => r.table === table).length;
  const created = { timers: count('schedule-timer'), subscriptions: count('subscribe-message') };
  return {
    instanceId,
    tokens: (data?.tokens as TokenMove[] | undefined) ?? [],
    carried: {
      tasks: carried('tasks'),
      jobs: carried('jobs'),
      timers: carried('timers') - created.timers,
      subscriptions: carried('subscriptions') - created.subscriptions,
    },
    created,
    closed: { timers: count('cancel-timer'), subscriptions: count('unsubscribe-message') },
  };
}
