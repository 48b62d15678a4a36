/**
 * `npm run bench:postgres [-- --quick]`: Sluice on local PostgreSQL, one node and then two
 * nodes on the same database, side by side in one run (rounds alternate, so a slow moment of a
 * shared machine hits both). Each node is a process of its own running a closed loop of the
 * 10-task straight-through model; the two-node figure is the sum of the nodes' rates over
 * overlapping windows. Each round gets a fresh database. The ratio is what to read.
 * The server is SLUICE_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runChild } from './lib/child.js';

const quick = process.argv.includes('--quick');
const server = process.env.SLUICE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const config = quick
  ? { rounds: 1, node: { warmupMs: 1000, measureMs: 2000, inFlight: 500, rampMs: 500 } }
  : { rounds: 3, node: { warmupMs: 3000, measureMs: 5000, inFlight: 1000, rampMs: 1500 } };

interface NodeResult {
  perSecond: number;
  perCpuSecond: number;
  instances: number;
  seconds: number;
  stepsPerCommit: number;
  failed: number;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database migrated once, so nodes starting together do not queue on the migration lock. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sluice_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const { openPostgresStore } = await import('../src/store/postgres/postgres-store.js');
  await (await openPostgresStore({ connectionString: url.toString() })).close();
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

async function nodes(count: number): Promise<{ perSecond: number; perNode: NodeResult[] }> {
  const database = await freshDatabase();
  try {
    const perNode = await Promise.all(
      Array.from({ length: count }, () =>
        runChild<NodeResult>(
          '../postgres-node',
          { db: database.url, ...config.node },
          { timeoutMs: 300_000 },
        ),
      ),
    );
    return { perSecond: perNode.reduce((sum, r) => sum + r.perSecond, 0), perNode };
  } finally {
    await database.drop();
  }
}

/** The same node on a SQLite file, as the reference the PostgreSQL figures are read against. */
async function sqliteNode(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-sqlite-'));
  try {
    const result = await runChild<NodeResult>('../postgres-node', {
      db: join(dir, 'sluice.db'),
      ...config.node,
    });
    return result.perSecond;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const one: number[] = [];
const two: number[] = [];
const sqlite: number[] = [];
for (let round = 1; round <= config.rounds; round++) {
  const single = await nodes(1);
  const pair = await nodes(2);
  const reference = await sqliteNode();
  one.push(single.perSecond);
  two.push(pair.perSecond);
  sqlite.push(reference);
  const steps = [single, pair].map((r) => r.perNode.map((n) => n.stepsPerCommit.toFixed(0)).join('+'));
  console.log(
    `round ${round}: one node ${single.perSecond.toFixed(0)}/s, two nodes ${pair.perSecond.toFixed(0)}/s ` +
      `(${pair.perNode.map((n) => n.perSecond.toFixed(0)).join(' + ')}), steps per commit ${steps.join(' | ')}, ` +
      `failed ${[...single.perNode, ...pair.perNode].reduce((s, n) => s + n.failed, 0)}; one node on SQLite ${reference.toFixed(0)}/s`,
  );
}
const ratio = median(two) / median(one);
console.log(
  `PostgreSQL, 10-task straight-through, median of ${config.rounds}: one node ${median(one).toFixed(0)} instances/s ` +
    `(target >= 1,000), two nodes ${median(two).toFixed(0)} instances/s = ${ratio.toFixed(2)}x one node (target >= 1.5x); ` +
    `one PostgreSQL node = ${(median(one) / median(sqlite)).toFixed(2)}x one SQLite node (${median(sqlite).toFixed(0)}/s); ` +
    `${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
);
