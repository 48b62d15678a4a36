/**
 * Runs `sluice mine ...` in process, the way main.ts will once the lead wires the command in:
 * the command registered on a program, with --db and --json added after it as main adds them
 * to every command. Returns the exit code and what was written.
 */
import { Command, Option } from 'commander';
import { registerMine } from '../../src/cli/mine-command.js';
import { exitCodes, toFailure } from '../../src/cli/cli-errors.js';
import type { CliRun } from '../../src/cli/command-context.js';
import { Output } from '../../src/cli/output.js';

export interface MineRun<T> {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: T;
}

export async function mine<T = Record<string, unknown>>(...args: string[]): Promise<MineRun<T>> {
  let stdout = '';
  let stderr = '';
  const run: CliRun = {
    streams: {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    },
    typescript: true,
    debug: false,
    exitCode: exitCodes.ok,
  };
  const program = new Command('sluice').enablePositionalOptions().exitOverride();
  program.configureOutput({
    writeErr: (t) => (stderr += t),
    writeOut: (t) => (stdout += t),
    outputError: () => {},
  });
  registerMine(program, run);
  for (const command of program.commands) {
    command.addOption(new Option('--db <path>').default('./.sluice/sluice.db')).option('--json');
  }
  try {
    await program.parseAsync(['mine', ...args], { from: 'user' });
  } catch (error) {
    const failure = toFailure(error, 'mine');
    new Output(args.includes('--json'), run.streams).failure(failure);
    run.exitCode = failure.exitCode;
  }
  const json = (stdout.trim().startsWith('{') ? JSON.parse(stdout) : undefined) as T;
  return { code: run.exitCode, stdout, stderr, json };
}
