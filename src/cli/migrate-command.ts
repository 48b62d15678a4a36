/**
 * Versions and change on the command line: `sluice versions <process>`, `sluice migrate`,
 * `sluice modify`, `sluice suspend` and `sluice resume` (docs/versions.md).
 */
import type { Command } from 'commander';
import type { ModifyOp } from '../core/commands/modify-types.js';
import { action, type CliRun } from './command-context.js';
import { UsageError } from './cli-errors.js';
import { parseJsonObjectOption } from './json-input.js';
import { withSluice } from './open-sluice.js';
import { shortTime, table } from './table.js';

interface ByOptions {
  user?: string;
  reason?: string;
}

const by = (o: ByOptions) => ({
  ...(o.user !== undefined && { actor: o.user }),
  ...(o.reason !== undefined && { reason: o.reason }),
});

/** `--map a=b --map c=d` */
function mappingOf(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const [from, to] = pair.split('=');
      if (!from || !to)
        throw new UsageError(
          'mapping-invalid',
          `--map '${pair}' is not source=target, e.g. --map review=assess`,
        );
      return [from, to];
    }),
  );
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerVersionChange(program: Command, run: CliRun): void {
  program
    .command('versions')
    .description('every version of a process: suspended, history time-to-live, running instances')
    .argument('<processId>', 'process id')
    .option('--history-ttl <days>', "set how many days ended instances' history is kept ('none' to keep it)")
    .option('--version <n>', 'with --history-ttl: only this version')
    .action(
      action<[string], { historyTtl?: string; version?: string }>(
        run,
        async ({ out, db, options }, processId) => {
          const versions = await withSluice(db, async (sluice) => {
            if (options.historyTtl !== undefined) {
              const days = options.historyTtl === 'none' ? null : Number(options.historyTtl);
              await sluice.setHistoryTtl(processId, days, {
                ...(options.version !== undefined && { version: Number(options.version) }),
              });
            }
            return sluice.versions(processId);
          });
          out.result(versions, () =>
            table(
              ['VERSION', 'NAME', 'DEPLOYED', 'SUSPENDED', 'HISTORY TTL', 'RUNNING'],
              versions.map((v) => [
                v.version,
                v.name,
                shortTime(v.deployedAt),
                v.suspended ? 'yes' : '',
                v.historyTtlDays === undefined ? '' : `${v.historyTtlDays} d`,
                v.activeInstances,
              ]),
            ),
          );
        },
      ),
    );

  program
    .command('migrate')
    .description('move running instances to another version by an explicit element mapping')
    .argument('<processId>', 'process id')
    .requiredOption('--from <version>', 'the version the instances run on')
    .requiredOption('--to <version>', 'the version to move them to')
    .option('--map <source=target>', 'map a source element to a target element (repeat)', collect, [])
    .option('--map-equal', 'also map every element id both versions have to itself')
    .option('--instance <id>', 'only this instance (repeat)', collect, [])
    .option('--dry-run', 'report what would happen to each instance; change nothing')
    .option('--batch <n>', 'instances per commit', '1000')
    .option('--user <user>', 'who migrates, for the audit history')
    .option('--reason <text>', 'why, for the audit history')
    .action(
      action<
        [string],
        ByOptions & {
          from: string;
          to: string;
          map: string[];
          mapEqual?: boolean;
          instance: string[];
          dryRun?: boolean;
          batch: string;
        }
      >(run, async ({ out, db, options }, processId) => {
        const report = await withSluice(db, (sluice) =>
          sluice.migrate({
            processId,
            from: Number(options.from),
            to: Number(options.to),
            mapping: mappingOf(options.map),
            ...(options.mapEqual && { mapEqual: true }),
            ...(options.instance.length > 0 && { instances: options.instance }),
            ...(options.dryRun && { dryRun: true }),
            batchSize: Number(options.batch),
            ...by(options),
          }),
        );
        out.result(report, () =>
          report.dryRun
            ? [
                `dry run: ${report.instances.length} instance(s) would move from version ${report.from} to ${report.to}`,
                ...report.problems.map((p) => `problem: ${p.message} (${p.hint})`),
                ...report.instances.map(
                  (i) =>
                    `${i.instanceId}: ${i.tokens.map((t) => `${t.from} -> ${t.to}`).join(', ')}; carried ${i.carried.tasks} task(s), ${i.carried.timers} timer(s), ${i.carried.jobs} job(s); new timers ${i.created.timers}, closed ${i.closed.timers}`,
                ),
              ].join('\n')
            : `migrated ${report.migrated} instance(s) of ${processId} from version ${report.from} to ${report.to}` +
              (report.failed.length > 0
                ? `; ${report.failed.length} failed: ${report.failed.map((f) => `${f.instanceId}: ${f.error}`).join('; ')}`
                : ''),
        );
      }),
    );

  program
    .command('modify')
    .description('cancel tokens, start before or after elements, set variables of a running instance')
    .argument('<instanceId>', 'instance id')
    .option('--cancel <elementId>', 'cancel every token at the element (repeat)', collect, [])
    .option('--cancel-token <tokenId>', 'cancel one token (repeat)', collect, [])
    .option('--start-before <elementId>', 'start a token before the element (repeat)', collect, [])
    .option('--start-after <elementId>', 'start a token after the element (repeat)', collect, [])
    .option('--set <json>', 'set variables, a JSON object')
    .option('--user <user>', 'who modifies, for the audit history')
    .option('--reason <text>', 'why, for the audit history')
    .action(
      action<
        [string],
        ByOptions & {
          cancel: string[];
          cancelToken: string[];
          startBefore: string[];
          startAfter: string[];
          set?: string;
        }
      >(run, async ({ out, db, options }, instanceId) => {
        const ops: ModifyOp[] = [
          ...options.cancel.map((elementId) => ({ op: 'cancel' as const, elementId })),
          ...options.cancelToken.map((tokenId) => ({ op: 'cancel' as const, tokenId })),
          ...options.startBefore.map((elementId) => ({ op: 'start-before' as const, elementId })),
          ...options.startAfter.map((elementId) => ({ op: 'start-after' as const, elementId })),
          ...(options.set !== undefined
            ? [{ op: 'set-variables' as const, variables: parseJsonObjectOption(options.set, '--set') }]
            : []),
        ];
        if (ops.length === 0)
          throw new UsageError(
            'nothing-to-do',
            'nothing to do: give --cancel, --cancel-token, --start-before, --start-after or --set',
          );
        await withSluice(db, (sluice) => sluice.modify(instanceId, ops, by(options)));
        out.result(
          { ok: true, instanceId, ops },
          () => `modified instance ${instanceId}: ${ops.length} operation(s)`,
        );
      }),
    );

  for (const verb of ['suspend', 'resume'] as const) {
    program
      .command(verb)
      .description(
        verb === 'suspend'
          ? 'suspend an instance (it takes no work, its timers and jobs wait), or a process version (it starts none)'
          : 'resume a suspended instance or process version; due timers and jobs fire',
      )
      .argument('[instanceId]', 'instance id')
      .option('--process <processId>', 'a process instead of an instance')
      .option('--version <n>', 'with --process: only this version (default every version)')
      .option('--instances', "with --process: the version's running instances too")
      .option('--user <user>', 'who, for the audit history')
      .option('--reason <text>', 'why, for the audit history')
      .action(
        action<[string | undefined], ByOptions & { process?: string; version?: string; instances?: boolean }>(
          run,
          async ({ out, db, options }, instanceId) => {
            if (options.process !== undefined) {
              const processId = options.process;
              const scope = {
                ...by(options),
                ...(options.version !== undefined && { version: Number(options.version) }),
                ...(options.instances && { instances: true }),
              };
              const done = await withSluice(db, (sluice) =>
                verb === 'suspend'
                  ? sluice.suspendDefinition(processId, scope)
                  : sluice.resumeDefinition(processId, scope),
              );
              out.result(
                { ok: true, processId, ...done },
                () =>
                  `${verb === 'suspend' ? 'suspended' : 'resumed'} ${processId} version(s) ${done.versions.join(', ')}; ${done.instances} instance(s)`,
              );
              return;
            }
            if (instanceId === undefined)
              throw new UsageError(
                'instance-missing',
                `give an instance id, or --process <processId>: sluice ${verb} <instanceId>`,
              );
            await withSluice(db, (sluice) => sluice[verb](instanceId, by(options)));
            out.result(
              { ok: true, instanceId },
              () => `${verb === 'suspend' ? 'suspended' : 'resumed'} instance ${instanceId}`,
            );
          },
        ),
      );
  }
}
