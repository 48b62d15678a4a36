/**
 * The built-in handler of `sluice:decision` jobs (business rule tasks, compile-decision.ts):
 * evaluates the decision the headers name on the job's variables and maps its result as the
 * task asks. A decision that cannot be evaluated (not deployed, two rules under UNIQUE, a
 * broken limit) fails with a message naming the decision, the element and the inputs; the job
 * has no retries, so that is an incident an operator can retry after deploying a fix.
 */
import { DecisionError } from '../expr/dmn.js';
import { evaluateFeel } from '../expr/feel.js';
import type { DecisionResultMapping } from '../model/compile-decision.js';
import type { DecisionEvaluation, Decisions } from './decisions.js';
import type { JobContext, JobHandler } from './job-executor.js';

export function decisionHandler(decisions: Decisions): JobHandler {
  return async (job: JobContext) => {
    const { headers, variables } = job;
    const reference = headers.decisionId ?? '';
    const decisionId = reference.startsWith('=')
      ? String(evaluateFeel(reference.slice(1), variables).value)
      : reference;
    const version = headers.version === undefined ? undefined : Number(headers.version);
    let evaluation: DecisionEvaluation;
    try {
      evaluation = await decisions.evaluate(decisionId, variables, version);
    } catch (error) {
      const where = error instanceof DecisionError && error.elementId ? ` at '${error.elementId}'` : '';
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `decision '${decisionId}'${where} could not be evaluated: ${message}; inputs: ${inputsOf(variables)}`,
      );
    }
    const mapping = (headers.mapDecisionResult ?? 'resultList') as DecisionResultMapping;
    const value = mapResult(evaluation, mapping);
    return headers.resultVariable ? { [headers.resultVariable]: value } : {};
  };
}

/** The job's variables, cut short: enough to see which input made the decision fail. */
function inputsOf(variables: Readonly<Record<string, unknown>>): string {
  const text = JSON.stringify(variables);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

/** Camunda 7's mapDecisionResult, over the decision's rule results (rows of output name → value). */
export function mapResult(evaluation: DecisionEvaluation, mapping: DecisionResultMapping): unknown {
  const { result, shape } = evaluation;
  if (mapping === 'none') return result;
  const hits: unknown[] = shape.multiHit
    ? Array.isArray(result)
      ? result
      : []
    : result === null
      ? []
      : [result];
  const rows = hits.map((hit): Record<string, unknown> =>
    shape.outputs.length > 1 && typeof hit === 'object' && hit !== null
      ? (hit as Record<string, unknown>)
      : { [shape.outputs[0]!]: hit },
  );
  const id = evaluation.decision.decisionId;
  const single = (what: string): Record<string, unknown> | undefined => {
    if (rows.length > 1)
      throw new Error(
        `decision '${id}' matched ${rows.length} rules, but mapDecisionResult '${what}' takes at most one; use collectEntries or resultList`,
      );
    return rows[0];
  };
  const entry = (row: Record<string, unknown>, what: string): unknown => {
    const values = Object.values(row);
    if (values.length !== 1)
      throw new Error(
        `decision '${id}' has ${values.length} outputs, but mapDecisionResult '${what}' takes one; use singleResult or resultList`,
      );
    return values[0];
  };
  switch (mapping) {
    case 'singleEntry': {
      const row = single(mapping);
      return row === undefined ? null : entry(row, mapping);
    }
    case 'singleResult':
      return single(mapping) ?? null;
    case 'collectEntries':
      return rows.map((row) => entry(row, mapping));
    case 'resultList':
      return rows;
  }
}
