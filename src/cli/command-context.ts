/**
 * What every command's action gets: its output (human or --json), the store location, and a
 * place to put its exit code. `action` wraps a command's work so that any error, from the
 * engine, the command line or the file system, is reported the same way with the right code.
 */
import type { Command } from 'commander';
import { type ExitCode, exitCodes, toFailure } from './cli-errors.js';
import { Output, type Streams } from './output.js';

export interface GlobalOptions {
  readonly db: string;
  readonly json?: boolean;
}

/** One CLI run: streams in, exit code out. */
export interface CliRun {
  readonly streams: Streams;
  /** True when TypeScript modules can be imported (a source checkout runs through tsx). */
  readonly typescript: boolean;
  readonly debug: boolean;
  exitCode: ExitCode;
}

export interface CommandContext<Options> {
  readonly out: Output;
  readonly db: string;
  readonly options: Options;
  readonly run: CliRun;
}

type Work<Args extends unknown[], Options> = (
  context: CommandContext<Options>,
  ...args: Args
) => Promise<ExitCode | void>;

/** Commander calls actions with (...arguments, options, command). */
export function action<Args extends unknown[], Options = Record<string, never>>(
  run: CliRun,
  work: Work<Args, Options>,
): (...params: unknown[]) => Promise<void> {
  return async (...params) => {
    const command = params.at(-1) as Command;
    const options = params.at(-2) as Options;
    const args = params.slice(0, -2) as Args;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const out = new Output(globals.json === true, run.streams);
    try {
      run.exitCode = (await work({ out, db: globals.db, options, run }, ...args)) ?? exitCodes.ok;
    } catch (error) {
      const failure = toFailure(error, command.name());
      out.failure(failure);
      if (run.debug && error instanceof Error && error.stack) run.streams.stderr.write(`${error.stack}\n`);
      run.exitCode = failure.exitCode;
    }
  };
}
