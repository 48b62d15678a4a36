/**
 * Every error the API gives is problem+json (RFC 9457) with a stable `code` and a `hint` that
 * says what to do next. This is the one place where engine errors, validation errors and
 * unexpected failures become HTTP answers; a failure that is not ours never shows its stack or
 * message to the client, only a request id to find it in the log.
 */
import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { SluiceError } from '../../engine/errors.js';
import type { Finding } from '../../model/findings.js';

export const problemMediaType = 'application/problem+json';

const findingSchema = z
  .object({
    severity: z.enum(['error', 'warning']),
    elementId: z.string().nullable(),
    message: z.string(),
    file: z.string().optional(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
  })
  .openapi('Finding');

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:sluice:problem:task-not-found' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'Stable, for programs: branch on this.' }),
    detail: z.string(),
    hint: z.string().optional().openapi({ description: 'What to do next.' }),
    findings: z.array(findingSchema).optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'Request validation: one entry per invalid field.' }),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

export type ProblemJson = z.infer<typeof problemSchema>;

export const findingView = (finding: Finding & { file?: string }): z.infer<typeof findingSchema> => ({
  severity: finding.severity,
  elementId: finding.elementId ?? null,
  message: finding.message,
  ...(finding.file !== undefined && { file: finding.file }),
  ...(finding.line !== undefined && { line: finding.line }),
  ...(finding.column !== undefined && { column: finding.column }),
});

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** An HTTP answer that is not a success, thrown from anywhere below a route. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    detail: string,
    readonly hint?: string,
    readonly extra: {
      findings?: ProblemJson['findings'];
      errors?: ProblemJson['errors'];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/**
 * Commands the engine refuses because of the state of the instance or task (it ended, the
 * task is claimed, suspended ...) are conflicts; one it refuses because the actor may not do
 * it is forbidden; the rest of its refusals are content it cannot process.
 */
const stateConflicts = new Set([
  'instance-ended',
  'instance-exists',
  'trigger-gone',
  'job-not-active',
  'incident-not-open',
  'task-not-open',
  'task-claimed',
  'task-suspended',
  'task-delegated',
  'task-not-delegated',
  'task-unassigned',
]);

/** Engine error kinds to statuses; `rejected` with code `internal` is the store failing. */
function sluiceStatus(error: SluiceError): ContentfulStatusCode {
  switch (error.kind) {
    case 'invalid':
      return error.findings ? 422 : 400;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'rejected':
      if (error.code === 'internal') return 500;
      if (error.code === 'task-not-allowed') return 403;
      return stateConflicts.has(error.code) ? 409 : 422;
  }
}

/** What a Hono HTTPException (malformed JSON, an unsupported media type) means to a client. */
function fromHttpException(error: HTTPException): HttpProblem {
  const status = error.status;
  if (status === 415)
    return new HttpProblem(
      415,
      'unsupported-media-type',
      'the request body has a media type this route does not take',
      'send application/json (or multipart/form-data where the route says so)',
    );
  if (status === 400 && /json/i.test(error.message))
    return new HttpProblem(
      400,
      'invalid-json',
      'the request body is not valid JSON',
      'send a JSON document with Content-Type: application/json',
    );
  return new HttpProblem(status, `http-${status}`, error.message || titles[status] || 'request failed');
}

export interface ProblemAnswer {
  readonly status: ContentfulStatusCode;
  readonly body: ProblemJson;
  readonly headers: Record<string, string>;
  /** True when the failure is ours (a bug or an outage): log it with its stack. */
  readonly unexpected: boolean;
}

export function toProblem(error: unknown, requestId?: string): ProblemAnswer {
  let problem: HttpProblem;
  let unexpected = false;
  if (error instanceof HttpProblem) problem = error;
  else if (error instanceof SluiceError) {
    problem = new HttpProblem(sluiceStatus(error), error.code, error.message, error.hint, {
      ...(error.findings && { findings: error.findings.map(findingView) }),
    });
    unexpected = problem.status >= 500;
  } else if (error instanceof HTTPException) problem = fromHttpException(error);
  else {
    unexpected = true;
    problem = new HttpProblem(
      500,
      'internal',
      'the server failed to answer this request',
      requestId
        ? `the server log has the details under request id ${requestId}`
        : 'the server log has the details',
    );
  }
  const body: ProblemJson = {
    type: `urn:sluice:problem:${problem.code}`,
    title: titles[problem.status] ?? 'Error',
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    ...(problem.hint !== undefined && { hint: problem.hint }),
    ...(problem.extra.findings && { findings: problem.extra.findings }),
    ...(problem.extra.errors && { errors: problem.extra.errors }),
    ...(requestId !== undefined && { requestId }),
  };
  return { status: problem.status, body, headers: problem.extra.headers ?? {}, unexpected };
}

/** A zod failure on a request part, with one entry per field. */
export function invalidRequest(
  target: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): HttpProblem {
  const errors = issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = errors[0];
  return new HttpProblem(
    400,
    'invalid-request',
    first ? `${first.path}: ${first.message}` : `the request ${target} is not valid`,
    'fix the fields listed in errors and send again; the OpenAPI document at /api/v1/openapi.json describes each route',
    { errors },
  );
}
