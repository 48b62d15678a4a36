/**
 * The connection pool of the PostgreSQL store. Every query has a server-side statement timeout
 * and a client-side one as a last resort; idle clients that lose their connection (a database
 * restart) raise an `error` on the pool, which is logged and otherwise harmless: the pool drops
 * the client and opens a new one on the next query.
 */
import pg from 'pg';

export interface PostgresConnectionOptions {
  /** postgres://user:password@host:port/database */
  readonly connectionString: string;
  /** Tables live in this schema (created if missing); default `public`. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** Server-side limit for one statement (default 30 s). */
  readonly statementTimeoutMs?: number;
  /** Waiting for a free or new connection (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Told about connections that failed while idle. */
  readonly onError?: (error: Error) => void;
}

/** epoch-ms columns and sequences are bigint; they stay far below 2^53, so plain numbers. */
const int8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === int8
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as unknown)) as never,
};

export const schemaName = (options: PostgresConnectionOptions): string => options.schema ?? 'public';

/** Settings for every client, pooled or dedicated (the listener). */
export function clientConfig(options: PostgresConnectionOptions): pg.ClientConfig {
  const schema = schemaName(options);
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(
      `schema name '${schema}' is not a plain lower-case identifier; use letters, digits and underscores`,
    );
  }
  const statementTimeout = options.statementTimeoutMs ?? 30_000;
  return {
    connectionString: options.connectionString,
    types,
    statement_timeout: statementTimeout,
    // A transaction left open by a stuck client must not hold its row locks for ever.
    idle_in_transaction_session_timeout: statementTimeout * 2,
    query_timeout: statementTimeout * 2,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    options: `-c search_path=${schema}`,
    application_name: 'sluice',
  };
}

export function createPool(options: PostgresConnectionOptions): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(options), max: options.poolSize ?? 10 });
  pool.on('error', (error) => options.onError?.(error));
  // The pool listens for errors only on idle connections. A connection that is checked out
  // when the server goes away (a restart terminates every backend) reports it as an 'error'
  // event too, which would end the process unheard; the query in flight fails on its own.
  pool.on('connect', (client) => client.on('error', (error) => options.onError?.(error)));
  return pool;
}
