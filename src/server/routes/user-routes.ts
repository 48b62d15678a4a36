/** Admins manage the users and API keys of their tenant. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { loaded } from '../access/object-rules.js';
import type { Role } from '../access/principal.js';
import { namePattern } from '../auth/identity-store.js';
import { passwordProblem } from '../auth/password-hash.js';
import { listJson, pageOf, pageQuery } from '../http/paging.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import { apiKeySchema, apiKeyView, roleSchema, userSchema, userView } from '../http/views.js';
import type { ServerEnv, ServerServices } from '../server-env.js';
import { checkNewUser, userExists } from './auth-routes.js';

const groupName = z.string().regex(namePattern, 'letters, digits and . _ @ -');

const newUser = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(512),
  roles: z.array(roleSchema).max(5).default(['user']),
  groups: z.array(groupName).max(200).default([]),
});

const userChange = z.object({
  roles: z.array(roleSchema).max(5).optional(),
  groups: z.array(groupName).max(200).optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(1).max(512).optional(),
});

const newKey = z.object({
  name: z.string().regex(namePattern, 'letters, digits and . _ @ -'),
  roles: z.array(roleSchema).min(1).max(5),
});

const createdKey = z
  .object({
    apiKey: apiKeySchema,
    key: z.string().openapi({ description: 'The secret, shown this once: store it now.' }),
  })
  .openapi('CreatedApiKey');

export const userRoutes = {
  listUsers: defineRoute({
    method: 'get',
    path: '/api/v1/users',
    tags: ['users'],
    summary: 'Users of the caller’s tenant',
    access: { roles: ['admin'], scope: 'the users of the caller’s tenant' },
    request: { query: z.object(pageQuery) },
    responses: {
      200: {
        description: 'A page of users.',
        content: { 'application/json': { schema: pageOf(userSchema, 'UserPage') } },
      },
    },
  }),
  createUser: defineRoute({
    method: 'post',
    path: '/api/v1/users',
    tags: ['users'],
    summary: 'Create a user in the caller’s tenant',
    access: { roles: ['admin'] },
    problems: [409, 422],
    request: { body: jsonBody(newUser) },
    responses: { 201: { description: 'The user.', content: { 'application/json': { schema: userSchema } } } },
  }),
  getUser: defineRoute({
    method: 'get',
    path: '/api/v1/users/{id}',
    tags: ['users'],
    summary: 'One user',
    access: { roles: ['admin'], object: 'user' },
    request: { params: idParam },
    responses: { 200: { description: 'The user.', content: { 'application/json': { schema: userSchema } } } },
  }),
  updateUser: defineRoute({
    method: 'patch',
    path: '/api/v1/users/{id}',
    tags: ['users'],
    summary: 'Change a user’s roles, groups, password, or disable them; their sessions end',
    access: { roles: ['admin'], object: 'user' },
    problems: [409, 422],
    request: { params: idParam, body: jsonBody(userChange) },
    responses: {
      200: { description: 'The user as changed.', content: { 'application/json': { schema: userSchema } } },
    },
  }),
  deleteUser: defineRoute({
    method: 'delete',
    path: '/api/v1/users/{id}',
    tags: ['users'],
    summary: 'Delete a user; history keeps their name',
    access: { roles: ['admin'], object: 'user' },
    problems: [409],
    request: { params: idParam },
    responses: { 204: { description: 'Deleted.' } },
  }),
  listApiKeys: defineRoute({
    method: 'get',
    path: '/api/v1/api-keys',
    tags: ['users'],
    summary: 'API keys of the caller’s tenant (never their secrets)',
    access: { roles: ['admin'], scope: 'the keys of the caller’s tenant' },
    responses: {
      200: {
        description: 'The keys.',
        content: { 'application/json': { schema: pageOf(apiKeySchema, 'ApiKeyPage') } },
      },
    },
  }),
  createApiKey: defineRoute({
    method: 'post',
    path: '/api/v1/api-keys',
    tags: ['users'],
    summary: 'Make an API key for a service; the secret is in this answer only',
    access: { roles: ['admin'] },
    request: { body: jsonBody(newKey) },
    responses: {
      201: {
        description: 'The key and its secret.',
        content: { 'application/json': { schema: createdKey } },
      },
    },
  }),
  revokeApiKey: defineRoute({
    method: 'delete',
    path: '/api/v1/api-keys/{id}',
    tags: ['users'],
    summary: 'Revoke an API key; it stops working at once',
    access: { roles: ['admin'], object: 'api-key' },
    request: { params: idParam },
    responses: { 204: { description: 'Revoked.' } },
  }),
};

/** A tenant keeps at least one admin who can sign in. */
async function keepAnAdmin(
  services: ServerServices,
  tenant: string,
  userId: string,
  after: { roles: readonly Role[]; disabled: boolean } | undefined,
): Promise<void> {
  const admins = await services.identity.activeAdmins(tenant);
  const staysAdmin = after !== undefined && after.roles.includes('admin') && !after.disabled;
  if (admins.length === 1 && admins[0] === userId && !staysAdmin) {
    throw new HttpProblem(
      409,
      'last-admin',
      'this is the last admin of the tenant who can sign in',
      'make another user admin first',
    );
  }
}

