/** `sluice instances` lists instances; `sluice instance <id>` shows one with its variables and history. */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { InstanceStatus } from '../core/types.js';
import type { InstanceDetails } from '../engine/engine.js';
import { action, type CliRun } from './command-context.js';
import { instanceSummaryView, instanceView } from './json-views.js';
import { withSluice } from './open-sluice.js';
import { wholeNumber } from './option-values.js';
import { shortTime, table } from './table.js';

const states: readonly InstanceStatus[] = ['active', 'completed', 'terminated', 'failed'];

interface InstancesOptions {
  readonly process?: string;
  readonly state?: InstanceStatus;
  readonly limit: number;
  readonly after?: string;
}

export function registerInstances(program: Command, run: CliRun): void {
  program
    .command('instances')
    .description('list process instances, oldest first')
    .option('--process <id>', 'only instances of this process')
    .addOption(new Option('--state <state>', 'only instances in this state').choices(states))
    .option('--limit <n>', 'at most this many', wholeNumber(1), 100)
    .option('--after <instanceId>', 'continue a listing after this instance')
    .action(
      action<[], InstancesOptions>(run, async ({ out, db, options }) => {
        const page = await withSluice(db, (sluice) =>
          sluice.instances({
            ...(options.process !== undefined && { processId: options.process }),
            ...(options.state !== undefined && { status: options.state }),
            limit: options.limit,
            ...(options.after !== undefined && { after: options.after }),
          }),
        );
        out.result(page.items.map(instanceSummaryView), () =>
          page.items.length === 0
            ? 'no instances match'
            : table(
                ['ID', 'PROCESS', 'VERSION', 'STATE', 'BUSINESS KEY', 'STARTED', 'ENDED'],
                page.items.map((i) => [
                  i.id,
                  i.processId,
                  i.version,
                  i.status,
                  i.businessKey,
                  shortTime(i.startedAt),
                  shortTime(i.endedAt),
                ]),
              ),
        );
        if (page.next !== undefined) out.note(`more instances follow: rerun with --after ${page.next}`);
      }),
    );

  program
    .command('instance')
    .description('show one instance: state, where it waits, variables, open incidents and history')
    .argument('<id>', 'instance id')
    .action(
      action<[string]>(run, async ({ out, db }, id) => {
        const instance = await withSluice(db, (sluice) => sluice.instance(id));
        out.result(instanceView(instance), () => instanceLines(instance));
      }),
    );
}

function instanceLines(instance: InstanceDetails): string[] {
  const incidents = instance.incidents.filter((i) => i.resolvedAt === undefined);
  return [
    `instance   ${instance.id}`,
    `process    ${instance.processId} version ${instance.version}`,
    `state      ${instance.status}`,
    ...(instance.businessKey !== undefined ? [`key        ${instance.businessKey}`] : []),
    `started    ${shortTime(instance.startedAt)}`,
    ...(instance.endedAt !== undefined ? [`ended      ${shortTime(instance.endedAt)}`] : []),
    `waits at   ${instance.activeElements.length > 0 ? instance.activeElements.join(', ') : '-'}`,
    `variables  ${JSON.stringify(instance.variables)}`,
    ...(incidents.length > 0
      ? ['incidents', ...incidents.map((i) => `  ${i.id}  ${i.elementId}: ${i.message}`)]
      : []),
    'history',
    ...table(
      ['AT', 'EVENT', 'ELEMENT', 'ACTOR'],
      instance.history.map((e) => [shortTime(e.at), e.type, e.elementId, e.actor]),
    ).map((line) => `  ${line}`),
  ];
}
