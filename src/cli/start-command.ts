/** `sluice start <processId>`: a new instance of the latest (or a given) version. */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { parseJsonObjectOption, parseVarAssignments } from './json-input.js';
import { withSluice } from './open-sluice.js';
import { collect, wholeNumber } from './option-values.js';

interface StartOptions {
  readonly var?: string[];
  readonly vars?: string;
  readonly businessKey?: string;
  readonly version?: number;
}

export function registerStart(program: Command, run: CliRun): void {
  program
    .command('start')
    .description('start an instance of a deployed process')
    .argument('<processId>', 'id of the process (see sluice definitions)')
    .option(
      '--var <key=value>',
      'a variable; the value is read as JSON when it is JSON, else as text (repeatable)',
      collect,
    )
    .option('--vars <json>', 'variables as a JSON object; --var entries are applied on top')
    .option('--business-key <key>', 'the business key, e.g. an order number')
    .option('--version <n>', 'start this version instead of the latest', wholeNumber(1))
    .action(
      action<[string], StartOptions>(run, async ({ out, db, options }, processId) => {
        const variables = {
          ...(options.vars !== undefined && parseJsonObjectOption(options.vars, '--vars')),
          ...parseVarAssignments(options.var ?? []),
        };
        const { instanceId, state } = await withSluice(db, (sluice) =>
          sluice.start(processId, {
            variables,
            ...(options.businessKey !== undefined && { businessKey: options.businessKey }),
            ...(options.version !== undefined && { version: options.version }),
          }),
        );
        out.result(
          { instanceId, state: state.status },
          () => `started ${instanceId} (${state.processId} version ${state.version}): ${state.status}`,
        );
      }),
    );
}
