/**
 * Identity: the first admin (set-up token or CLI, never an open page), sign-in with sessions
 * and their cookies, CSRF and origin checks, rate limits on sign-in, API keys that are shown
 * once and die when revoked, and the guard that keeps an admin in every tenant.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are JSON documents read field by field */
import { afterEach, describe, expect, it } from 'vitest';
import { type Credential, type Harness, password, serverHarness } from './server-harness.js';

let h: Harness;
afterEach(() => h?.close());

const cookiesOf = (headers: Headers): string[] => headers.getSetCookie();

describe('the first admin', () => {
  it('is created once with the set-up token the server printed, and the token is spent', async () => {
    h = await serverHarness();
    const token = h.server.setupToken!;
    expect(token).toMatch(/^st_/);
    const wrong = await h.request('POST', '/api/v1/setup', {
      body: { token: 'st_guess', username: 'ada', password },
    });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'setup-token-invalid']);
    const weak = await h.request('POST', '/api/v1/setup', {
      body: { token, username: 'ada', password: 'short' },
    });
    expect([weak.status, weak.body.code]).toEqual([422, 'weak-password']);
    const done = await h.request('POST', '/api/v1/setup', { body: { token, username: 'ada', password } });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ username: 'ada', roles: ['admin'], tenant: 'default' });
    const again = await h.request('POST', '/api/v1/setup', { body: { token, username: 'eve', password } });
    expect([again.status, again.body.code]).toEqual([409, 'setup-done']);
    const signIn = await h.request('POST', '/api/v1/auth/sign-in', { body: { username: 'ada', password } });
    expect(signIn.status).toBe(200);
  });

  it('needs no token when an admin exists already: the server offers none', async () => {
    h = await serverHarness();
    await h.server.services.identity.createUser({
      username: 'ada',
      password,
      roles: ['admin'],
      tenant: 'default',
    });
    const { createServer } = await import('../../src/server/index.js');
    const second = await createServer({ sluice: h.sluice, logger: h.server.services.logger });
    expect(second.setupToken).toBeUndefined();
    second.close();
  });
});

