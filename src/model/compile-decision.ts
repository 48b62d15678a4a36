/**
 * A business rule task that calls a DMN decision, in Camunda 8's form
 *   <zeebe:calledDecision decisionId="risk" resultVariable="risk"/>
 * or Camunda 7's
 *   camunda:decisionRef="risk" camunda:resultVariable="risk" camunda:mapDecisionResult="singleEntry"
 *   camunda:decisionRefBinding="version" camunda:decisionRefVersion="2".
 * It compiles to a job of the built-in type `sluice:decision` whose headers say which decision
 * to evaluate and how to map its result; the engine evaluates it after the commit, like any
 * job (docs/automation.md says why). A decision that fails evaluates the same way every time,
 * so the job has no retries: the failure is an incident at once.
 */
import type { ElementDraft } from './assemble-graph.js';
import type { CompileContext } from './compile-context.js';
import type { JobTask } from './graph.js';
import { type ModdleElement, attr, extension } from './moddle-element.js';
import { isJuel } from './values.js';

export const DECISION_JOB_TYPE = 'sluice:decision';

/** Camunda 7's mappings of a decision's rule results, and Camunda 8's: the result as it is. */
export const decisionResultMappings = [
  'singleEntry',
  'singleResult',
  'collectEntries',
  'resultList',
  'none',
] as const;
export type DecisionResultMapping = (typeof decisionResultMappings)[number];

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

type Base = Omit<ElementDraft, 'kind'> & { readonly id: string };

/** The task, when it calls a decision; undefined when it is an ordinary job task. */
export function decisionTaskOf(
  ctx: CompileContext,
  task: ModdleElement,
  base: Base,
): (Omit<JobTask, 'incoming' | 'outgoing'> & ElementDraft) | undefined {
  const zeebe = extension(task, 'zeebe:CalledDecision');
  const camundaRef = attr(task, 'camunda:decisionRef');
  if (!zeebe && !present(camundaRef)) return undefined;
  const id = base.id;
  const decisionId = (zeebe ? attr(zeebe, 'decisionId') : camundaRef)?.trim() ?? '';
  const resultVariable = (
    zeebe ? attr(zeebe, 'resultVariable') : attr(task, 'camunda:resultVariable')
  )?.trim();
  const mapping = zeebe ? 'none' : (attr(task, 'camunda:mapDecisionResult') ?? 'resultList');
  const binding = (zeebe ? attr(zeebe, 'bindingType') : attr(task, 'camunda:decisionRefBinding')) ?? 'latest';
  const version = attr(task, 'camunda:decisionRefVersion')?.trim();

  if (decisionId === '') ctx.error(id, `business rule task '${id}' names no decision; set its decisionId`);
  if (isJuel(decisionId))
    ctx.error(
      id,
      `decision reference '${decisionId}' is JUEL, which Sluice does not evaluate; write =<FEEL>`,
    );
  if (!(decisionResultMappings as readonly string[]).includes(mapping))
    ctx.error(
      id,
      `mapDecisionResult '${mapping}' is not one of ${decisionResultMappings.slice(0, 4).join(', ')}`,
    );
  if (binding !== 'latest' && binding !== 'version')
    ctx.unsupported(
      id,
      'business rule task',
      `decision binding '${binding}'; bind to 'latest' or a 'version'`,
    );
  if (binding === 'version' && !/^\d+$/.test(version ?? ''))
    ctx.error(id, `decision binding 'version' needs camunda:decisionRefVersion, a whole number`);
  if (zeebe && !present(resultVariable))
    ctx.error(
      id,
      `zeebe:calledDecision of '${id}' has no resultVariable; name the variable to hold the result`,
    );

  return {
    ...base,
    kind: 'businessRuleTask',
    taskType: { literal: DECISION_JOB_TYPE },
    retries: 0,
    headers: {
      decisionId,
      mapDecisionResult: mapping,
      ...(present(resultVariable) && { resultVariable }),
      ...(binding === 'version' && version !== undefined && { version }),
    },
  };
}
