/**
 * Runs one bench case in a fresh Node process, so that cases do not share a heap, a JIT or a
 * page cache, and returns the result line it printed. The child's stderr passes through.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resultPrefix } from './harness.js';

export interface ChildOptions {
  /** Extra node flags, e.g. --expose-gc or --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  readonly timeoutMs?: number;
}

export function runChild<T>(script: string, params: object, options: ChildOptions = {}): Promise<T> {
  const path = fileURLToPath(new URL(`../cases/${script}.ts`, import.meta.url));
  const args = [...(options.nodeFlags ?? []), '--import', 'tsx', path, JSON.stringify(params)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(resultPrefix));
      if (code === 0 && line) resolve(JSON.parse(line.slice(resultPrefix.length)) as T);
      else
        reject(
          new Error(
            `bench case ${script} failed (${signal ?? `exit ${code}`})${line ? '' : ': no result line'}`,
          ),
        );
    });
  });
}
