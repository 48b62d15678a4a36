/** Starts test/worker/fixtures/worker-server.ts as a child process on a fresh database. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly apiKey: string;
  /** An operator's POST to the API. */
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  get(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startServerProcess(model: string): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-worker-'));
  writeFileSync(join(dir, 'model.bpmn'), model);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repo, 'test/worker/fixtures/worker-server.ts'),
      join(dir, 'sluice.db'),
      join(dir, 'model.bpmn'),
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const { url, apiKey } = await new Promise<{ url: string; apiKey: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${stderr}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(out.split('\n')[0]!) as { url: string; apiKey: string });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
  });
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  return {
    url,
    apiKey,
    async post(path, body) {
      const response = await fetch(new URL(path, url), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    async get(path) {
      return (await fetch(new URL(path, url), { headers })).json();
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
