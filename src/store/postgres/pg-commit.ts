/**
 * A group commit on PostgreSQL, inside one transaction. Steps are taken in waves (the n-th step
 * of each instance in the batch forms wave n), and each wave costs a few statements whatever its
 * size: lock the rows the steps consume, write the instance rows under their revision check,
 * then the history and outbox rows of the steps that passed. A step whose consumed row is gone
 * is `stale`, one whose instance moved on is a `conflict`; both are left out alone, with nothing
 * of theirs written, and the rest commit.
 */
import type pg from 'pg';
import { effectOps, historyRows, instanceRow, type RowOp } from '../outbox-rows.js';
import type { CommitOutcome, Consume, StepRecord, WorkKind } from '../store.js';
import { columnsOf, type Statements, type Value } from './pg-statements.js';

export interface CommitResult {
  readonly outcomes: CommitOutcome[];
  readonly rowsWritten: number;
  /** Work other nodes may pick up, to announce with NOTIFY. */
  readonly work: ReadonlySet<WorkKind>;
}

const instanceInsert = (s: Statements): string =>
  s.insert(
    'instances',
    [
      'id',
      'process_id',
      'version',
      'business_key',
      'status',
      'rev',
      'state',
      'started_at',
      'ended_at',
      'parent_id',
    ],
    'on conflict (id) do nothing returning id',
  );

const instanceUpdate = `update instances as t
  set rev = v.rev, state = v.state, status = v.status, ended_at = v.ended_at
  from unnest($1::text[], $2::int4[], $3::int4[], $4::text[], $5::text[], $6::int8[])
    as v(id, expected, rev, state, status, ended_at)
  where t.id = v.id and t.rev = v.expected
  returning t.id`;

const consumedTable = { timer: 'timers', inbox: 'inbox', signal: 'signals' } as const;

export function consumedRowOps(consume: Consume | undefined): RowOp[] {
  if (!consume || consume.kind === 'job') return [];
  const id = consume.kind === 'timer' ? consume.timerId : consume.id;
  return [{ op: 'delete', table: consumedTable[consume.kind], id }];
}

/** Groups step indexes into waves: no instance appears twice in one wave. */
function waves(steps: readonly StepRecord[]): number[][] {
  const seen = new Map<string, number>();
  const result: number[][] = [];
  steps.forEach((step, i) => {
    const n = seen.get(step.state.id) ?? 0;
    seen.set(step.state.id, n + 1);
    (result[n] ??= []).push(i);
  });
  return result;
}

export async function commitSteps(
  client: pg.ClientBase,
  statements: Statements,
  steps: readonly StepRecord[],
  now: number,
): Promise<CommitResult> {
  const outcomes: CommitOutcome[] = steps.map(() => 'conflict');
  const failedInstances = new Set<string>();
  const work = new Set<WorkKind>();
  let rowsWritten = 0;

  for (const wave of waves(steps)) {
    const live = wave.filter((i) => !failedInstances.has(steps[i]!.state.id));
    const stale = await lockConsumed(
      client,
      statements,
      live.map((i) => steps[i]!),
    );
    const candidates = live.filter((_, position) => !stale.has(position));
    for (const position of stale) outcomes[live[position]!] = 'stale';

    const written = await writeInstances(
      client,
      statements,
      candidates.map((i) => steps[i]!),
    );
    const committed: number[] = [];
    for (const i of live) {
      if (written.has(steps[i]!.state.id) && outcomes[i] !== 'stale') {
        outcomes[i] = 'committed';
        committed.push(i);
      } else {
        failedInstances.add(steps[i]!.state.id);
      }
    }
    rowsWritten += committed.length;

    const opLists = committed.map((i) => {
      const step = steps[i]!;
      return [
        ...consumedRowOps(step.consume),
        ...historyRows(step.state, step.events).map((row): RowOp => ({
          op: 'insert',
          table: 'history',
          row,
        })),
        ...step.effects.flatMap((effect) => effectOps(effect, step, now)),
      ];
    });
    for (const ops of opLists) for (const op of ops) noteWork(op, work);
    rowsWritten += await runOps(client, statements, opLists);
  }
  return { outcomes, rowsWritten, work };
}

/** Positions (in `steps`) of the steps whose consumed row is gone or superseded. */
async function lockConsumed(
  client: pg.ClientBase,
  statements: Statements,
  steps: readonly StepRecord[],
): Promise<Set<number>> {
  const stale = new Set<number>();
  const byKind = new Map<Consume['kind'], number[]>();
  steps.forEach((step, position) => {
    if (step.consume) byKind.set(step.consume.kind, [...(byKind.get(step.consume.kind) ?? []), position]);
  });
  for (const [kind, positions] of byKind) {
    const idOf = (position: number): string => {
      const consume = steps[position]!.consume!;
      return consume.kind === 'job' ? consume.jobId : consume.kind === 'timer' ? consume.timerId : consume.id;
    };
    const table = kind === 'job' ? 'jobs' : consumedTable[kind];
    const columns = kind === 'job' ? ['id', 'attempt', 'state'] : ['id'];
    const result = await statements.run(client, statements.lock(table, columns), [positions.map(idOf)]);
    const rows = new Map(
      result.rows.map((row: { id: string; attempt?: number; state?: string }) => [row.id, row]),
    );
    for (const position of positions) {
      const row = rows.get(idOf(position));
      const consume = steps[position]!.consume!;
      const current =
        row !== undefined &&
        (consume.kind !== 'job' || (row.attempt === consume.attempt && row.state === 'ready'));
      if (!current) stale.add(position);
    }
  }
  return stale;
}

