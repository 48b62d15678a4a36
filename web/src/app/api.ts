/**
 * The one way the web app talks to the server: same-origin fetch with the session cookie,
 * the CSRF token echoed on every state-changing request, and problem+json answers turned into
 * an `ApiProblem` that carries the server's code, detail and hint for the page to show.
 */

export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly hint?: string;
  readonly findings?: readonly Finding[];
  readonly errors?: readonly { path: string; message: string }[];
}

export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly elementId: string | null;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export class ApiProblem extends Error implements Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly hint?: string;
  readonly findings?: readonly Finding[];
  readonly errors?: readonly { path: string; message: string }[];

  constructor(problem: Problem) {
    super(problem.detail);
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    if (problem.hint !== undefined) this.hint = problem.hint;
    if (problem.findings !== undefined) this.findings = problem.findings;
    if (problem.errors !== undefined) this.errors = problem.errors;
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

const csrfCookie = 'sluice_csrf';

/** The CSRF token: from the sign-in answer while this page lives, else from its cookie. */
let csrfToken: string | undefined;
export const rememberCsrf = (token: string | undefined): void => {
  csrfToken = token;
};
function currentCsrf(): string | undefined {
  if (csrfToken) return csrfToken;
  const cookie = document.cookie.split('; ').find((c) => c.startsWith(`${csrfCookie}=`));
  return cookie ? decodeURIComponent(cookie.slice(csrfCookie.length + 1)) : undefined;
}

/** Listeners told when the session is gone (401), so the app shows the sign-in page. */
const signedOutListeners = new Set<() => void>();
export const onSignedOut = (listener: () => void): (() => void) => {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
};

async function problemOf(response: Response): Promise<ApiProblem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    return new ApiProblem({
      status: response.status,
      code: body.code ?? 'http-error',
      detail: body.detail ?? response.statusText,
      ...(body.hint !== undefined && { hint: body.hint }),
      ...(body.findings !== undefined && { findings: body.findings }),
      ...(body.errors !== undefined && { errors: body.errors }),
    });
  } catch {
    return new ApiProblem({
      status: response.status,
      code: 'http-error',
      detail: `the server answered ${response.status} ${response.statusText}`,
      hint: 'try again; if it persists, the server log has the details',
    });
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    const token = currentCsrf();
    if (token) headers['x-csrf-token'] = token;
  }
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(payload !== undefined && { body: payload }),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !path.startsWith('/auth/'))
      for (const listener of signedOutListeners) listener();
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query): Promise<T> => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown): Promise<T> => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  delete: <T>(path: string): Promise<T> => request<T>('DELETE', path),
  upload: <T>(path: string, form: FormData): Promise<T> => request<T>('POST', path, form),
};

/** Every page of a list, for the small lists a page shows whole (definitions, users). */
export async function allPages<T>(path: string, query: Query = {}, most = 2000): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await api.get<Page<T>>(path, { ...query, limit: 500, after });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined && items.length < most);
  return items;
}

/** Text for a failure, with the server's hint when it gave one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) return error.hint ? `${error.detail}. ${error.hint}.` : `${error.detail}.`;
  return error instanceof Error ? error.message : String(error);
}
