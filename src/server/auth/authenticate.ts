/**
 * Finds the principal of a request: an API key in `Authorization: Bearer`, or a session
 * cookie. A state-changing request is refused when a browser says it comes from another
 * origin, and, when authenticated by cookie, unless it echoes the session's CSRF token in the
 * X-CSRF-Token header (SameSite=Lax alone leaves gaps, such as sibling subdomains).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../access/principal.js';
import { HttpProblem } from '../http/problem-details.js';
import type { ServerEnv, ServerServices } from '../server-env.js';
import type { ApiKey, User } from './identity-store.js';
import { csrfHeader, type Session, sessionCookie } from './sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export const userPrincipal = (user: User, session?: Session): Principal => ({
  via: 'session',
  id: user.id,
  name: user.username,
  roles: new Set(user.roles),
  groups: user.groups,
  tenant: user.tenant,
  ...(session && { csrfToken: session.csrfToken, sessionId: session.idHash }),
});

/** Keys act as `apikey:<name>`: a colon never occurs in a user name, so a key is never a candidate by accident. */
export const keyPrincipal = (key: ApiKey): Principal => ({
  via: 'api-key',
  id: key.id,
  name: `apikey:${key.name}`,
  roles: new Set(key.roles),
  groups: [],
  tenant: key.tenant,
});

export function authenticate(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const services = c.get('services');
    const unsafe = !safeMethods.has(c.req.method);
    if (unsafe) checkOrigin(c, services);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const key = token === undefined ? undefined : await services.identity.authenticateApiKey(token);
      if (!key) {
        throw new HttpProblem(
          401,
          'invalid-credentials',
          'the Authorization header does not carry a live API key',
          'send Authorization: Bearer sk_..., a key an admin made with POST /api/v1/api-keys; revoked keys stop working',
          { headers: { 'WWW-Authenticate': 'Bearer realm="sluice", error="invalid_token"' } },
        );
      }
      c.set('principal', keyPrincipal(key));
      return next();
    }
    const token = getCookie(c, sessionCookie);
    const session = token === undefined ? undefined : await services.sessions.find(token);
    const user = session && (await services.identity.user(session.userId));
    if (!session || !user || user.disabled) {
      c.set('principal', undefined);
      return next();
    }
    if (unsafe && !sameToken(c.req.header(csrfHeader), session.csrfToken)) {
      // Not refused here: a public route (signing in again) works without the session; a
      // route that needs a principal refuses with csrf-failed (see route-spec.ts).
      c.set('principal', undefined);
      c.set('csrfRefused', true);
      return next();
    }
    c.set('principal', userPrincipal(user, session));
    return next();
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The origin the client used to reach us (behind a trusted proxy, as it forwarded it). */
export function ownOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
    return `${proto ?? url.protocol.replace(':', '')}://${host ?? url.host}`;
  }
  return url.origin;
}

function checkOrigin(c: Context, services: ServerServices): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const allowed =
    origin === undefined
      ? site === undefined || site !== 'cross-site'
      : origin === ownOrigin(c, services.config.trustProxy) ||
        services.config.allowedOrigins.includes(origin);
  if (!allowed) {
    throw new HttpProblem(
      403,
      'origin-not-allowed',
      `a state-changing request from origin '${origin ?? 'another site'}' is refused`,
      'call the API from the server’s own origin, or start the server with that origin allowed',
    );
  }
}
