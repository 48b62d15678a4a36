/** `sluice incidents` lists open incidents; `sluice retry <incidentId>` gives the failed job new attempts. */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { incidentView } from './json-views.js';
import { withSluice } from './open-sluice.js';
import { wholeNumber } from './option-values.js';
import { shortTime, table } from './table.js';

export function registerIncidents(program: Command, run: CliRun): void {
  program
    .command('incidents')
    .description('list open incidents: jobs that failed after their last retry')
    .action(
      action(run, async ({ out, db }) => {
        const incidents = await withSluice(db, (sluice) => sluice.incidents({ open: true }));
        out.result(incidents.map(incidentView), () =>
          incidents.length === 0
            ? 'no open incidents'
            : table(
                ['ID', 'INSTANCE', 'ELEMENT', 'CREATED', 'MESSAGE'],
                incidents.map((i) => [i.id, i.instanceId, i.elementId, shortTime(i.createdAt), i.message]),
              ),
        );
      }),
    );

  program
    .command('retry')
    .description('resolve an incident by giving its job more attempts')
    .argument('<incidentId>', 'incident id (see sluice incidents)')
    .option('--retries <n>', 'attempts to give the job', wholeNumber(1), 1)
    .action(
      action<[string], { retries: number }>(run, async ({ out, db, options }, incidentId) => {
        const incident = await withSluice(db, (sluice) =>
          sluice.retryIncident(incidentId, { retries: options.retries }),
        );
        out.result(
          { ok: true, incidentId, instanceId: incident.instanceId },
          () =>
            `incident ${incidentId} resolved: its job runs again with ${options.retries} ${options.retries === 1 ? 'attempt' : 'attempts'} ('sluice run' executes it)`,
        );
      }),
    );
}
