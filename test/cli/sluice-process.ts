import { expect } from 'vitest';
/**
 * Runs the real `sluice` binary, as a user would, against a store in a temporary directory.
 * Every spawn costs about half a second, so tests group their assertions.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'bin/sluice.js');

export const fixture = (name: string): string => join(repoRoot, 'test/cli/fixtures', name);
export const exampleModel = join(repoRoot, 'examples/order-fulfilment/order-fulfilment.bpmn');
export const exampleHandlers = join(repoRoot, 'examples/order-fulfilment/handlers.ts');

/** `T` is the JSON contract the test expects on stdout (docs/cli.md); the test checks it holds. */
export interface Outcome<T = unknown> {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (undefined when it is not JSON). */
  readonly json: T;
}

/** A store of its own, and a `sluice` that uses it unless told otherwise. */
export function sandbox(): {
  db: string;
  dir: string;
  sluice: <T = unknown>(...args: string[]) => Promise<Outcome<T>>;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
  const db = join(dir, 'sluice.db');
  return {
    db,
    dir,
    sluice: <T = unknown>(...args: string[]) => sluice<T>(...args, '--db', db),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const environment = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.SLUICE_DB;
  return env;
};

export function sluice<T = unknown>(...args: string[]): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repoRoot, env: environment(), timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, json: parseJson(stdout) as T });
      },
    );
  });
}

/** `sluice run ...` in the background; `stop()` sends SIGTERM and resolves with its exit. */
export function startRunner(...args: string[]): {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [bin, 'run', ...args], { cwd: repoRoot, env: environment() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => stdout,
    stop: async () => {
      child.kill('SIGTERM');
      return { code: await exited, stderr };
    },
  };
}

/** Asks again until `accept` holds (another process is doing the work), or fails after a while. */
export async function eventually<T>(
  ask: () => Promise<Outcome<T | undefined>>,
  accept: (json: T) => boolean,
  what: string,
): Promise<Outcome<T>> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const outcome = await ask();
    if (outcome.json !== undefined && accept(outcome.json)) return outcome as Outcome<T>;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}; last output: ${outcome.stdout}${outcome.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Asymmetric matchers typed as what they stand for, so expected objects stay typed. */
export const anyString = (): string => expect.any(String) as string;
export const containing = (text: string): string => expect.stringContaining(text) as string;
export const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
