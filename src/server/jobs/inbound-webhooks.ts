/**
 * Inbound webhooks: a signed delivery starts a process or correlates a message, exactly once
 * per idempotency key. The command the delivery carries (a start with a fresh instance id, or
 * the correlation to the instance that waits) is queued as an inbox row in the same
 * transaction that records the key (a primary key, so concurrent deliveries on any node race
 * there, not in memory). The command is then applied at once; if the node dies first, the
 * inbox dispatcher applies it after the restart, and the inbox row is consumed by the step it
 * causes, so it acts once. A repeat finds the key and acts not at all (found before the
 * command is chosen, so a repeat after the message was taken is still a duplicate, not a
 * delivery that nothing waits for).
 */
import { createHash } from 'node:crypto';
import { signatureHeader, signatureProblem } from '../../connect/signature.js';
import type { Command } from '../../core/types.js';
import type { Sluice } from '../../engine/engine.js';
import { SluiceError } from '../../engine/errors.js';
import { uuidv7 } from '../../engine/ids.js';
import { evaluateFeel } from '../../expr/feel.js';
import type { WebhookRecord } from '../../store/store.js';
import { HttpProblem } from '../http/problem-details.js';

export interface Delivery {
  readonly rawBody: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface DeliveryOutcome {
  readonly instanceId?: string;
  readonly started: boolean;
  /** True when this idempotency key was delivered before: nothing was done again. */
  readonly duplicate: boolean;
}

export async function deliverWebhook(
  sluice: Sluice,
  name: string,
  delivery: Delivery,
): Promise<DeliveryOutcome> {
  const webhook = await sluice.store.getWebhook(name);
  if (!webhook)
    throw new HttpProblem(
      404,
      'webhook-not-found',
      `no webhook is named '${name}'`,
      'check the URL the sender posts to',
    );
  const problem = signatureProblem(
    webhook.secret,
    delivery.headers[signatureHeader],
    delivery.rawBody,
    sluice.clock.now(),
  );
  if (problem)
    throw new HttpProblem(
      401,
      'signature-invalid',
      `the delivery to webhook '${name}' is refused: ${problem}`,
      "sign the body as docs/automation.md says, with the webhook's secret",
    );
  const input = { body: parseBody(delivery.rawBody), headers: delivery.headers };
  const key = idempotencyKey(webhook, input, delivery.rawBody);
  const earlier = await sluice.store.findDelivery(name, key);
  if (earlier !== undefined) return { instanceId: earlier, started: false, duplicate: true };
  const now = sluice.clock.now();
  const command = await commandOf(sluice, webhook, input);
  const inbox = { id: uuidv7(now), instanceId: command.instanceId, command };
  const claim = await sluice.store.claimDelivery({ webhook: name, key, now }, inbox);
  if (!claim.first) return { instanceId: claim.instanceId, started: false, duplicate: true };
  try {
    await sluice.applyInbox(inbox);
  } catch (error) {
    // The inbox dispatcher applied the queued command first: delivered all the same.
    if (!(error instanceof SluiceError && error.code === 'stale')) throw error;
  }
  return { instanceId: command.instanceId, started: command.type === 'start', duplicate: false };
}

/**
 * What the delivery does, decided when it arrives: a start of the latest version, or the
 * correlation to the first instance that waits for the message (else a message start event).
 * Nothing is recorded when there is nothing to act on, so the sender's retry can act later.
 */
async function commandOf(
  sluice: Sluice,
  webhook: WebhookRecord,
  input: { body: unknown; headers: Readonly<Record<string, string>> },
): Promise<Command> {
  const variables = variablesOf(webhook, input);
  const newInstanceId = uuidv7(sluice.clock.now());
  const { action } = webhook;
  if ('start' in action) {
    const definition = await sluice.store.findDefinition(action.start);
    if (!definition)
      throw new HttpProblem(
        404,
        'process-not-found',
        `webhook '${webhook.name}' starts process '${action.start}', which is not deployed`,
        'deploy the process, then have the sender retry',
      );
    return {
      type: 'start',
      instanceId: newInstanceId,
      processId: action.start,
      version: definition.version,
      variables,
      actor: `webhook:${webhook.name}`,
    };
  }
  const correlationKey =
    action.correlationKey === undefined ? undefined : feelText(action.correlationKey, input);
  const subscriptions = await sluice.store.findSubscriptions(action.message, correlationKey);
  const waiting = subscriptions.find((s) => s.instanceId !== undefined);
  if (waiting)
    return {
      type: 'correlate-message',
      instanceId: waiting.instanceId!,
      subscriptionId: waiting.id,
      messageName: action.message,
      variables,
    };
  const starter = subscriptions.find((s) => s.instanceId === undefined);
  if (starter)
    return {
      type: 'start',
      instanceId: newInstanceId,
      processId: starter.processId,
      version: starter.version,
      startEventId: starter.elementId,
      variables,
      ...(correlationKey !== undefined && { businessKey: correlationKey }),
      actor: `webhook:${webhook.name}`,
    };
  const keyText = correlationKey === undefined ? '' : ` with correlation key '${correlationKey}'`;
  throw new HttpProblem(
    404,
    'message-not-correlated',
    `no instance waits for message '${action.message}'${keyText}, and no deployed process starts with it`,
    'the delivery was not recorded: the sender may retry once an instance waits',
  );
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The webhook's key expression, the Idempotency-Key header, or else the body's hash (a resend is the same body). */
function idempotencyKey(webhook: WebhookRecord, input: object, raw: string): string {
  const headers = (input as { headers: Record<string, string> }).headers;
  const key = webhook.idempotencyKey ? feelText(webhook.idempotencyKey, input) : headers['idempotency-key'];
  if (key !== undefined && key !== '') return key.slice(0, 200);
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

function variablesOf(webhook: WebhookRecord, input: { body: unknown }): Record<string, unknown> {
  const value = webhook.variables ? evaluateFeel(webhook.variables, input).value : input.body;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new HttpProblem(
      422,
      'webhook-variables-invalid',
      `the variables of webhook '${webhook.name}' are not a context`,
      'map the payload to a context, e.g. {"orderId": body.id}',
    );
  return value as Record<string, unknown>;
}

function feelText(expression: string, input: object): string | undefined {
  const value = evaluateFeel(expression, input as Record<string, unknown>).value;
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
