/** `sluice cancel <instanceId>`: terminate an active instance. */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { withSluice } from './open-sluice.js';

export function registerCancel(program: Command, run: CliRun): void {
  program
    .command('cancel')
    .description('terminate an active instance: open tasks, jobs and timers are withdrawn')
    .argument('<instanceId>', 'instance id')
    .option('--reason <text>', 'why, for the audit history')
    .option('--user <user>', 'who cancelled it, for the audit history')
    .action(
      action<[string], { reason?: string; user?: string }>(run, async ({ out, db, options }, instanceId) => {
        await withSluice(db, (sluice) =>
          sluice.cancel(instanceId, {
            ...(options.reason !== undefined && { reason: options.reason }),
            ...(options.user !== undefined && { actor: options.user }),
          }),
        );
        out.result({ ok: true, instanceId }, () => `cancelled instance ${instanceId}`);
      }),
    );
}
