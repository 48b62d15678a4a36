/**
 * The server's own tables, beside the engine's in the same database: identities (users, API
 * keys, sessions) and the access facts the engine does not keep (which tenant owns a process
 * id, who started an instance). Times are epoch milliseconds; lists are JSON text.
 */
import type { Generated } from 'kysely';

export interface UserTable {
  id: string;
  username: string;
  tenant: string;
  password_hash: string;
  /** JSON array of roles. */
  roles: string;
  /** JSON array of group names (task candidate groups). */
  groups: string;
  disabled: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ApiKeyTable {
  /** Public part of the key, also its id. */
  id: string;
  name: string;
  tenant: string;
  roles: string;
  /** sha256 of the secret part; the secret itself is shown once and never stored. */
  secret_hash: string;
  created_at: number;
  created_by: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface SessionTable {
  /** sha256 of the cookie value: a leaked table does not leak live sessions. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface ProcessTenantTable {
  process_id: string;
  tenant: string;
  claimed_by: string;
  claimed_at: number;
}

export interface InstanceStarterTable {
  instance_id: string;
  tenant: string;
  started_by: string;
  started_at: number;
}

export interface ServerDatabase {
  server_users: UserTable;
  server_api_keys: ApiKeyTable;
  server_sessions: SessionTable;
  server_process_tenants: ProcessTenantTable;
  server_instance_starters: InstanceStarterTable;
}
