/**
 * How a job task's failures are retried, per task:
 *   sluice:retryBackoff="PT10S"            wait 10 s before every retry;
 *   sluice:retryBackoff="PT10S,PT1M,PT10M" wait 10 s, then 1 min, then 10 min (the last repeats);
 *   sluice:retriesExhaustedError="FAILED"  when the retries are spent, throw the BPMN error
 *                                          FAILED (a boundary event may catch it) instead of
 *                                          raising an incident;
 *   <camunda:failedJobRetryTimeCycle>R5/PT5M</camunda:failedJobRetryTimeCycle>
 *                                          Camunda 7's form: 5 retries, 5 minutes apart; a list
 *                                          `PT1M,PT5M` means one retry per entry.
 * sluice:retries (or zeebe's) wins over the count a Camunda cycle implies.
 */
import { Duration } from 'luxon';
import type { CompileContext } from './compile-context.js';
import type { JobTask, RetryPolicy } from './graph.js';
import { type ModdleElement, attr, bodyOf, extension } from './moddle-element.js';

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

export function jobPolicyOf(
  ctx: CompileContext,
  task: ModdleElement,
  id: string,
): Partial<Pick<JobTask, 'retries' | 'retryPolicy'>> {
  const policy: { -readonly [K in keyof RetryPolicy]: RetryPolicy[K] } = {};
  let retries: number | undefined;
  const backoff = attr(task, 'sluice:retryBackoff');
  const cycle = bodyOf(extension(task, 'camunda:FailedJobRetryTimeCycle'));
  if (present(backoff)) {
    const waits = durations(ctx, id, 'sluice:retryBackoff', backoff.split(','));
    if (waits) policy.backoffMs = waits;
  } else if (present(cycle)) {
    const repeated = /^R(\d+)\/(P\S+)$/.exec(cycle.trim());
    const waits = repeated
      ? durations(ctx, id, 'camunda:failedJobRetryTimeCycle', [repeated[2]!])
      : durations(ctx, id, 'camunda:failedJobRetryTimeCycle', cycle.split(','));
    if (waits) {
      policy.backoffMs = waits;
      retries = repeated ? Number(repeated[1]) : waits.length;
    }
  }
  const errorCode = attr(task, 'sluice:retriesExhaustedError');
  if (present(errorCode)) policy.exhaustedErrorCode = errorCode.trim();
  const explicitRetries = present(attr(task, 'sluice:retries')) || present(zeebeRetries(task));
  return {
    ...(retries !== undefined && !explicitRetries && { retries }),
    ...(Object.keys(policy).length > 0 && { retryPolicy: policy }),
  };
}

function zeebeRetries(task: ModdleElement): string | undefined {
  const definition = extension(task, 'zeebe:TaskDefinition');
  return definition && attr(definition, 'retries');
}

function durations(
  ctx: CompileContext,
  id: string,
  where: string,
  texts: readonly string[],
): number[] | undefined {
  const waits: number[] = [];
  for (const text of texts) {
    const duration = Duration.fromISO(text.trim());
    if (!duration.isValid) {
      ctx.error(
        id,
        `${where} '${texts.join(',')}' is not a list of ISO 8601 durations ('${text.trim()}' is not one); write e.g. PT30S,PT5M`,
      );
      return undefined;
    }
    waits.push(duration.as('milliseconds'));
  }
  return waits;
}
