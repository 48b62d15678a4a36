/**
 * Web sessions. The cookie carries a random 256-bit token; the table keeps only its sha256,
 * with the user and a CSRF token that state-changing requests must echo in a header (the
 * double-submit pattern, bound to the session so a planted cookie cannot forge it).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../engine/clock.js';
import type { ServerDatabase } from './server-schema.js';

export const sessionCookie = 'sluice_session';
export const csrfCookie = 'sluice_csrf';
export const csrfHeader = 'x-csrf-token';

export interface Session {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly expiresAt: number;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export class Sessions {
  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly clock: Clock,
    /** A session lasts this long from sign-in, however busy. */
    readonly lifetimeMs: number,
  ) {}

  async create(userId: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session = {
      idHash: hashOf(token),
      userId,
      csrfToken: randomBytes(32).toString('base64url'),
      expiresAt: now + this.lifetimeMs,
    };
    await this.db
      .insertInto('server_sessions')
      .values({
        id_hash: session.idHash,
        user_id: userId,
        csrf_token: session.csrfToken,
        created_at: now,
        expires_at: session.expiresAt,
      })
      .execute();
    return { token, session };
  }

  async find(token: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const row = await this.db
      .selectFrom('server_sessions')
      .selectAll()
      .where('id_hash', '=', hashOf(token))
      .executeTakeFirst();
    if (!row || Number(row.expires_at) <= this.clock.now()) return undefined;
    return {
      idHash: row.id_hash,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      expiresAt: Number(row.expires_at),
    };
  }

  async end(idHash: string): Promise<void> {
    await this.db.deleteFrom('server_sessions').where('id_hash', '=', idHash).execute();
  }

  /** After a password change, a role change or a deletion: every session of the user ends. */
  async endAllOf(userId: string, except?: string): Promise<void> {
    let query = this.db.deleteFrom('server_sessions').where('user_id', '=', userId);
    if (except !== undefined) query = query.where('id_hash', '!=', except);
    await query.execute();
  }

  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('server_sessions').where('expires_at', '<=', this.clock.now()).execute();
  }
}
