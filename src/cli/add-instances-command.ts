/** `sluice add-instances <instanceId> <elementId> --items <json>`: more items for a running multi-instance activity (WCP-15). */
import type { Command } from 'commander';
import { UsageError } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { parseJsonOption } from './json-input.js';
import { withSluice } from './open-sluice.js';

export function registerAddInstances(program: Command, run: CliRun): void {
  program
    .command('add-instances')
    .description('give a running multi-instance activity more items, one instance each')
    .argument('<instanceId>', 'instance id')
    .argument('<elementId>', 'the multi-instance activity')
    .requiredOption('--items <json>', 'the new items as a JSON array')
    .option('--user <user>', 'who added them, for the audit history')
    .action(
      action<[string, string], { items: string; user?: string }>(
        run,
        async ({ out, db, options }, instanceId, elementId) => {
          const items = parseJsonOption(options.items, '--items');
          if (!Array.isArray(items) || items.length === 0) {
            throw new UsageError(
              'invalid-items',
              '--items must be a JSON array with at least one item',
              `e.g. --items '["claim-7", "claim-8"]'`,
            );
          }
          await withSluice(db, (sluice) =>
            sluice.addInstances(instanceId, elementId, items, {
              ...(options.user !== undefined && { actor: options.user }),
            }),
          );
          out.result(
            { ok: true, instanceId, elementId, added: items.length },
            () => `added ${items.length} instance(s) to '${elementId}' of instance ${instanceId}`,
          );
        },
      ),
    );
}
