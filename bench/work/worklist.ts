/**
 * `node --import tsx bench/work/worklist.ts [--tasks N] [--samples N] [--quick]`: the first page of "mine and
 * my groups', by due date" with N open tasks in SQLite (issue #4's target: p95 under 20 ms with
 * 1,000,000). The rows are written straight into a fresh database file (through better-sqlite3,
 * in one transaction), then the engine opens it and answers `sluice.tasks({ workableBy, orderBy:
 * 'due', limit: 50 })` for people chosen at random: 2,000 users in 50 groups; a third of the tasks
 * are allocated, the rest offered to one group (and a tenth also to one user).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createSluice } from '../../src/index.js';
import { seededRandom } from '../../src/work/assignment/seeded-random.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const quick = process.argv.includes('--quick');
const TASKS = Number(arg('--tasks') ?? (quick ? 100_000 : 1_000_000));
const USERS = 2_000;
const GROUPS = 50;
const SAMPLES = Number(arg('--samples') ?? (quick ? 200 : 1_000));

const dir = mkdtempSync(join(tmpdir(), 'sluice-worklist-'));
const file = join(dir, 'bench.db');
const rng = seededRandom(4);
const user = (i: number): string => `u${String(i).padStart(4, '0')}`;
const groupOf = (u: number): string => `g${u % GROUPS}`;

async function main(): Promise<void> {
  const setup = await createSluice({ db: file });
  await setup.close();

  const t0 = performance.now();
  const db = new BetterSqlite3(file);
  const now = Date.UTC(2030, 0, 7);
  const insertTask = db.prepare(
    `insert into tasks (id, instance_id, process_id, version, element_id, token_id, name, assignee,
       candidate_users, candidate_groups, due_at, priority, suspended, state, created_at, variables)
     values (?, ?, 'ticket', 1, 'handle', ?, 'Handle', ?, ?, ?, ?, 50, 0, 'open', ?, '{}')`,
  );
  const insertCandidate = db.prepare('insert into task_candidates (kind, name, task_id) values (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < TASKS; i++) {
      const id = `t${String(i).padStart(8, '0')}`;
      const due = rng() < 0.1 ? null : now + Math.floor(rng() * 30 * 86_400_000);
      const group = `g${Math.floor(rng() * GROUPS)}`;
      const allocated = rng() < 1 / 3;
      const offeredUser = !allocated && rng() < 0.1 ? user(Math.floor(rng() * USERS)) : undefined;
      insertTask.run(
        id,
        `i${i}`,
        `k${i}`,
        allocated ? user(Math.floor(rng() * USERS)) : null,
        JSON.stringify(offeredUser ? [offeredUser] : []),
        JSON.stringify(allocated ? [] : [group]),
        due,
        now - i,
      );
      if (!allocated) {
        insertCandidate.run('group', group, id);
        if (offeredUser) insertCandidate.run('user', offeredUser, id);
      }
    }
  })();
  db.exec('analyze');
  db.close();
  const loadSeconds = (performance.now() - t0) / 1000;

  const sluice = await createSluice({ db: file });
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < SAMPLES + 50; i++) {
    const u = Math.floor(rng() * USERS);
    const start = performance.now();
    const page = await sluice.tasks({
      workableBy: { user: user(u), groups: [groupOf(u)] },
      orderBy: 'due',
      limit: 50,
    });
    if (i >= 50) times.push(performance.now() - start);
    rows += page.items.length;
  }
  await sluice.close();
  rmSync(dir, { recursive: true, force: true });

  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `worklist: ${TASKS.toLocaleString('en')} open tasks (loaded in ${loadSeconds.toFixed(1)} s), ` +
      `${SAMPLES} first pages of 50, mine and my groups' by due date: ` +
      `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms ` +
      `(target p95 < 20 ms: ${at(0.95) < 20 ? 'met' : 'missed'}); ${(rows / (SAMPLES + 50)).toFixed(0)} rows a page`,
  );
}

await main();