/** Inserts new instances and updates the others under their revision; returns the ids written. */
async function writeInstances(
  client: pg.ClientBase,
  statements: Statements,
  steps: readonly StepRecord[],
): Promise<Set<string>> {
  const written = new Set<string>();
  const created = steps.filter((s) => s.expectedRev === 0);
  const moved = steps.filter((s) => s.expectedRev !== 0);
  if (created.length > 0) {
    const rows = created.map((s) => instanceRow(s.state, 1));
    const columns = Object.keys(rows[0]!);
    const result = await statements.run(client, instanceInsert(statements), columnsOf(rows, columns));
    for (const row of result.rows as { id: string }[]) written.add(row.id);
  }
  if (moved.length > 0) {
    const rows = moved.map((s) => instanceRow(s.state, s.expectedRev + 1));
    const result = await statements.run(client, instanceUpdate, [
      rows.map((r) => r.id),
      moved.map((s) => s.expectedRev),
      rows.map((r) => r.rev),
      rows.map((r) => r.state),
      rows.map((r) => r.status),
      rows.map((r) => r.ended_at),
    ]);
    for (const row of result.rows as { id: string }[]) written.add(row.id);
  }
  return written;
}

function noteWork(op: RowOp, work: Set<WorkKind>): void {
  if (op.op === 'insert' && op.table === 'jobs' && op.row.lease_owner === null) work.add('jobs');
  else if (op.op === 'update' && op.table === 'jobs' && op.set.lease_owner === null) work.add('jobs');
  else if (op.op === 'insert' && (op.table === 'timers' || op.table === 'inbox' || op.table === 'signals'))
    work.add(op.table);
}

/**
 * Runs the row operations of many steps. Each step's operations keep their order (the n-th of
 * every step run together, in phase n); within a phase, operations of the same shape become one
 * statement. Different steps of a wave touch different instances' rows, so their order is free.
 */
async function runOps(client: pg.ClientBase, statements: Statements, opLists: RowOp[][]): Promise<number> {
  let written = 0;
  const phases = Math.max(0, ...opLists.map((ops) => ops.length));
  for (let phase = 0; phase < phases; phase++) {
    const groups = new Map<string, RowOp[]>();
    for (const ops of opLists) {
      const op = ops[phase];
      if (!op) continue;
      const key = shapeOf(op);
      groups.set(key, [...(groups.get(key) ?? []), op]);
    }
    for (const group of groups.values()) written += await runGroup(client, statements, group);
  }
  return written;
}

function shapeOf(op: RowOp): string {
  switch (op.op) {
    case 'insert':
      return `i:${op.table}:${Object.keys(op.row).join()}`;
    case 'update':
      return `u:${op.table}:${Object.keys(op.set).join()}`;
    case 'update-where':
      return `w:${op.table}:${op.column}:${Object.keys(op.set).join()}`;
    case 'delete':
      return `d:${op.table}`;
    case 'delete-where':
      return `dw:${op.table}:${op.column}`;
  }
}

async function runGroup(client: pg.ClientBase, statements: Statements, group: RowOp[]): Promise<number> {
  const first = group[0]!;
  const run = async (text: string, values: unknown[]): Promise<number> =>
    (await statements.run(client, text, values)).rowCount ?? 0;
  switch (first.op) {
    case 'insert': {
      const rows = group.map((op) => (op as Extract<RowOp, { op: 'insert' }>).row);
      const columns = Object.keys(first.row);
      return run(statements.insert(first.table, columns), columnsOf(rows, columns));
    }
    case 'update':
    case 'update-where': {
      const key = first.op === 'update' ? 'id' : first.column;
      const set = Object.keys(first.set);
      const keys = group.map((op) => (op.op === 'update' ? op.id : (op as { value: string }).value));
      const sets = group.map((op) => (op as { set: Record<string, Value> }).set);
      return run(statements.update(first.table, key, set), [keys, ...columnsOf(sets, set)]);
    }
    case 'delete':
      return run(statements.deleteWhere(first.table, 'id'), [group.map((op) => (op as { id: string }).id)]);
    case 'delete-where':
      return run(statements.deleteWhere(first.table, first.column), [
        group.map((op) => (op as { value: string }).value),
      ]);
  }
}
