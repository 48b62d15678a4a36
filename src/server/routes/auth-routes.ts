/**
 * Signing in and out, the first admin, and one's own password. Sign-in and set-up are the
 * only routes that take a password, and both are rate limited per name and client address.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { defaultTenant } from '../access/principal.js';
import { ownOrigin } from '../auth/authenticate.js';
import { namePattern, UserExists } from '../auth/identity-store.js';
import { passwordProblem, verifyPassword } from '../auth/password-hash.js';
import { csrfCookie, type Session, sessionCookie } from '../auth/sessions.js';
import { HttpProblem } from '../http/problem-details.js';
import { clientAddress } from '../http/request-guards.js';
import { defineRoute, jsonBody } from '../http/route-spec.js';
import { roleSchema, userSchema, userView } from '../http/views.js';
import type { ServerEnv } from '../server-env.js';

const credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(512),
});

const signedIn = z
  .object({
    user: userSchema,
    csrfToken: z
      .string()
      .openapi({ description: 'Echo it in X-CSRF-Token with every state-changing request.' }),
    expiresAt: z.string(),
  })
  .openapi('SignedIn');

const me = z
  .object({
    via: z.enum(['session', 'api-key']),
    id: z.string(),
    name: z.string(),
    tenant: z.string(),
    roles: z.array(roleSchema),
    groups: z.array(z.string()),
  })
  .openapi('Me');

export const authRoutes = {
  setup: defineRoute({
    method: 'post',
    path: '/api/v1/setup',
    tags: ['auth'],
    summary: 'Create the first admin with the one-time set-up token',
    description:
      'Works only while no admin exists, and only with the token the server printed at start. `sluice admin create` does the same from the command line.',
    access: {
      roles: 'public',
      why: 'there is no one to sign in as yet; the one-time token is the credential',
    },
    problems: [403, 409, 422, 429],
    request: { body: jsonBody(credentials.extend({ token: z.string().min(1).max(200) })) },
    responses: {
      201: { description: 'The admin.', content: { 'application/json': { schema: userSchema } } },
    },
  }),
  signIn: defineRoute({
    method: 'post',
    path: '/api/v1/auth/sign-in',
    tags: ['auth'],
    summary: 'Sign in with a user name and password; sets the session cookie',
    access: { roles: 'public', why: 'this is how one gets a credential' },
    problems: [401, 429],
    request: { body: jsonBody(credentials) },
    responses: { 200: { description: 'Signed in.', content: { 'application/json': { schema: signedIn } } } },
  }),
  signOut: defineRoute({
    method: 'post',
    path: '/api/v1/auth/sign-out',
    tags: ['auth'],
    summary: 'End this session',
    access: { roles: 'signed-in' },
    responses: { 204: { description: 'Signed out.' } },
  }),
  me: defineRoute({
    method: 'get',
    path: '/api/v1/auth/me',
    tags: ['auth'],
    summary: 'Who the credential belongs to',
    access: { roles: 'signed-in' },
    responses: { 200: { description: 'The caller.', content: { 'application/json': { schema: me } } } },
  }),
  password: defineRoute({
    method: 'post',
    path: '/api/v1/auth/password',
    tags: ['auth'],
    summary: 'Change one’s own password; other sessions end',
    access: { roles: 'signed-in' },
    problems: [401, 422],
    request: {
      body: jsonBody(
        z.object({ currentPassword: z.string().min(1).max(512), newPassword: z.string().min(1).max(512) }),
      ),
    },
    responses: { 204: { description: 'Changed.' } },
  }),
};

const tooMany = (seconds: number): HttpProblem =>
  new HttpProblem(
    429,
    'too-many-attempts',
    'too many failed attempts',
    `wait ${seconds} seconds before trying again`,
    {
      headers: { 'Retry-After': String(seconds) },
    },
  );

function secure(c: Context<ServerEnv>): boolean {
  const { config } = c.get('services');
  return config.secureCookies ?? ownOrigin(c, config.trustProxy).startsWith('https:');
}

function setSessionCookies(c: Context<ServerEnv>, token: string, session: Session): void {
  const maxAge = Math.floor((session.expiresAt - c.get('services').clock.now()) / 1000);
  const common = { path: '/', sameSite: 'Lax' as const, secure: secure(c), maxAge };
  setCookie(c, sessionCookie, token, { ...common, httpOnly: true });
  // Readable by the web app's scripts, which echo it in X-CSRF-Token (double submit).
  setCookie(c, csrfCookie, session.csrfToken, common);
}

export function mountAuthRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(authRoutes.setup, async (c) => {
    const { identity, setup, signInLimiter, config } = c.get('services');
    const body = c.req.valid('json');
    const address = clientAddress(c, config.trustProxy);
    const wait = signInLimiter.retryAfter('setup', address);
    if (wait > 0) throw tooMany(wait);
    if (await identity.hasAdmin()) {
      setup.revoke();
      throw new HttpProblem(
        409,
        'setup-done',
        'an admin exists already',
        'sign in, and let an admin create further users',
      );
    }
    checkNewUser(body.username, body.password);
    if (await identity.userByName(body.username)) throw userExists(body.username);
    if (!setup.redeem(body.token)) {
      signInLimiter.failed('setup', address);
      throw new HttpProblem(
        403,
        'setup-token-invalid',
        'the set-up token is wrong, spent or expired',
        'use the token the server printed at start, or run sluice admin create',
      );
    }
    const user = await identity.createUser({ ...body, tenant: defaultTenant, roles: ['admin'] });
    c.get('services').logger.info({ user: user.username }, 'first admin created with the set-up token');
    return c.json(userView(user), 201);
  });

  app.openapi(authRoutes.signIn, async (c) => {
    const { identity, sessions, signInLimiter, config } = c.get('services');
    const { username, password } = c.req.valid('json');
    const address = clientAddress(c, config.trustProxy);
    const wait = signInLimiter.retryAfter(username, address);
    if (wait > 0) throw tooMany(wait);
    const user = await identity.userByName(username);
    // An unknown name costs the same time as a wrong password, so names cannot be probed.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await identity.decoyHash()));
    if (!user || !ok || user.disabled) {
      signInLimiter.failed(username, address);
      throw new HttpProblem(
        401,
        'sign-in-failed',
        'the user name or the password is wrong, or the user is disabled',
        'check both; after 5 failures sign-in pauses for a while',
      );
    }
    signInLimiter.succeeded(username, address);
    await sessions.purgeExpired();
    const { token, session } = await sessions.create(user.id);
    setSessionCookies(c, token, session);
    return c.json(
      {
        user: userView(user),
        csrfToken: session.csrfToken,
        expiresAt: new Date(session.expiresAt).toISOString(),
      },
      200,
    );
  });

  app.openapi(authRoutes.signOut, async (c) => {
    const principal = c.get('principal')!;
    if (principal.sessionId !== undefined) await c.get('services').sessions.end(principal.sessionId);
    deleteCookie(c, sessionCookie, { path: '/' });
    deleteCookie(c, csrfCookie, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(authRoutes.me, (c) => {
    const p = c.get('principal')!;
    return c.json(
      { via: p.via, id: p.id, name: p.name, tenant: p.tenant, roles: [...p.roles], groups: [...p.groups] },
      200,
    );
  });

  app.openapi(authRoutes.password, async (c) => {
    const principal = c.get('principal')!;
    const { identity, sessions } = c.get('services');
    if (principal.via !== 'session') {
      throw new HttpProblem(
        403,
        'not-a-user',
        'an API key has no password',
        'revoke the key and make a new one to rotate it',
      );
    }
    const { currentPassword, newPassword } = c.req.valid('json');
    const user = await identity.userByName(principal.name);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
      throw new HttpProblem(
        401,
        'sign-in-failed',
        'the current password is wrong',
        'type the password you signed in with',
      );
    const problem = passwordProblem(newPassword);
    if (problem) throw new HttpProblem(422, 'weak-password', problem, 'choose a longer password');
    await identity.updateUser(user.id, { password: newPassword });
    await sessions.endAllOf(user.id, principal.sessionId);
    return c.body(null, 204);
  });
}

export function checkNewUser(username: string, password: string): void {
  if (!namePattern.test(username)) {
    throw new HttpProblem(
      422,
      'invalid-username',
      `'${username}' is not a valid user name`,
      'use 1-64 letters, digits and . _ @ -, starting with a letter or digit',
    );
  }
  const problem = passwordProblem(password);
  if (problem) throw new HttpProblem(422, 'weak-password', problem, 'choose a longer password');
}

export const userExists = (username: string): HttpProblem =>
  new HttpProblem(409, 'user-exists', new UserExists(username).message, 'choose another user name');
