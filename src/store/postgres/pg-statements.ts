/**
 * SQL for the hot path, written once per shape and run as named prepared statements: a batch
 * of rows of one shape goes to PostgreSQL as one statement over arrays (`unnest`), so a group
 * commit of a thousand steps costs a handful of round trips, not thousands.
 */
import type pg from 'pg';

export type Value = string | number | null;

/** Column types of the store's tables, read from the catalog once the migrations ran. */
export type ColumnTypes = ReadonlyMap<string, string>;

export async function readColumnTypes(client: pg.Pool): Promise<Map<string, string>> {
  const result = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `select table_name, column_name, udt_name from information_schema.columns
      where table_schema = current_schema()`,
  );
  return new Map(result.rows.map((row) => [`${row.table_name}.${row.column_name}`, row.udt_name]));
}

/** A named prepared statement per distinct SQL text; each connection prepares it on first use. */
export class Statements {
  private readonly names = new Map<string, string>();
  constructor(private readonly types: ColumnTypes) {}

  named(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `sluice_${this.names.size}`;
      this.names.set(text, name);
    }
    return name;
  }

  run(client: pg.ClientBase, text: string, values: unknown[]): Promise<pg.QueryResult> {
    return client.query({ name: this.named(text), text, values });
  }

  /** `$n::type[]`, the array parameter for a column. */
  private array(table: string, column: string, n: number): string {
    const type = this.types.get(`${table}.${column}`);
    if (!type) throw new Error(`the store has no column ${table}.${column}; did a migration not run?`);
    return `$${n}::${type}[]`;
  }

  private arrays(table: string, columns: readonly string[], from = 1): string {
    return columns.map((c, i) => this.array(table, c, i + from)).join(', ');
  }

  insert(table: string, columns: readonly string[], conflict = ''): string {
    return `insert into ${table} (${columns.join(', ')}) select * from unnest(${this.arrays(table, columns)}) ${conflict}`;
  }

  /** Updates rows by key: `key` first in the arrays, then the set columns. */
  update(table: string, key: string, set: readonly string[], extraWhere = ''): string {
    const assignments = set.map((c) => `${c} = v.${c}`).join(', ');
    return `update ${table} as t set ${assignments} from unnest(${this.arrays(table, [key, ...set])}) as v(${[key, ...set].join(', ')}) where t.${key} = v.${key} ${extraWhere}`;
  }

  deleteWhere(table: string, column: string): string {
    return `delete from ${table} where ${column} = any(${this.array(table, column, 1)})`;
  }

  /** Locks the rows with these ids until the transaction ends; returns the ones that exist. */
  lock(table: string, columns: readonly string[]): string {
    return `select ${columns.join(', ')} from ${table} where id = any(${this.array(table, 'id', 1)}) order by id for update`;
  }
}

/** Rows of one shape, as one array per column. */
export function columnsOf(rows: readonly Record<string, Value>[], columns: readonly string[]): Value[][] {
  return columns.map((column) => rows.map((row) => row[column] ?? null));
}
