/**
 * `sluice:webhook`: POSTs a JSON event to a URL, signed with HMAC-SHA256 (signature.ts) under
 * a secret from the configuration, named by the task (the model never holds the secret):
 *   url, secret (the configured secret's name), event (a name sent as `event`),
 *   body (FEEL; default the job's variables), timeoutMs (30000).
 * The body is `{"event", "id", "data"}`; `id` is the job id, the same on every retry, so the
 * receiver can drop a repeat. Failures and answers are treated as the HTTP connector does.
 */
import { BpmnError } from '../engine/errors.js';
import type { JobHandler } from '../engine/job-executor.js';
import { ConnectorConfig, ConnectorMisconfigured } from './connector-config.js';
import { guardedRequest } from './guarded-request.js';
import { resultOf, responseView } from './http-connector.js';
import type { OutboundGuard } from './outbound-policy.js';
import { sign, signatureHeader } from './signature.js';

export function webhookConnector(
  guard: OutboundGuard,
  secrets: Readonly<Record<string, string>>,
  now: () => number,
): JobHandler {
  return async (job) => {
    const config = new ConnectorConfig(job, 'webhook');
    const url = config.required('url');
    const secretName = config.required('secret');
    const secret = secrets[secretName];
    if (secret === undefined)
      throw new ConnectorMisconfigured(
        `the webhook secret '${secretName}' of '${job.elementId}' is not configured; add it to the connectors' secrets`,
      );
    const body = JSON.stringify({
      event: config.text('event') ?? job.elementId,
      id: job.id,
      data: config.value('body') ?? job.variables,
    });
    const response = await guardedRequest(guard, {
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        [signatureHeader]: sign(secret, body, now()),
        'idempotency-key': job.id,
      },
      body,
      timeoutMs: config.number('timeoutMs', 30_000),
    });
    if (response.status >= 500) throw new Error(`${url} answered ${response.status}`);
    if (response.status >= 400)
      throw new BpmnError(`HTTP_${response.status}`, `${url} answered ${response.status}`);
    return resultOf(job.headers, responseView(response));
  };
}
