/**
 * `sluice task <operation> <taskId>`: every work-item operation on a user task (unclaim, start,
 * delegate, resolve, reassign, forward, escalate, suspend, resume, skip, fail, comment, update),
 * each recorded in the instance history with --user and --reason. `sluice delegate` is a
 * shorthand. Operations are declared once, in a table, and become subcommands.
 */
import type { Command } from 'commander';
import type { TaskAction } from '../core/types.js';
import { action, type CliRun } from './command-context.js';
import { parseJsonObjectOption } from './json-input.js';
import { withSluice } from './open-sluice.js';
import { wholeNumber } from './option-values.js';

interface WorkOptions {
  readonly user?: string;
  readonly reason?: string;
  readonly to?: string;
  readonly users?: string;
  readonly groups?: string;
  readonly priority?: number;
  readonly due?: string;
  readonly followUp?: string;
  readonly text?: string;
  readonly code?: string;
  readonly message?: string;
  readonly vars?: string;
}

interface Operation {
  readonly description: string;
  readonly options?: readonly (readonly [flags: string, description: string])[];
  readonly required?: readonly (readonly [flags: string, description: string])[];
  readonly action: (options: WorkOptions) => TaskAction;
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function instant(text: string | undefined, option: string): number | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'none') return null;
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new Error(`${option} '${text}' is not an ISO 8601 date-time (or 'none' to clear it)`);
  return at;
}

const operations: Record<string, Operation> = {
  unclaim: { description: 'give a claimed task back to its candidates', action: () => ({ op: 'unclaim' }) },
  start: {
    description: 'start working on a task (claims it if nobody holds it)',
    action: () => ({ op: 'start' }),
  },
  delegate: {
    description: 'hand a task to someone else; you stay its owner and get it back on resolve',
    required: [['--to <user>', 'who works on it']],
    action: (o) => ({ op: 'delegate', to: o.to! }),
  },
  resolve: {
    description: 'give a delegated task back to its owner',
    options: [['--vars <json>', 'variables to set, as a JSON object']],
    action: (o) => ({
      op: 'resolve',
      ...(o.vars !== undefined && { variables: parseJsonObjectOption(o.vars, '--vars') }),
    }),
  },
  reassign: {
    description: 'assign a task to another person',
    required: [['--to <user>', 'the new assignee']],
    action: (o) => ({ op: 'reassign', to: o.to! }),
  },
  forward: {
    description: 'offer a task to other candidates instead',
    options: [
      ['--users <u1,u2>', 'candidate users'],
      ['--groups <g1,g2>', 'candidate groups'],
    ],
    action: (o) => ({ op: 'forward', users: list(o.users), groups: list(o.groups) }),
  },
  escalate: {
    description: 'reassign a task upwards, optionally raising its priority',
    required: [['--to <user>', 'who takes it over']],
    options: [['--priority <n>', 'the new priority']],
    action: (o) => ({ op: 'escalate', to: o.to!, ...(o.priority !== undefined && { priority: o.priority }) }),
  },
  suspend: {
    description: 'put a task on hold: nobody can work on it until resumed',
    action: () => ({ op: 'suspend' }),
  },
  resume: { description: 'take a task off hold', action: () => ({ op: 'resume' }) },
  skip: { description: 'close a task without doing it; the process goes on', action: () => ({ op: 'skip' }) },
  fail: {
    description: 'report that a task cannot be done: a business error an error boundary event may catch',
    options: [
      ['--code <errorCode>', 'the error code (default TASK_FAILED)'],
      ['--message <text>', 'what went wrong'],
    ],
    action: (o) => ({
      op: 'fail',
      ...(o.code !== undefined && { errorCode: o.code }),
      ...(o.message !== undefined && { message: o.message }),
    }),
  },
  comment: {
    description: 'add a comment to a task',
    required: [['--text <text>', 'the comment']],
    action: (o) => ({ op: 'comment', text: o.text! }),
  },
  update: {
    description: "change a task's priority, due date or follow-up date",
    options: [
      ['--priority <n>', 'the priority (higher is more urgent)'],
      ['--due <date>', "ISO 8601 date-time, or 'none'"],
      ['--follow-up <date>', "ISO 8601 date-time, or 'none'"],
    ],
    action: (o) => {
      const dueAt = instant(o.due, '--due');
      const followUpAt = instant(o.followUp, '--follow-up');
      return {
        op: 'update',
        ...(o.priority !== undefined && { priority: o.priority }),
        ...(dueAt !== undefined && { dueAt }),
        ...(followUpAt !== undefined && { followUpAt }),
      };
    },
  },
};

function define(command: Command, name: string, operation: Operation, run: CliRun): void {
  command.description(operation.description).argument('<taskId>', 'task id (see sluice tasks)');
  for (const [flags, text] of operation.required ?? []) command.requiredOption(flags, text);
  for (const [flags, text] of operation.options ?? []) {
    if (flags.startsWith('--priority')) command.option(flags, text, wholeNumber(0));
    else command.option(flags, text);
  }
  command
    .option('--user <user>', 'who does it, for the audit history')
    .option('--reason <text>', 'why, for the audit history')
    .action(
      action<[string], WorkOptions>(run, async ({ out, db, options }, taskId) => {
        const taskAction = operation.action(options);
        const by = {
          ...(options.user !== undefined && { actor: options.user }),
          ...(options.reason !== undefined && { reason: options.reason }),
        };
        const { instanceId } = await withSluice(db, (sluice) => sluice.taskAction(taskId, taskAction, by));
        out.result(
          { ok: true, taskId, instanceId, operation: name },
          () => `${name}: task ${taskId} of instance ${instanceId}`,
        );
      }),
    );
}

export function registerTaskWork(program: Command, run: CliRun): void {
  const task = program
    .command('task')
    .description('work-item operations on a user task (see sluice task --help)');
  for (const [name, operation] of Object.entries(operations))
    define(task.command(name), name, operation, run);
  define(program.command('delegate'), 'delegate', operations.delegate!, run);
}
