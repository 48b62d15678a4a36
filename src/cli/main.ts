/**
 * The `sluice` command line. `main` builds the commander program, runs one command and returns
 * the exit code: 0 ok, 1 failed, 2 usage. Every command takes `--db` and `--json` after its
 * name. Commands load the engine and the model only when they run.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { exitCodes, type ExitCode, toFailure, UsageError } from './cli-errors.js';
import type { CliRun } from './command-context.js';
import { registerCancel } from './cancel-command.js';
import { registerVersionChange } from './migrate-command.js';
import { registerAddInstances } from './add-instances-command.js';
import { registerActivateAdHoc } from './activate-adhoc-command.js';
import { registerDefinitions } from './definitions-command.js';
import { registerDeploy } from './deploy-command.js';
import { registerIncidents } from './incidents-command.js';
import { registerInstances } from './instances-command.js';
import { registerMessage } from './message-command.js';
import { defaultDb } from './open-sluice.js';
import { Output, type Streams } from './output.js';
import { registerRun } from './run-command.js';
import { registerStart } from './start-command.js';
import { registerDecide } from './decide-command.js';
import { registerDirectory } from './directory-command.js';
import { registerMine } from './mine-command.js';
import { registerSimulate } from './simulate-command.js';
import { registerServe } from './serve-command.js';
import { registerAdmin } from './admin-command.js';
import { registerTaskWork } from './task-work-command.js';
import { registerNotifications } from './notifications-command.js';
import { registerAttachments } from './attachments-command.js';
import { registerTasks } from './tasks-command.js';
import { registerValidate } from './validate-command.js';

export interface MainOptions {
  readonly typescript?: boolean;
  readonly streams?: Streams;
}

export async function main(argv: readonly string[], options: MainOptions = {}): Promise<ExitCode> {
  const run: CliRun = {
    streams: options.streams ?? { stdout: process.stdout, stderr: process.stderr },
    typescript: options.typescript ?? false,
    debug: process.env.SLUICE_DEBUG === '1',
    exitCode: exitCodes.ok,
  };
  const program = buildProgram(run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return exitCodes.ok; // --help, --version
    // No command given: commander has printed the help to stderr, which says it all.
    if (error instanceof CommanderError && error.code === 'commander.help' && !argv.includes('--json'))
      return exitCodes.usage;
    const failure = toFailure(explained(error), commandNameIn(program, argv));
    new Output(argv.includes('--json'), run.streams).failure(failure);
    return failure.exitCode;
  }
  return run.exitCode;
}

export function buildProgram(run: CliRun): Command {
  const program = new Command('sluice')
    .description('Sluice: deploy BPMN processes, start and drive instances, run jobs and timers')
    .version(packageVersion(), '-V, --version')
    // Program options only before the command name, so `start --version 2` is start's option.
    .enablePositionalOptions()
    // Errors are printed by main, in the --json shape when asked for; commander only throws.
    .configureOutput({
      writeErr: (text) => run.streams.stderr.write(text),
      writeOut: (text) => run.streams.stdout.write(text),
      outputError: () => {},
    })
    .exitOverride();
  for (const register of [
    registerDeploy,
    registerValidate,
    registerDefinitions,
    registerStart,
    registerInstances,
    registerTasks,
    registerTaskWork,
    registerNotifications,
    registerAttachments,
    registerMessage,
    registerCancel,
    registerVersionChange,
    registerAddInstances,
    registerActivateAdHoc,
    registerIncidents,
    registerRun,
    registerDecide,
    registerDirectory,
    registerMine,
    registerSimulate,
    registerServe,
    (p: Command, r: CliRun) => registerAdmin(p, r),
  ]) {
    register(program, run);
  }
  const leaves = (command: Command): Command[] =>
    command.commands.length === 0 ? [command] : command.commands.flatMap(leaves);
  const has = (command: Command, flag: string): boolean => command.options.some((o) => o.long === flag);
  for (const command of program.commands.flatMap(leaves)) {
    // Commands that declare the shared options themselves (sluice users ...) keep their own.
    if (has(command, '--db') || has(command, '--json')) continue;
    command
      .addOption(
        new Option('--db <path-or-url>', 'the store: a SQLite file (or PostgreSQL URL)')
          .env('SLUICE_DB')
          .default(defaultDb),
      )
      .option('--json', 'print the result as JSON on stdout, errors too ({"error": ...})');
  }
  return program;
}

/** Commander's errors that deserve a better word than its own. */
function explained(error: unknown): unknown {
  if (!(error instanceof CommanderError)) return error;
  if (error.code === 'commander.help')
    return new UsageError('missing-command', 'no command given', "run 'sluice --help' to list the commands");
  if (error.code === 'commander.unknownOption' && /'--(db|json)'/.test(error.message)) {
    const message = error.message.replace(/^error:\s*/, '');
    return new UsageError(
      'misplaced-option',
      message,
      "--db and --json go after the command name, e.g. 'sluice instances --json'",
    );
  }
  return error;
}

function commandNameIn(program: Command, argv: readonly string[]): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return argv.find((arg) => names.has(arg));
}

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
