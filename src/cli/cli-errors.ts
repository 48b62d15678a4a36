/**
 * How the CLI fails. Every error becomes one `Failure`: a stable code, a message that names the
 * problem, a hint saying what to do next, and the exit code (1 failed, 2 usage). The engine's
 * SluiceError and commander's parse errors are mapped here and nowhere else.
 */
import { CommanderError } from 'commander';
import type { Finding } from '../model/findings.js';

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type FileFinding = Finding & { readonly file?: string };

export interface Failure {
  readonly exitCode: ExitCode;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly findings?: readonly FileFinding[];
}

/** The command line itself is wrong: a bad option value, unparsable JSON. Exit 2. */
export class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command was understood but could not be done: a missing file, a bad handlers module. Exit 1. */
export class CliFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly findings?: readonly FileFinding[],
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** The engine's errors, recognised by shape so this module need not load the engine. */
interface SluiceErrorShape {
  readonly name: 'SluiceError';
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly findings?: readonly FileFinding[];
}

const isSluiceError = (error: unknown): error is SluiceErrorShape =>
  error instanceof Error &&
  error.name === 'SluiceError' &&
  typeof (error as { code?: unknown }).code === 'string';

/** commander.unknownOption → unknown-option */
const commanderCode = (code: string): string =>
  code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function toFailure(error: unknown, commandName?: string): Failure {
  const help = `run 'sluice ${commandName ? `${commandName} ` : ''}--help' for usage`;
  if (error instanceof UsageError) {
    return { exitCode: exitCodes.usage, code: error.code, message: error.message, hint: error.hint ?? help };
  }
  if (error instanceof CommanderError) {
    const message = error.message.replace(/^error:\s*/, '');
    return { exitCode: exitCodes.usage, code: commanderCode(error.code), message, hint: help };
  }
  if (error instanceof CliFailure || isSluiceError(error)) {
    return {
      exitCode: exitCodes.failed,
      code: error.code,
      message: error.message,
      ...(error.hint !== undefined && { hint: error.hint }),
      ...(error.findings !== undefined && error.findings.length > 0 && { findings: error.findings }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: exitCodes.failed,
    code: 'unexpected',
    message,
    hint: 'this is not a known failure; rerun with SLUICE_DEBUG=1 to see where it came from, and report it',
  };
}
