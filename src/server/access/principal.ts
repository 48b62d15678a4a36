/**
 * Who is calling. A principal comes from a session (a person signed in to the web app) or an
 * API key (a service). Roles are flat: a person may hold several; `admin` passes every role
 * check, but object rules (only a task's candidates may work on it, only a job's lock holder
 * may report it) bind admins too.
 */
export const roles = ['admin', 'modeler', 'operator', 'worker', 'user'] as const;

export type Role = (typeof roles)[number];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);

export interface Principal {
  readonly via: 'session' | 'api-key';
  /** The user id, or the API key id. */
  readonly id: string;
  /** The name recorded as the actor in history and matched against task candidates. */
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly groups: readonly string[];
  readonly tenant: string;
  /** Sessions only: the token a state-changing request must echo (double submit). */
  readonly csrfToken?: string;
  /** Sessions only: the session's id hash, for signing out. */
  readonly sessionId?: string;
}

/** True when the principal holds one of the roles; admin holds them all. */
export function hasAnyRole(principal: Principal, wanted: readonly Role[]): boolean {
  return principal.roles.has('admin') || wanted.some((role) => principal.roles.has(role));
}

/** Operators and admins see every instance and task of their tenant; others see their own. */
export const seesAllWork = (principal: Principal): boolean => hasAnyRole(principal, ['operator']);

export const defaultTenant = 'default';
