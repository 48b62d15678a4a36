/**
 * Users and API keys, kept in the server's tables. Users sign in with a password (scrypt
 * hash); API keys are random 256-bit secrets, stored as a sha256 hash, shown once when made.
 * Every write is one statement: the SQLite connection is shared with the engine's group
 * commit, which must never find a transaction of ours open across an await.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { uuidv7 } from '../../engine/ids.js';
import type { Clock } from '../../engine/clock.js';
import { isRole, type Role } from '../access/principal.js';
import { decoyHash, hashPassword, type ScryptCost } from './password-hash.js';
import type { ApiKeyTable, ServerDatabase, UserTable } from './server-schema.js';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly tenant: string;
  readonly roles: Role[];
  readonly groups: string[];
  readonly disabled: boolean;
  readonly createdAt: number;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly tenant: string;
  readonly roles: Role[];
  readonly createdAt: number;
  readonly createdBy: string;
  readonly lastUsedAt?: number;
  readonly revokedAt?: number;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly groups?: readonly string[];
}

export interface UserChange {
  readonly roles?: readonly Role[];
  readonly groups?: readonly string[];
  readonly disabled?: boolean;
  readonly password?: string;
}

/** User and group names end up as actors in history and as task candidates: keep them plain. */
export const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

const parseRoles = (text: string): Role[] => (JSON.parse(text) as string[]).filter(isRole);

function userOf(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    username: row.username,
    tenant: row.tenant,
    roles: parseRoles(row.roles),
    groups: JSON.parse(row.groups) as string[],
    disabled: Number(row.disabled) === 1,
    createdAt: Number(row.created_at),
  };
}

function apiKeyOf(row: Selectable<ApiKeyTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    tenant: row.tenant,
    roles: parseRoles(row.roles),
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    ...(row.last_used_at !== null && { lastUsedAt: Number(row.last_used_at) }),
    ...(row.revoked_at !== null && { revokedAt: Number(row.revoked_at) }),
  };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** `sk_<id>_<secret>`: the id finds the row, the secret proves possession. */
const apiKeyPattern = /^sk_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

export class IdentityStore {
  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly clock: Clock,
    readonly cost: ScryptCost,
  ) {}

  private decoy?: Promise<string>;

  /** A hash of no one's password, of this store's cost, for sign-ins that name no user. */
  decoyHash(): Promise<string> {
    return (this.decoy ??= decoyHash(this.cost));
  }

  async createUser(user: NewUser): Promise<User> {
    const now = this.clock.now();
    const row = {
      id: uuidv7(now),
      username: user.username,
      tenant: user.tenant,
      password_hash: await hashPassword(user.password, this.cost),
      roles: JSON.stringify([...new Set(user.roles)]),
      groups: JSON.stringify([...new Set(user.groups ?? [])]),
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    const inserted = await this.db
      .insertInto('server_users')
      .values(row)
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new UserExists(user.username);
    return userOf(row);
  }

  async userByName(username: string): Promise<(User & { passwordHash: string }) | undefined> {
    const row = await this.db
      .selectFrom('server_users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    return row && { ...userOf(row), passwordHash: row.password_hash };
  }

  async user(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('server_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && userOf(row);
  }

  async listUsers(tenant: string, limit: number, after?: string): Promise<{ items: User[]; next?: string }> {
    let query = this.db
      .selectFrom('server_users')
      .selectAll()
      .where('tenant', '=', tenant)
      .orderBy('id')
      .limit(limit + 1);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.execute();
    const items = rows.slice(0, limit).map(userOf);
    return { items, ...(rows.length > limit && { next: items.at(-1)!.id }) };
  }

  async updateUser(id: string, change: UserChange): Promise<User | undefined> {
    const set: Updateable<UserTable> = { updated_at: this.clock.now() };
    if (change.roles) set.roles = JSON.stringify([...new Set(change.roles)]);
    if (change.groups) set.groups = JSON.stringify([...new Set(change.groups)]);
    if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
    if (change.password !== undefined) set.password_hash = await hashPassword(change.password, this.cost);
    await this.db.updateTable('server_users').set(set).where('id', '=', id).execute();
    return this.user(id);
  }

  async deleteUser(id: string): Promise<void> {
    await this.db.deleteFrom('server_users').where('id', '=', id).execute();
  }

  /** Whether anyone, in any tenant, may administer: without one the server offers set-up. */
  async hasAdmin(): Promise<boolean> {
    const rows = await this.db
      .selectFrom('server_users')
      .select('roles')
      .where('disabled', '=', 0)
      .where('roles', 'like', '%"admin"%')
      .limit(1)
      .execute();
    return rows.length > 0;
  }

  /** Admins of a tenant who can still sign in: the last one may not be removed or demoted. */
  async activeAdmins(tenant: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('server_users')
      .select('id')
      .where('tenant', '=', tenant)
      .where('disabled', '=', 0)
      .where('roles', 'like', '%"admin"%')
      .execute();
    return rows.map((r) => r.id);
  }

  // ---- API keys --------------------------------------------------------------------------

  /** Returns the key's secret once; only its hash is kept. */
  async createApiKey(key: {
    name: string;
    tenant: string;
    roles: readonly Role[];
    createdBy: string;
  }): Promise<{ apiKey: ApiKey; secret: string }> {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const id = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
    const secret = randomBytes(32).toString('base64url');
    const row = {
      id,
      name: key.name,
      tenant: key.tenant,
      roles: JSON.stringify([...new Set(key.roles)]),
      secret_hash: sha256(secret),
      created_at: this.clock.now(),
      created_by: key.createdBy,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('server_api_keys').values(row).execute();
    return { apiKey: apiKeyOf(row), secret: `sk_${id}_${secret}` };
  }

  async apiKey(id: string): Promise<ApiKey | undefined> {
    const row = await this.db
      .selectFrom('server_api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && apiKeyOf(row);
  }

  async listApiKeys(tenant: string): Promise<ApiKey[]> {
    const rows = await this.db
      .selectFrom('server_api_keys')
      .selectAll()
      .where('tenant', '=', tenant)
      .orderBy('created_at')
      .execute();
    return rows.map(apiKeyOf);
  }

  async revokeApiKey(id: string): Promise<void> {
    await this.db
      .updateTable('server_api_keys')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** The live key a bearer token names, or nothing. */
  async authenticateApiKey(token: string): Promise<ApiKey | undefined> {
    const match = apiKeyPattern.exec(token);
    if (!match) return undefined;
    const row = await this.db
      .selectFrom('server_api_keys')
      .selectAll()
      .where('id', '=', match[1]!)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return undefined;
    const expected = Buffer.from(row.secret_hash, 'hex');
    const actual = Buffer.from(sha256(match[2]!), 'hex');
    if (!timingSafeEqual(expected, actual)) return undefined;
    const now = this.clock.now();
    // Recording use costs a write; once a minute is enough to see which keys are alive.
    if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000)
      await this.db
        .updateTable('server_api_keys')
        .set({ last_used_at: now })
        .where('id', '=', row.id)
        .execute();
    return apiKeyOf(row);
  }
}

export class UserExists extends Error {
  constructor(readonly username: string) {
    super(`a user named '${username}' exists already`);
    this.name = 'UserExists';
  }
}
