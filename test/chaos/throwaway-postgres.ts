/**
 * A PostgreSQL cluster of the chaos harness's own, in a temporary directory on a free port, so
 * restarting or freezing it disturbs nobody else's tests. Made with initdb and pg_ctl from the
 * local PostgreSQL installation (as the postgres user when this runs as root: initdb refuses root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  readonly url: (database: string) => string;
  /** Stops fast (clients are cut off) and starts again after `downMs`. */
  restart(downMs: number): Promise<void>;
  /** SIGSTOPs the postmaster and every backend for `ms`, then SIGCONTs them. */
  freeze(ms: number): Promise<void>;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!found)
    throw new Error(
      `no pg_ctl under ${root}; install the PostgreSQL server package (postgresql) to run the chaos harness`,
    );
  return found;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-chaos-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]): void => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, full, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(
        `${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`,
      );
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = (): void =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`,
      'start',
    ]);
  start();
  const postmasterPid = (): number =>
    Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const family = (): number[] => {
    const root = postmasterPid();
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(root)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pid) => pid > 0);
    return [root, ...children];
  };
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async restart(downMs) {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      await sleep(downMs);
      start();
    },
    async freeze(ms) {
      const pids = family();
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      try {
        await sleep(ms);
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGCONT');
      }
    },
    destroy() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
