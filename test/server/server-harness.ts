/**
 * An in-process server on an in-memory engine, with the people and credentials a scenario
 * needs. Requests go through `app.request()`, so no socket is opened; passwords hash at a low
 * scrypt cost to keep sign-ins fast.
 */
import pino from 'pino';
import { createSluice, type JobHandler, type Sluice } from '../../src/index.js';
import type { Role } from '../../src/server/access/principal.js';
import { createServer, type SluiceServer } from '../../src/server/index.js';
import type { ServerOptions } from '../../src/server/sluice-server.js';

export const password = 'correct horse battery';

/** Answers are read by tests field by field; a loose type keeps the scenarios readable. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Credential {
  readonly name: string;
  readonly headers: Record<string, string>;
}

export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface Harness {
  readonly sluice: Sluice;
  readonly server: SluiceServer;
  /** Sends a request as `who` (or anonymously), with a JSON body when `body` is given. */
  request<T = Json>(
    method: string,
    path: string,
    options?: {
      as?: Credential;
      body?: unknown;
      headers?: Record<string, string>;
      raw?: RequestInit['body'];
    },
  ): Promise<Answer<T>>;
  /** A user with a session: signs in through the API. */
  user(
    name: string,
    roles: readonly Role[],
    options?: { groups?: string[]; tenant?: string },
  ): Promise<Credential>;
  /** An API key of the roles, in a tenant. */
  apiKey(name: string, roles: readonly Role[], tenant?: string): Promise<Credential>;
  /** Deploys models into a tenant (as the server would for a modeler of that tenant). */
  deploy(tenant: string, ...models: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function serverHarness(
  options: { handlers?: Record<string, JobHandler>; server?: Partial<ServerOptions> } = {},
): Promise<Harness> {
  const server_ = { current: undefined as SluiceServer | undefined };
  const sluice = await createSluice({
    db: ':memory:',
    pollMs: 60_000,
    handlers: options.handlers ?? {},
    groupsOf: async (user) => (await server_.current?.services.identity.userByName(user))?.groups ?? [],
  });
  sluice.run();
  const server = await createServer({
    sluice,
    logger: pino({ level: 'silent' }),
    scryptCost: { logN: 8, r: 8, p: 1 },
    ...options.server,
  });
  server_.current = server;

  const request: Harness['request'] = async (method, path, { as, body, headers, raw } = {}) => {
    const init: RequestInit = { method, headers: { ...as?.headers, ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    } else if (raw !== undefined) init.body = raw;
    const response = await server.app.request(path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the text is the body
    }
    return { status: response.status, headers: response.headers, body: parsed as never, text };
  };

  return {
    sluice,
    server,
    request,
    async user(name, roles, { groups = [], tenant = 'default' } = {}) {
      await server.services.identity.createUser({ username: name, password, roles, groups, tenant });
      const answer = await request('POST', '/api/v1/auth/sign-in', { body: { username: name, password } });
      if (answer.status !== 200) throw new Error(`sign-in of ${name} failed: ${answer.text}`);
      const cookie = (answer.headers.getSetCookie?.() ?? []).map((line) => line.split(';')[0]).join('; ');
      return { name, headers: { cookie, 'x-csrf-token': (answer.body as { csrfToken: string }).csrfToken } };
    },
    async apiKey(name, roles, tenant = 'default') {
      const { secret } = await server.services.identity.createApiKey({
        name,
        roles,
        tenant,
        createdBy: 'test',
      });
      return { name: `apikey:${name}`, headers: { authorization: `Bearer ${secret}` } };
    },
    async deploy(tenant, ...models) {
      const files = models.map((content, i) => ({ name: `model-${i}.bpmn`, content }));
      const ids = [...models.join('\n').matchAll(/<bpmn:process id="([^"]+)"/g)].map((m) => m[1]!);
      const taken = await server.services.tenancy.claim(tenant, ids, 'test', () => Promise.resolve(false));
      if (taken.length > 0) throw new Error(`process ids taken: ${taken.join(', ')}`);
      await sluice.deploy(files);
    },
    async close() {
      server.close();
      await sluice.close();
    },
  };
}
