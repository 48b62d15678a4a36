/** `sluice message <name>`: correlate a message to the instance waiting for it, or start one. */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { parseJsonObjectOption, parseVarAssignments } from './json-input.js';
import { withSluice } from './open-sluice.js';
import { collect } from './option-values.js';

interface MessageOptions {
  readonly correlationKey?: string;
  readonly vars?: string;
  readonly var?: string[];
}

export function registerMessage(program: Command, run: CliRun): void {
  program
    .command('message')
    .description(
      'publish a message: the instance waiting for it with that key continues, or a message start event starts one',
    )
    .argument('<name>', 'message name, as in the model')
    .option('--correlation-key <key>', 'the key the waiting instance subscribed with (e.g. the order id)')
    .option('--vars <json>', 'variables the message carries, as a JSON object')
    .option('--var <key=value>', 'a variable the message carries (repeatable)', collect)
    .action(
      action<[string], MessageOptions>(run, async ({ out, db, options }, name) => {
        const variables = {
          ...(options.vars !== undefined && parseJsonObjectOption(options.vars, '--vars')),
          ...parseVarAssignments(options.var ?? []),
        };
        const { instanceId, started } = await withSluice(db, (sluice) =>
          sluice.correlate(name, {
            ...(options.correlationKey !== undefined && { correlationKey: options.correlationKey }),
            ...(Object.keys(variables).length > 0 && { variables }),
          }),
        );
        out.result({ instanceId, started }, () =>
          started
            ? `message '${name}' started instance ${instanceId}`
            : `message '${name}' correlated to instance ${instanceId}`,
        );
      }),
    );
}
