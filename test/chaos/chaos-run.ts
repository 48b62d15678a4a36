/**
 * The chaos harness: engine nodes as child processes on a PostgreSQL cluster of its own, a
 * SIGKILL of a random node every few seconds (it is restarted at once), PostgreSQL restarted
 * and frozen, then a drain without faults; and the checks that must hold afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { historyEvents } from '../../src/store/records.js';
import { startThrowawayPostgres } from './throwaway-postgres.js';

export interface ChaosPlan {
  readonly nodes: number;
  readonly instances: number;
  /** How long faults are injected (less if the work is done sooner). */
  readonly chaosMs: number;
  readonly killEveryMs: readonly [number, number];
  readonly postgresRestarts: number;
  readonly postgresFreezes: number;
  /** How long the drain may take once faults stop. */
  readonly drainMs: number;
}

export interface ChaosReport {
  readonly seconds: number;
  readonly kills: number;
  readonly postgresRestarts: number;
  readonly postgresFreezes: number;
  /** Node processes that died on their own (not by our SIGKILL), with their stderr. */
  readonly crashes: string[];
  readonly acknowledged: number;
  readonly lostAcknowledged: string[];
  readonly instances: number;
  readonly duplicateStarts: number;
  readonly notCompleted: number;
  /** Instance-element pairs completed other than once, and steps beyond the revision count. */
  readonly repeatedOrMissingSteps: string[];
  readonly timerProblems: string[];
  readonly sideEffects: { readonly runs: number; readonly jobs: number; readonly duplicates: number };
  readonly missingSideEffects: string[];
  readonly supersededAccepted: string[];
  readonly openRows: { jobs: number; timers: number; inbox: number };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const between = ([low, high]: readonly [number, number]): number => low + Math.random() * (high - low);
const elements = ['start', 'prepare', 'split', 'wait', 'review', 'join', 'finish', 'end'];
const worker = new URL('./chaos-worker.ts', import.meta.url).pathname;

export async function runChaos(
  plan: ChaosPlan,
  log: (line: string) => void = () => undefined,
): Promise<ChaosReport> {
  const began = Date.now();
  const postgres = await startThrowawayPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-chaos-'));
  try {
    const admin = new pg.Client({ connectionString: postgres.url('postgres') });
    await admin.connect();
    await admin.query('create database sluice');
    await admin.end();
    const url = postgres.url('sluice');
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(
      'create table chaos_side_effects (job_id text, attempt int, instance_id text, element text, node int, at bigint)',
    );
    await setup.end();

    const children = new Map<number, ChildProcess>();
    const exited = new Set<number>();
    const crashes: string[] = [];
    const launch = (node: number): void => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', worker, url, dir, String(plan.instances), String(node), String(plan.nodes)],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      children.set(node, child);
      child.on('exit', (code, signal) => {
        if (children.get(node) !== child) return;
        if (code === 0) {
          exited.add(node);
          return;
        }
        if (signal !== 'SIGKILL')
          crashes.push(`node ${node} exited ${code ?? signal}: ${stderr.slice(-2000)}`);
        launch(node); // a node that died on its own comes back too, and is reported
      });
    };
    for (let node = 0; node < plan.nodes; node++) launch(node);
    const done = (): boolean => exited.size === plan.nodes;

    // Faults: kills on their own clock; PostgreSQL restarts and freezes spread over the chaos.
    let kills = 0;
    let restarts = 0;
    let freezes = 0;
    const stopAt = Date.now() + plan.chaosMs;
    const postgresFaults = [
      ...Array.from({ length: plan.postgresRestarts }, () => 'restart' as const),
      ...Array.from({ length: plan.postgresFreezes }, () => 'freeze' as const),
    ];
    const faultTimes = postgresFaults.map(
      (_, i) => Date.now() + (plan.chaosMs * (i + 1)) / (postgresFaults.length + 1),
    );
    const killing = (async () => {
      while (Date.now() < stopAt && !done()) {
        await sleep(between(plan.killEveryMs));
        const alive = [...children.entries()].filter(([node]) => !exited.has(node));
        if (alive.length === 0 || Date.now() >= stopAt) break;
        const [node, child] = alive[Math.floor(Math.random() * alive.length)]!;
        children.delete(node);
        child.kill('SIGKILL');
        kills++;
        log(`SIGKILL node ${node} (kill ${kills})`);
        launch(node);
      }
    })();
    const databaseFaults = (async () => {
      for (const [i, fault] of postgresFaults.entries()) {
        await sleep(Math.max(0, faultTimes[i]! - Date.now()));
        if (done()) break;
        if (fault === 'restart') {
          log('PostgreSQL: stop -m fast, start');
          await postgres.restart(1000);
          restarts++;
        } else {
          log('PostgreSQL: SIGSTOP for 3 s');
          await postgres.freeze(3000);
          freezes++;
        }
      }
    })();
    await Promise.all([killing, databaseFaults]);
    log(`faults over after ${((Date.now() - began) / 1000).toFixed(0)} s; draining`);

    const drainUntil = Date.now() + plan.drainMs;
    while (!done() && Date.now() < drainUntil) await sleep(250);
    for (const child of children.values()) child.kill('SIGKILL');
    if (!done()) crashes.push(`the drain did not finish within ${plan.drainMs} ms`);

    const report = await check(url, dir, plan, { kills, restarts, freezes, crashes });
    return { ...report, seconds: (Date.now() - began) / 1000 };
  } finally {
    postgres.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function check(
  url: string,
  dir: string,
  plan: ChaosPlan,
  faults: { kills: number; restarts: number; freezes: number; crashes: string[] },
): Promise<Omit<ChaosReport, 'seconds'>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const instances = (
      await db.query<{ id: string; business_key: string; status: string; rev: number; state: string }>(
        'select id, business_key, status, rev, state from instances',
      )
    ).rows;
    const ids = new Set(instances.map((i) => i.id));
    const acked = readdirSync(dir)
      .filter((f) => f.startsWith('acks-'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
      .map((line) => line.split(' ')[1]!);

    const historyRows = (
      await db.query<Parameters<typeof historyEvents>[0]>('select * from history order by seq')
    ).rows;
    const byInstance = new Map<string, ReturnType<typeof historyEvents>>();
    const rowsPerInstance = new Map<string, number>();
    for (const row of historyRows) {
      const id = row.instance_id;
      byInstance.set(id, [...(byInstance.get(id) ?? []), ...historyEvents(row)]);
      rowsPerInstance.set(id, (rowsPerInstance.get(id) ?? 0) + 1);
    }
    const repeatedOrMissingSteps: string[] = [];
    const timerProblems: string[] = [];
    for (const instance of instances) {
      const history = byInstance.get(instance.id) ?? [];
      const count = (type: string, element?: string): number =>
        history.filter((e) => e.type === type && (element === undefined || e.elementId === element)).length;
      for (const [type, n] of [
        ['instance.started', count('instance.started')],
        ['instance.completed', count('instance.completed')],
      ] as const)
        if (n !== 1) repeatedOrMissingSteps.push(`${instance.id} ${type} x${n}`);
      for (const element of elements) {
        const n = count('element.completed', element);
        if (n !== 1) repeatedOrMissingSteps.push(`${instance.id} ${element} completed x${n}`);
      }
      // Every step of this model writes history: one row per step, so rows = revision.
      if (rowsPerInstance.get(instance.id) !== instance.rev)
        repeatedOrMissingSteps.push(
          `${instance.id} ${rowsPerInstance.get(instance.id)} history rows for rev ${instance.rev}`,
        );
      const fired = history.filter((e) => e.type === 'timer.fired');
      const split = history.find((e) => e.type === 'element.completed' && e.elementId === 'split');
      if (fired.length !== 1) timerProblems.push(`${instance.id} timer fired x${fired.length}`);
      else if (split && fired[0]!.at - split.at < 1000)
        timerProblems.push(
          `${instance.id} timer fired ${fired[0]!.at - split.at} ms after it was set (PT1S)`,
        );
    }

    const runs = (
      await db.query<{ job_id: string; attempt: number; instance_id: string; element: string }>(
        'select job_id, attempt, instance_id, element from chaos_side_effects',
      )
    ).rows;
    const maxAttempt = new Map<string, { attempt: number; instanceId: string; element: string }>();
    for (const run of runs) {
      const seen = maxAttempt.get(run.job_id);
      if (!seen || run.attempt > seen.attempt)
        maxAttempt.set(run.job_id, {
          attempt: run.attempt,
          instanceId: run.instance_id,
          element: run.element,
        });
    }
    const ran = new Set(runs.map((r) => `${r.instance_id} ${r.element}`));
    const missingSideEffects = instances.flatMap((i) =>
      ['prepare', 'finish'].filter((e) => !ran.has(`${i.id} ${e}`)).map((e) => `${i.id} ${e}`),
    );
    // The attempt whose result was accepted is in the instance's variables; no later attempt may have run.
    const variables = new Map(
      instances.map((i) => [
        i.id,
        (JSON.parse(i.state) as { scopes: Record<string, { vars?: Record<string, unknown> }> }).scopes[i.id]
          ?.vars ?? {},
      ]),
    );
    const supersededAccepted = [...maxAttempt.entries()]
      .filter(([, m]) => {
        const accepted = variables.get(m.instanceId)?.[m.element];
        return typeof accepted === 'number' && accepted < m.attempt;
      })
      .map(
        ([job, m]) =>
          `${job} accepted attempt ${String(variables.get(m.instanceId)?.[m.element])}, attempt ${m.attempt} ran`,
      );

    const count = async (table: string): Promise<number> =>
      Number((await db.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
    return {
      kills: faults.kills,
      postgresRestarts: faults.restarts,
      postgresFreezes: faults.freezes,
      crashes: faults.crashes,
      acknowledged: acked.length,
      lostAcknowledged: acked.filter((id) => !ids.has(id)),
      instances: instances.length,
      duplicateStarts: instances.length - new Set(instances.map((i) => i.business_key)).size,
      notCompleted:
        instances.filter((i) => i.status !== 'completed').length +
        Math.max(0, plan.instances - instances.length),
      repeatedOrMissingSteps,
      timerProblems,
      sideEffects: { runs: runs.length, jobs: maxAttempt.size, duplicates: runs.length - maxAttempt.size },
      missingSideEffects,
      supersededAccepted,
      openRows: { jobs: await count('jobs'), timers: await count('timers'), inbox: await count('inbox') },
    };
  } finally {
    await db.end();
  }
}
