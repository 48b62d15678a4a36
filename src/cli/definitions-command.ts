/** `sluice definitions`: every deployed version of every process. */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { definitionView } from './json-views.js';
import { withSluice } from './open-sluice.js';
import { shortTime, table } from './table.js';

export function registerDefinitions(program: Command, run: CliRun): void {
  program
    .command('definitions')
    .description('list deployed process definitions, every version')
    .action(
      action(run, async ({ out, db }) => {
        const definitions = await withSluice(db, (sluice) => sluice.definitions());
        out.result(definitions.map(definitionView), () =>
          definitions.length === 0
            ? "no process is deployed; deploy one with 'sluice deploy <file.bpmn>'"
            : table(
                ['PROCESS', 'VERSION', 'NAME', 'DEPLOYED'],
                definitions.map((d) => [d.processId, d.version, d.name, shortTime(d.deployedAt)]),
              ),
        );
      }),
    );
}