export function mountUserRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(userRoutes.listUsers, async (c) => {
    const { limit, after } = c.req.valid('query');
    const page = await c.get('services').identity.listUsers(c.get('principal')!.tenant, limit, after);
    return c.json(listJson(page, userView), 200);
  });

  app.openapi(userRoutes.createUser, async (c) => {
    const body = c.req.valid('json');
    const { identity } = c.get('services');
    checkNewUser(body.username, body.password);
    if (await identity.userByName(body.username)) throw userExists(body.username);
    const user = await identity.createUser({ ...body, tenant: c.get('principal')!.tenant });
    return c.json(userView(user), 201);
  });

  app.openapi(userRoutes.getUser, (c) => c.json(userView(loaded(c, 'user')), 200));

  app.openapi(userRoutes.updateUser, async (c) => {
    const user = loaded(c, 'user');
    const change = c.req.valid('json');
    const services = c.get('services');
    if (change.password !== undefined) {
      const problem = passwordProblem(change.password);
      if (problem) throw new HttpProblem(422, 'weak-password', problem, 'choose a longer password');
    }
    await keepAnAdmin(services, user.tenant, user.id, {
      roles: change.roles ?? user.roles,
      disabled: change.disabled ?? user.disabled,
    });
    const updated = await services.identity.updateUser(user.id, change);
    await services.sessions.endAllOf(
      user.id,
      c.get('principal')!.id === user.id ? c.get('principal')!.sessionId : undefined,
    );
    return c.json(userView(updated!), 200);
  });

  app.openapi(userRoutes.deleteUser, async (c) => {
    const user = loaded(c, 'user');
    const services = c.get('services');
    await keepAnAdmin(services, user.tenant, user.id, undefined);
    await services.identity.deleteUser(user.id);
    await services.sessions.endAllOf(user.id);
    return c.body(null, 204);
  });

  app.openapi(userRoutes.listApiKeys, async (c) => {
    const keys = await c.get('services').identity.listApiKeys(c.get('principal')!.tenant);
    return c.json({ items: keys.map(apiKeyView), next: null }, 200);
  });

  app.openapi(userRoutes.createApiKey, async (c) => {
    const { name, roles } = c.req.valid('json');
    const principal = c.get('principal')!;
    const { apiKey, secret } = await c.get('services').identity.createApiKey({
      name,
      roles,
      tenant: principal.tenant,
      createdBy: principal.name,
    });
    return c.json({ apiKey: apiKeyView(apiKey), key: secret }, 201);
  });

  app.openapi(userRoutes.revokeApiKey, async (c) => {
    await c.get('services').identity.revokeApiKey(loaded(c, 'api-key').id);
    return c.body(null, 204);
  });
}
