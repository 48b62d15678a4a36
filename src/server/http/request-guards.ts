/**
 * What every request passes before any route sees it: a request id, security headers, a body
 * size limit (JSON small, uploads larger), and for JSON bodies a parse that refuses keys that
 * could reach an object's prototype (`__proto__`) and nesting deeper than any real document.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { randomUUID } from 'node:crypto';
import type { ServerEnv } from '../server-env.js';
import { HttpProblem } from './problem-details.js';

export const maxJsonDepth = 64;

export function requestId(): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}

/** The API answers JSON only: nothing may run, frame or sniff it. */
export const securityHeaders = (): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    permissionsPolicy: {},
  });

/** Deployment uploads get the larger limit; every other body the JSON one. */
export function bodyLimits(jsonBytes: number, uploadBytes: number, uploadPath: string): MiddlewareHandler {
  const tooLarge = (limit: number) => (): never => {
    throw new HttpProblem(
      413,
      'body-too-large',
      `the request body is larger than ${limit} bytes`,
      limit === uploadBytes
        ? 'deploy fewer or smaller files at once'
        : 'send less: large documents belong in a file store, with a reference in the variables',
    );
  };
  const json = bodyLimit({ maxSize: jsonBytes, onError: tooLarge(jsonBytes) });
  const upload = bodyLimit({ maxSize: uploadBytes, onError: tooLarge(uploadBytes) });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return c.req.path === uploadPath ? upload(c, next) : json(c, next);
  };
}

const isJson = (c: Context): boolean =>
  /^application\/([a-z.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '');

/** Parses JSON bodies up front, refusing prototype keys and deep nesting, before any validator. */
export function jsonGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !isJson(c)) return next();
    const text = await c.req.text();
    if (text.trim() === '') return next();
    let value: unknown;
    try {
      value = JSON.parse(text, (key, v: unknown) => {
        if (key === '__proto__')
          throw new HttpProblem(
            400,
            'forbidden-key',
            "the JSON has a key '__proto__'",
            'rename the key: keys that can reach an object prototype are refused',
          );
        return v;
      });
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      throw new HttpProblem(
        400,
        'invalid-json',
        `the request body is not valid JSON: ${(error as Error).message}`,
        'send a JSON document with Content-Type: application/json',
      );
    }
    if (depthOf(value) > maxJsonDepth)
      throw new HttpProblem(
        400,
        'json-too-deep',
        `the JSON nests deeper than ${maxJsonDepth} levels`,
        'flatten the document',
      );
    await next();
  };
}

/** Nesting depth without recursion, so a hostile document cannot exhaust the stack. */
function depthOf(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxJsonDepth) return deepest;
    for (const child of Object.values(value))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The client's address; a proxy's X-Forwarded-For only when told to trust it. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
