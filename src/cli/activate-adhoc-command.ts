/** `sluice activate-ad-hoc <instanceId> <elementId> <activityIds...>`: choose what an ad-hoc subprocess runs next (WCP-17, 40). */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { withSluice } from './open-sluice.js';

export function registerActivateAdHoc(program: Command, run: CliRun): void {
  program
    .command('activate-ad-hoc')
    .description('start offered activities of an ad-hoc subprocess with sluice:activation="chosen"')
    .argument('<instanceId>', 'instance id')
    .argument('<elementId>', 'the ad-hoc subprocess')
    .argument('<activityIds...>', 'the activities to start (a Sequential one takes one at a time)')
    .option('--user <user>', 'who chose them, for the audit history')
    .action(
      action<[string, string, string[]], { user?: string }>(
        run,
        async ({ out, db, options }, instanceId, elementId, activityIds) => {
          await withSluice(db, (sluice) =>
            sluice.activateAdHoc(instanceId, elementId, activityIds, {
              ...(options.user !== undefined && { actor: options.user }),
            }),
          );
          out.result(
            { ok: true, instanceId, elementId, activated: activityIds },
            () => `started ${activityIds.join(', ')} in '${elementId}' of instance ${instanceId}`,
          );
        },
      ),
    );
}
