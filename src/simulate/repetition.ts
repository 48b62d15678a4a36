/**
 * How many times a multi-instance activity or a standard loop runs in one case. The scenario's
 * `instances` (a generated collection size) wins; otherwise the model's own cardinality, the
 * size of its collection in the case data, or its loop condition decides, evaluated as the
 * engine evaluates it (loopCounter counts finished runs; `maximum` caps them). Case data does
 * not change while a case runs in the simulator, so the count is known when the activity starts.
 */
import { SluiceError } from '../engine/errors.js';
import { evaluateFeel } from '../expr/feel.js';
import { type FlowElement, isActivity } from '../model/graph.js';
import type { Uniform } from './distributions.js';
import { dataDraw } from './case-source.js';
import type { DataSpec } from './scenario.js';

export interface Repetition {
  /** Instances at once (parallel multi-instance) or one after another (sequential, loop). */
  readonly parallel: boolean;
  readonly count: (vars: Readonly<Record<string, unknown>>, random: Uniform) => number;
}

/** A loop that still holds after this many runs is an error, not a long wait. */
const MAX_RUNS = 10_000;

export function repetition(element: FlowElement, instances: DataSpec | undefined): Repetition | undefined {
  if (!isActivity(element) || (!element.multiInstance && !element.loop)) return undefined;
  const where = `activities.${element.id}.instances`;
  const parallel = element.multiInstance !== undefined && !element.multiInstance.sequential;
  if (instances) {
    const draw = dataDraw(instances, where);
    return { parallel, count: (_, random) => Math.max(0, Math.round(Number(draw(random)))) };
  }
  const evaluate = (expression: string, vars: Readonly<Record<string, unknown>>): unknown => {
    try {
      return evaluateFeel(expression, vars).value;
    } catch (error) {
      throw new SluiceError(
        'invalid',
        'condition-failed',
        `'${expression}' of '${element.id}' failed on the generated case data: ${(error as Error).message}`,
        `generate the variables it reads under "data", or give ${where}`,
      );
    }
  };
  const mi = element.multiInstance;
  if (mi) {
    const expression = mi.collection ?? mi.cardinality ?? '0';
    return {
      parallel,
      count: (vars) => {
        const value = evaluate(expression, vars);
        const n = Array.isArray(value) ? value.length : value;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
          throw new SluiceError(
            'invalid',
            'scenario-invalid',
            `the multi-instance '${expression}' of '${element.id}' gives ${JSON.stringify(value)} on the generated case data, not a list or a whole number`,
            `generate the collection under "data", or give ${where} (how many instances)`,
          );
        return n;
      },
    };
  }
  const loop = element.loop!;
  const holds = (vars: Readonly<Record<string, unknown>>, loopCounter: number): boolean =>
    evaluate(loop.condition, { ...vars, loopCounter }) === true;
  return {
    parallel: false,
    count: (vars) => {
      if (loop.testBefore && !holds(vars, 0)) return 0;
      let runs = 1;
      while ((loop.maximum === undefined || runs < loop.maximum) && holds(vars, runs)) {
        if (++runs > MAX_RUNS)
          throw new SluiceError(
            'invalid',
            'scenario-invalid',
            `the loop '${element.id}' still holds after ${MAX_RUNS} runs on the generated case data`,
            `give the loop a maximum, or ${where} (how many runs)`,
          );
      }
      return runs;
    },
  };
}
