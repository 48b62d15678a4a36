/**
 * One HTTP exchange under the outbound policy: the target (and every redirect's target) is
 * checked after DNS resolution, the whole exchange has a deadline, and the response body is
 * bounded. Redirects are followed by hand so that each hop is checked.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { OutboundGuard } from './outbound-policy.js';

export interface OutboundRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export class OutboundTimeout extends Error {
  constructor(url: string, ms: number) {
    super(`the request to '${url}' got no complete answer within ${ms} ms`);
    this.name = 'OutboundTimeout';
  }
}

const maxRedirects = 5;
const maxBodyBytes = 10 * 1024 * 1024;

export async function guardedRequest(
  guard: OutboundGuard,
  request: OutboundRequest,
): Promise<OutboundResponse> {
  const deadline = Date.now() + request.timeoutMs;
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await exchange(guard, current, Math.max(1, deadline - Date.now()));
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || location === undefined || hop >= maxRedirects)
      return response;
    const next = new URL(location, current.url).toString();
    // 303 (and, as browsers do, 301/302 after a POST) turn into a GET without a body.
    const keepsMethod = response.status === 307 || response.status === 308;
    current = keepsMethod
      ? { ...current, url: next }
      : {
          method: 'GET',
          url: next,
          timeoutMs: current.timeoutMs,
          ...(current.headers && { headers: current.headers }),
        };
  }
}

function exchange(
  guard: OutboundGuard,
  request: OutboundRequest,
  timeoutMs: number,
): Promise<OutboundResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return Promise.reject(new Error(`'${request.url}' is not an http or https URL`));
  guard.checkLiteral(url.hostname);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: request.method,
        headers: {
          ...request.headers,
          ...(request.body !== undefined && { 'content-length': Buffer.byteLength(request.body) }),
        },
        lookup: guard.lookup,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes)
            req.destroy(new Error(`the answer of '${request.url}' is larger than 10 MB`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new OutboundTimeout(request.url, timeoutMs)), timeoutMs);
    req.on('timeout', () => req.destroy(new OutboundTimeout(request.url, timeoutMs)));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(request.body);
  });
}
