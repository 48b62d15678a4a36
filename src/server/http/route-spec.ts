/**
 * A route is defined once: its OpenAPI operation (paths, parameters, bodies, responses) and its
 * access rule together. `defineRoute` adds what every route of its kind answers (401, 403,
 * 404 ... as problem+json), the security requirement, an `x-sluice-access` extension that
 * documents the rule, and the middleware that enforces it. A route cannot be defined without
 * a rule, and the authorization tests derive their expectations from these rules.
 */
import { type RouteConfig, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { type ObjectRule, objectRules } from '../access/object-rules.js';
import { hasAnyRole, type Role } from '../access/principal.js';
import type { ServerEnv } from '../server-env.js';
import { HttpProblem, invalidRequest, problemMediaType, problemSchema } from './problem-details.js';

export interface Access {
  /** `public`: anyone; `signed-in`: any principal; else one of the roles (admin always passes). */
  readonly roles: 'public' | 'signed-in' | readonly Role[];
  /** For routes on one object: the rule checked on the object the path names. */
  readonly object?: ObjectRule;
  /** For lists: which items the caller gets. */
  readonly scope?: string;
  /** For public routes: why they need no credential. */
  readonly why?: string;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 501 | 503;

type Spec = RouteConfig & { access: Access; problems?: readonly ProblemStatus[] };

const problemText: Record<ProblemStatus, string> = {
  400: 'The request is not valid (code `invalid-request` lists the fields).',
  401: 'No valid session or API key (`unauthenticated`).',
  403: 'The caller lacks the role or the right on this object (`forbidden`, `csrf-failed` ...).',
  404: 'No such object, or not one the caller may see.',
  409: 'The object is not in a state that allows this.',
  413: 'The request body is larger than the limit (`body-too-large`).',
  415: 'The request body has a media type the route does not take.',
  422: 'The content is understood but refused (an invalid model, a rule of the engine).',
  429: 'Too many attempts; retry after the seconds in Retry-After.',
  500: 'The server failed; the log has the details under the request id.',
  501: 'Not available in this build.',
  503: 'Not ready (the database does not answer).',
};

/** Statuses every route of a kind may answer, besides its own. */
function standardProblems(spec: Spec): Set<ProblemStatus> {
  const statuses = new Set<ProblemStatus>([500, ...(spec.problems ?? [])]);
  const request = spec.request;
  if (request?.params || request?.query || request?.body) statuses.add(400);
  if (request?.body) {
    statuses.add(413);
    statuses.add(415);
  }
  if (spec.access.roles !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (spec.access.object) statuses.add(404);
  if (spec.access.object === 'job-lock') statuses.add(409);
  return statuses;
}

export const accessExtension = 'x-sluice-access';

export function defineRoute<const R extends Spec>(
  spec: R,
): Omit<R, 'access' | 'problems'> & { access: Access } {
  const { access, problems: _problems, ...route } = spec;
  const responses: RouteConfig['responses'] = { ...route.responses };
  for (const status of [...standardProblems(spec)].sort()) {
    responses[status] ??= {
      description: problemText[status],
      content: { [problemMediaType]: { schema: problemSchema } },
    };
  }
  const middleware = [authorize(access), ...asArray(route.middleware)];
  const defined = {
    operationId: operationIdOf(route.method, route.path),
    ...route,
    responses,
    middleware,
    security: access.roles === 'public' ? [] : [{ session: [] }, { apiKey: [] }],
    [accessExtension]: {
      roles: access.roles,
      ...(access.object && { object: access.object, rule: objectRules[access.object].says }),
      ...(access.scope && { scope: access.scope }),
      ...(access.why && { why: access.why }),
    },
  };
  // The rule rides along for tests and docs, but not enumerable: the OpenAPI generator copies
  // every enumerable field of a route into the document, where it has `x-sluice-access`.
  Object.defineProperty(defined, 'access', { value: access, enumerable: false });
  return defined as unknown as Omit<R, 'access' | 'problems'> & { access: Access };
}

/** `post /api/v1/tasks/{id}/claim` → `postTasksByIdClaim`: stable, unique, readable in generated clients. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      return (param ? `by-${param}` : segment.replace(/\.json$/, '')).split(/[-_.]/);
    });
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Enforces a route's rule: a principal, one of the roles, then the object rule. */
export function authorize(access: Access): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (access.roles === 'public') return next();
    const principal = c.get('principal');
    if (!principal && c.get('csrfRefused')) {
      throw new HttpProblem(
        403,
        'csrf-failed',
        'a request signed in by cookie must echo the CSRF token in the X-CSRF-Token header',
        'read the token from the sluice_csrf cookie or the sign-in answer and send it with every POST, PATCH and DELETE',
      );
    }
    if (!principal) {
      throw new HttpProblem(
        401,
        'unauthenticated',
        'this route needs a signed-in session or an API key',
        'sign in with POST /api/v1/auth/sign-in, or send Authorization: Bearer <api key>',
        { headers: { 'WWW-Authenticate': 'Bearer realm="sluice"' } },
      );
    }
    if (access.roles !== 'signed-in' && !hasAnyRole(principal, access.roles)) {
      throw new HttpProblem(
        403,
        'forbidden',
        `this route needs the role ${access.roles.join(' or ')}; '${principal.name}' has ${[...principal.roles].join(', ') || 'none'}`,
        'ask an admin for the role, or use a credential that has it',
      );
    }
    if (access.object) {
      const rule = objectRules[access.object];
      const params = c.req.param() as Record<string, string>;
      const id = params[rule.param];
      if (id === undefined || id === '' || id.length > 200)
        throw invalidRequest('params', [{ path: [rule.param], message: 'missing or too long' }]);
      if (params.version !== undefined && !/^[1-9]\d{0,8}$/.test(params.version))
        throw invalidRequest('params', [
          { path: ['version'], message: 'a version is a positive whole number' },
        ]);
      c.set('object', await rule.load(c.get('services'), principal, id, params));
    }
    return next();
  };
}

/** A JSON request body of the schema; optional bodies may be left out (an empty object then). */
export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({
  content: { 'application/json': { schema } },
  required,
});

/** The `{id}` of routes on one object. */
export const idParam = z.object({ id: z.string().min(1).max(200) });
