/**
 * `sluice serve` as a real process on a real socket: the first admin through the printed
 * set-up token, a session over HTTP, a deployment, a live event stream, structured logs, and a
 * graceful stop on SIGTERM with a stream still open. `sluice admin` works on the same file.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON documents read field by field */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const entry = join(repo, 'test/server/fixtures/sluice-with-server.ts');
const dir = mkdtempSync(join(tmpdir(), 'sluice-serve-'));
const db = join(dir, 'sluice.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const environment = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_LOG_LEVEL: 'info' };
  delete env.SLUICE_DB;
  return env;
};

function sluice(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { cwd: repo, env: environment(), timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

/** Starts `sluice serve` and resolves once it says where it listens. */
function serve(): Promise<{ child: ChildProcess; url: string; stderr: () => string; stdout: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0', '--db', db], {
    cwd: repo,
    env: environment(),
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 25_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /sluice serves (http:\/\/[^\s]+)/.exec(stderr)?.[1];
      // The set-up note comes right after the address; wait for it when no admin exists.
      if (
        url &&
        (stderr.includes('The token works once') ||
          (stderr.includes('Ctrl+C stops') && !stderr.includes('No admin')))
      ) {
        setTimeout(() => {
          clearTimeout(timer);
          resolve({ child, url, stderr: () => stderr, stdout: () => stdout });
        }, 50);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code)),
  );

const model = bpmn(
  'onboarding',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="welcome"><bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="ada"/></bpmn:extensionElements></bpmn:userTask>
   <bpmn:endEvent id="e"/>${flows('s>welcome', 'welcome>e')}`,
);

describe('sluice serve', () => {
  it('serves the API on a socket, from the first admin to a graceful stop', async () => {
    const server = await serve();
    const token = /"token":"(st_[\w-]+)"/.exec(server.stderr())?.[1];
    expect(token).toBeDefined();
    const { url } = server;
    try {
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: 'ready' });
      const setup = await fetch(`${url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, username: 'ada', password: 'a long admin password' }),
      });
      expect(setup.status).toBe(201);

      const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada', password: 'a long admin password' }),
      });
      const { csrfToken } = (await signIn.json()) as { csrfToken: string };
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const headers = { cookie, 'x-csrf-token': csrfToken };

      const files = new FormData();
      files.append('files', new Blob([model]), 'onboarding.bpmn');
      const deployed = await fetch(`${url}/api/v1/deployments`, { method: 'POST', headers, body: files });
      expect(deployed.status).toBe(201);

      const events = await fetch(`${url}/api/v1/events`, { headers });
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).toContain('event: ready');

      const started = await fetch(`${url}/api/v1/instances`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ processId: 'onboarding' }),
      });
      expect(started.status).toBe(201);
      let received = '';
      while (!received.includes('"change":"created"')) received += (await reader.read()).value ?? '';
      expect(received).toContain('event: instance');
      expect(received).toContain('event: task');

      // SIGTERM with the stream still open: the server ends it and stops by itself.
      const stopping = Date.now();
      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(8000);
      expect(server.stderr()).toContain('stopped');
      expect((await reader.read().catch(() => ({ done: true }))).done).toBe(true);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }

    const logs = server
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; route?: string; status?: number; level: number });
    expect(
      logs.some((l) => l.msg === 'request' && l.route === '/api/v1/deployments' && l.status === 201),
    ).toBe(true);
    expect(server.stdout()).not.toContain(token!);
  }, 60_000);

  it('lets `sluice admin` make users and keys on the same database, with passwords from stdin', async () => {
    const created = await sluice(
      ['admin', 'create', '--user', 'opal', '--role', 'operator', '--password-stdin', '--db', db, '--json'],
      'an operator password\n',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      username: 'opal',
      roles: ['operator'],
      tenant: 'default',
    });
    const key = await sluice(['admin', 'api-key', '--name', 'billing-worker', '--db', db, '--json']);
    expect(JSON.parse(key.stdout)).toMatchObject({
      name: 'billing-worker',
      roles: ['worker'],
      key: expect.stringMatching(/^sk_/),
    });

    const server = await serve();
    try {
      expect(server.stderr()).not.toContain('No admin exists');
      const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'opal', password: 'an operator password' }),
      });
      expect(signIn.status).toBe(200);
      const worker = await fetch(`${server.url}/api/v1/auth/me`, {
        headers: { authorization: `Bearer ${JSON.parse(key.stdout).key as string}` },
      });
      expect(await worker.json()).toMatchObject({ name: 'apikey:billing-worker' });
    } finally {
      server.child.kill('SIGINT');
      expect(await exited(server.child)).toBe(0);
    }
  }, 60_000);
});
