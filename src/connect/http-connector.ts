/**
 * `sluice:http`: one HTTP request per job, described by the task's headers:
 *   method (GET), url, headers (a FEEL context), body (FEEL; sent as JSON), timeoutMs (30000),
 *   resultVariable (the whole response: status, headers, body), resultExpression (FEEL over
 *   `response`, a context whose entries become variables).
 * A 5xx answer, a timeout or a network error fails the job, so it is retried under the task's
 * retry policy; a 4xx answer is the BPMN error `HTTP_<status>`, for a boundary event to catch.
 */
import { BpmnError } from '../engine/errors.js';
import type { JobHandler } from '../engine/job-executor.js';
import { evaluateFeel } from '../expr/feel.js';
import { ConnectorConfig } from './connector-config.js';
import { guardedRequest, type OutboundResponse } from './guarded-request.js';
import type { OutboundGuard } from './outbound-policy.js';

export function httpConnector(guard: OutboundGuard): JobHandler {
  return async (job) => {
    const config = new ConnectorConfig(job, 'HTTP');
    const body = config.value('body');
    const headers = config.record('headers');
    const response = await guardedRequest(guard, {
      method: (config.text('method') ?? 'GET').toUpperCase(),
      url: config.required('url'),
      headers: {
        accept: 'application/json',
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && {
        body: typeof body === 'string' && headers['content-type'] ? body : JSON.stringify(body),
      }),
      timeoutMs: config.number('timeoutMs', 30_000),
    });
    const view = responseView(response);
    if (response.status >= 500) throw new Error(`${config.required('url')} answered ${response.status}`);
    if (response.status >= 400)
      throw new BpmnError(
        `HTTP_${response.status}`,
        `${config.required('url')} answered ${response.status}`,
        {
          response: view,
        },
      );
    return resultOf(job.headers, view);
  };
}

export interface ResponseView {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export function responseView(response: OutboundResponse): ResponseView {
  const headers = Object.fromEntries(
    Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
  const json = /json/i.test(headers['content-type'] ?? '');
  let body: unknown = response.body;
  if (json && response.body !== '') {
    try {
      body = JSON.parse(response.body);
    } catch {
      // Left as text: the server said JSON but sent something else.
    }
  }
  return { status: response.status, headers, body };
}

/** The variables a response sets: resultVariable and the entries of resultExpression. */
export function resultOf(
  headers: Readonly<Record<string, string>>,
  response: ResponseView,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (headers.resultVariable) result[headers.resultVariable] = response;
  if (headers.resultExpression) {
    const value = evaluateFeel(headers.resultExpression.replace(/^\s*=/, ''), { response }).value;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(result, value);
  }
  return result;
}