describe('sessions', () => {
  it('set an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie, and end on sign-out', async () => {
    h = await serverHarness();
    await h.server.services.identity.createUser({
      username: 'ann',
      password,
      roles: ['user'],
      tenant: 'default',
    });
    const signIn = await h.request('POST', '/api/v1/auth/sign-in', { body: { username: 'ann', password } });
    const [session, csrf] = cookiesOf(signIn.headers);
    expect(session).toMatch(/^sluice_session=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(csrf).toMatch(/^sluice_csrf=[\w-]{43}; Max-Age=\d+; Path=\/; SameSite=Lax$/);
    expect(csrf).toContain(signIn.body.csrfToken);
    const ann: Credential = {
      name: 'ann',
      headers: { cookie: `${session!.split(';')[0]}`, 'x-csrf-token': signIn.body.csrfToken },
    };
    expect((await h.request('GET', '/api/v1/auth/me', { as: ann })).body).toMatchObject({
      via: 'session',
      name: 'ann',
    });
    expect((await h.request('POST', '/api/v1/auth/sign-out', { as: ann })).status).toBe(204);
    expect((await h.request('GET', '/api/v1/auth/me', { as: ann })).status).toBe(401);
  });

  it('mark cookies Secure when the server is reached over https', async () => {
    h = await serverHarness();
    await h.server.services.identity.createUser({
      username: 'ann',
      password,
      roles: ['user'],
      tenant: 'default',
    });
    const response = await h.server.app.request('https://sluice.example/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ann', password }),
    });
    expect(response.headers.getSetCookie().every((c) => c.includes('; Secure'))).toBe(true);
  });

  it('refuse a state-changing request without the CSRF token, or from another origin', async () => {
    h = await serverHarness();
    const ann = await h.user('ann', ['operator']);
    const withoutToken = { name: 'ann', headers: { cookie: ann.headers.cookie! } };
    const missing = await h.request('POST', '/api/v1/instances', {
      as: withoutToken,
      body: { processId: 'x' },
    });
    expect([missing.status, missing.body.code]).toEqual([403, 'csrf-failed']);
    const forged = await h.request('POST', '/api/v1/instances', {
      as: { name: 'ann', headers: { ...withoutToken.headers, 'x-csrf-token': 'guessed' } },
      body: { processId: 'x' },
    });
    expect(forged.body.code).toBe('csrf-failed');
    const crossSite = await h.request('POST', '/api/v1/instances', {
      as: ann,
      body: { processId: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect([crossSite.status, crossSite.body.code]).toEqual([403, 'origin-not-allowed']);
    const fetchMetadata = await h.request('POST', '/api/v1/auth/sign-in', {
      body: { username: 'ann', password },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchMetadata.body.code).toBe('origin-not-allowed');
    const sameOrigin = await h.request('POST', '/api/v1/instances', {
      as: ann,
      body: { processId: 'x' },
      headers: { origin: 'http://localhost' },
    });
    expect(sameOrigin.status).toBe(404); // past the guards: there is no process x
    const reading = await h.request('GET', '/api/v1/auth/me', { as: withoutToken });
    expect(reading.status).toBe(200);
    const again = await h.request('POST', '/api/v1/auth/sign-in', {
      as: withoutToken,
      body: { username: 'ann', password },
    });
    expect(again.status).toBe(200); // signing in again needs no token of the old session
  });

  it('end when the user is disabled, and all others end when the password changes', async () => {
    h = await serverHarness();
    const admin = await h.user('ada', ['admin']);
    const first = await h.user('ann', ['user']);
    const signIn = await h.request('POST', '/api/v1/auth/sign-in', { body: { username: 'ann', password } });
    const second: Credential = {
      name: 'ann',
      headers: {
        cookie: signIn.headers.getSetCookie()[0]!.split(';')[0]!,
        'x-csrf-token': signIn.body.csrfToken,
      },
    };
    const changed = await h.request('POST', '/api/v1/auth/password', {
      as: first,
      body: { currentPassword: password, newPassword: 'a brand new password' },
    });
    expect(changed.status).toBe(204);
    expect((await h.request('GET', '/api/v1/auth/me', { as: first })).status).toBe(200);
    expect((await h.request('GET', '/api/v1/auth/me', { as: second })).status).toBe(401);
    const annId = (await h.server.services.identity.userByName('ann'))!.id;
    await h.request('PATCH', `/api/v1/users/${annId}`, { as: admin, body: { disabled: true } });
    expect((await h.request('GET', '/api/v1/auth/me', { as: first })).status).toBe(401);
    const blocked = await h.request('POST', '/api/v1/auth/sign-in', {
      body: { username: 'ann', password: 'a brand new password' },
    });
    expect(blocked.status).toBe(401);
  });
});

describe('sign-in', () => {
  it('says the same for an unknown name as for a wrong password, and pauses after 5 failures with Retry-After', async () => {
    h = await serverHarness();
    await h.server.services.identity.createUser({
      username: 'ann',
      password,
      roles: ['user'],
      tenant: 'default',
    });
    const unknown = await h.request('POST', '/api/v1/auth/sign-in', {
      body: { username: 'nobody', password },
    });
    const wrong = await h.request('POST', '/api/v1/auth/sign-in', {
      body: { username: 'ann', password: 'not it at all' },
    });
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    for (let i = 0; i < 4; i++)
      await h.request('POST', '/api/v1/auth/sign-in', { body: { username: 'ann', password: 'guess' } });
    const paused = await h.request('POST', '/api/v1/auth/sign-in', { body: { username: 'ann', password } });
    expect([paused.status, paused.body.code]).toEqual([429, 'too-many-attempts']);
    expect(Number(paused.headers.get('retry-after'))).toBeGreaterThan(800);
  });
});

describe('API keys', () => {
  it('are shown once, stored only as a hash, work as bearer tokens, and stop at once when revoked', async () => {
    h = await serverHarness();
    const admin = await h.user('ada', ['admin']);
    const made = await h.request('POST', '/api/v1/api-keys', {
      as: admin,
      body: { name: 'invoices', roles: ['worker'] },
    });
    expect(made.status).toBe(201);
    const secret: string = made.body.key;
    expect(secret).toMatch(/^sk_[A-Za-z0-9]{16}_[\w-]{43}$/);
    const listed = await h.request('GET', '/api/v1/api-keys', { as: admin });
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(20));
    const rows = await h.server.services.identity.listApiKeys('default');
    expect(JSON.stringify(rows)).not.toContain(secret.slice(20));
    const worker = { name: 'apikey:invoices', headers: { authorization: `Bearer ${secret}` } };
    const me = await h.request('GET', '/api/v1/auth/me', { as: worker });
    expect(me.body).toMatchObject({ via: 'api-key', name: 'apikey:invoices', roles: ['worker'] });
    const fetched = await h.request('POST', '/api/v1/jobs/fetch-and-lock', {
      as: worker,
      body: { types: ['x'] },
    });
    expect(fetched.status).toBe(200); // no CSRF token needed: a bearer token is not sent by browsers on their own
    expect((await h.request('DELETE', `/api/v1/api-keys/${made.body.apiKey.id}`, { as: admin })).status).toBe(
      204,
    );
    expect((await h.request('GET', '/api/v1/auth/me', { as: worker })).status).toBe(401);
  });
});

describe('admins', () => {
  it('manage the users of their own tenant only, and cannot remove its last admin', async () => {
    h = await serverHarness();
    const ada = await h.user('ada', ['admin']);
    await h.user('fred', ['admin'], { tenant: 'away' });
    const created = await h.request('POST', '/api/v1/users', {
      as: ada,
      body: { username: 'bob', password, roles: ['user'], groups: ['sales'] },
    });
    expect(created.body).toMatchObject({ username: 'bob', tenant: 'default', groups: ['sales'] });
    const taken = await h.request('POST', '/api/v1/users', { as: ada, body: { username: 'fred', password } });
    expect([taken.status, taken.body.code]).toEqual([409, 'user-exists']);
    const names = (await h.request('GET', '/api/v1/users', { as: ada })).body.items.map(
      (u: { username: string }) => u.username,
    );
    expect(names.sort()).toEqual(['ada', 'bob']);
    const adaId = (await h.server.services.identity.userByName('ada'))!.id;
    const demote = await h.request('PATCH', `/api/v1/users/${adaId}`, { as: ada, body: { roles: ['user'] } });
    expect([demote.status, demote.body.code]).toEqual([409, 'last-admin']);
    const remove = await h.request('DELETE', `/api/v1/users/${adaId}`, { as: ada });
    expect([remove.status, remove.body.code]).toEqual([409, 'last-admin']);
  });
});

describe('every answer', () => {
  it('carries security headers that keep it from being framed, sniffed or run as a page', async () => {
    h = await serverHarness();
    const answer = await h.request('GET', '/health');
    expect(Object.fromEntries(answer.headers)).toMatchObject({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });
});
