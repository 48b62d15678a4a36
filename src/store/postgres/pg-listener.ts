/**
 * The store's own session beside the pool: it LISTENs for work other nodes wrote and holds the
 * cluster-wide advisory locks. A lock lasts as long as this session, so a node that dies (or
 * loses the database) lets go of it without anyone's help. When the connection breaks it is
 * reopened with backoff; the locks are then gone and listeners are woken, because notifications
 * sent meanwhile were missed.
 */
import pg from 'pg';
import type { WorkKind } from '../store.js';

export const workChannel = 'sluice_work';

export class PgListener {
  private client?: pg.Client;
  private connecting?: Promise<pg.Client | undefined>;
  private closed = false;
  private retryMs = 100;
  private readonly listeners = new Set<(kind: WorkKind) => void>();
  private readonly held = new Set<string>();

  constructor(
    private readonly config: pg.ClientConfig,
    /** Locks are per schema: two Sluice clusters may share a database. */
    private readonly lockPrefix: string,
    private readonly onError: (error: Error) => void,
  ) {}

  onWork(listener: (kind: WorkKind) => void): () => void {
    this.listeners.add(listener);
    void this.session();
    return () => this.listeners.delete(listener);
  }

  async holdLock(name: string): Promise<boolean> {
    const client = await this.session();
    if (!client) return false;
    if (this.held.has(name)) return true;
    try {
      const result = await client.query<{ held: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as held',
        [`${this.lockPrefix}:${name}`],
      );
      if (result.rows[0]?.held) this.held.add(name);
      return this.held.has(name);
    } catch (error) {
      this.onError(error as Error);
      return false;
    }
  }

  async releaseLock(name: string): Promise<void> {
    const client = this.client;
    if (!client || !this.held.delete(name)) return;
    await client
      .query('select pg_advisory_unlock(hashtextextended($1, 0))', [`${this.lockPrefix}:${name}`])
      .catch((error: Error) => this.onError(error));
  }

  private session(): Promise<pg.Client | undefined> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.resolve(undefined);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client | undefined> {
    const client = new pg.Client(this.config);
    const lost = (error?: Error): void => {
      if (error) this.onError(error);
      if (this.client !== client) return;
      this.client = undefined;
      this.held.clear();
      void client.end().catch(() => undefined);
      if (!this.closed)
        setTimeout(() => void this.session().then(() => this.wakeAll()), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      for (const kind of (message.payload ?? '').split(',')) {
        if (kind) for (const listener of this.listeners) listener(kind as WorkKind);
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${workChannel}`);
    } catch (error) {
      this.onError(error as Error);
      void client.end().catch(() => undefined);
      if (!this.closed)
        setTimeout(() => void this.session().then(() => this.wakeAll()), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 5000);
      return undefined;
    }
    if (this.closed) {
      await client.end();
      return undefined;
    }
    this.retryMs = 100;
    this.client = client;
    return client;
  }

  private wakeAll(): void {
    if (!this.client) return;
    for (const kind of ['jobs', 'timers', 'inbox', 'signals'] as const)
      for (const listener of this.listeners) listener(kind);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
