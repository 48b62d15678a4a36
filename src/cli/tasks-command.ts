/** Human work: `sluice tasks` lists open tasks, `claim` takes one, `complete` finishes it. */
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { parseJsonObjectOption, parseVarAssignments } from './json-input.js';
import { taskView } from './json-views.js';
import { withSluice } from './open-sluice.js';
import { collect, oneOf, wholeNumber } from './option-values.js';
import { shortTime, table } from './table.js';

interface TasksOptions {
  readonly assignee?: string;
  readonly group?: string;
  readonly instance?: string;
  readonly process?: string;
  readonly mine?: string;
  readonly groups?: string;
  readonly overdue?: boolean;
  readonly sort?: 'created' | 'due' | 'priority';
  readonly limit: number;
  readonly count?: boolean;
}

interface CompleteOptions {
  readonly var?: string[];
  readonly vars?: string;
  readonly user?: string;
}

export function registerTasks(program: Command, run: CliRun): void {
  program
    .command('tasks')
    .description('list open user tasks')
    .option('--assignee <user>', 'only tasks assigned to this user')
    .option('--group <group>', 'only tasks offered to this candidate group')
    .option('--instance <id>', 'only tasks of this instance')
    .option('--process <id>', 'only tasks of this process')
    .option(
      '--mine <user>',
      "the user's work: assigned to them, or unassigned and offered to them or --groups",
    )
    .option('--groups <g1,g2>', 'with --mine: the groups the user belongs to')
    .option('--overdue', 'only tasks past their due date')
    .option(
      '--sort <order>',
      'created (default), due or priority',
      oneOf(['created', 'due', 'priority'] as const),
    )
    .option('--count', 'print only how many tasks match')
    .option('--limit <n>', 'at most this many', wholeNumber(1), 100)
    .action(
      action<[], TasksOptions>(run, async ({ out, db, options }) => {
        const filter = {
          state: 'open' as const,
          ...(options.assignee !== undefined && { assignee: options.assignee }),
          ...(options.group !== undefined && { candidateGroup: options.group }),
          ...(options.instance !== undefined && { instanceId: options.instance }),
          ...(options.process !== undefined && { processId: options.process }),
          ...(options.mine !== undefined && {
            workableBy: { user: options.mine, groups: (options.groups ?? '').split(',').filter(Boolean) },
          }),
          ...(options.overdue === true && { dueBefore: Date.now() }),
          ...(options.sort !== undefined && { orderBy: options.sort }),
          limit: options.limit,
        };
        if (options.count === true) {
          const count = await withSluice(db, (sluice) => sluice.store.countTasks(filter));
          out.result({ count }, () => String(count));
          return;
        }
        const page = await withSluice(db, (sluice) => sluice.tasks(filter));
        out.result(page.items.map(taskView), () =>
          page.items.length === 0
            ? 'no open tasks match'
            : table(
                ['ID', 'TASK', 'INSTANCE', 'ASSIGNEE', 'CANDIDATES', 'DUE'],
                page.items.map((t) => [
                  t.id,
                  t.name ?? t.elementId,
                  t.instanceId,
                  t.assignee,
                  [...t.candidateGroups.map((g) => `group:${g}`), ...t.candidateUsers].join(','),
                  shortTime(t.dueAt),
                ]),
              ),
        );
        if (page.next !== undefined) out.note(`more tasks match than --limit ${options.limit} shows`);
      }),
    );

  program
    .command('claim')
    .description('assign an open task to a user')
    .argument('<taskId>', 'task id (see sluice tasks)')
    .requiredOption('--user <user>', 'who takes the task')
    .action(
      action<[string], { user: string }>(run, async ({ out, db, options }, taskId) => {
        const task = await withSluice(db, (sluice) => sluice.claimTask(taskId, options.user));
        out.result(
          { ok: true, taskId, instanceId: task.instanceId, assignee: options.user },
          () => `claimed task ${taskId} for ${options.user}`,
        );
      }),
    );

  program
    .command('complete')
    .description('complete an open task, optionally setting variables')
    .argument('<taskId>', 'task id (see sluice tasks)')
    .option('--vars <json>', 'variables to set, as a JSON object')
    .option(
      '--var <key=value>',
      'a variable to set; the value is read as JSON when it is JSON (repeatable)',
      collect,
    )
    .option('--user <user>', 'who completed it, for the audit history')
    .action(
      action<[string], CompleteOptions>(run, async ({ out, db, options }, taskId) => {
        const variables = {
          ...(options.vars !== undefined && parseJsonObjectOption(options.vars, '--vars')),
          ...parseVarAssignments(options.var ?? []),
        };
        const task = await withSluice(db, (sluice) =>
          sluice.completeTask(taskId, {
            variables,
            ...(options.user !== undefined && { actor: options.user }),
          }),
        );
        out.result(
          { ok: true, taskId, instanceId: task.instanceId },
          () => `completed task ${taskId} of instance ${task.instanceId}`,
        );
      }),
    );
}
