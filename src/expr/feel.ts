/**
 * The FEEL adapter. Models carry no code: every condition, mapping and script is a FEEL
 * expression evaluated here with bounds on its size, nesting, list sizes and running time, so
 * that a hostile model cannot exhaust the engine (feel-limits.ts says how). Results are values
 * plus warnings, as feelin reports them.
 *
 * Each distinct expression is parsed once and kept compiled (feel-compile.ts): parsing is the
 * expensive part of FEEL, and a process evaluates the same conditions again and again.
 */
import { parseExpression } from 'feelin';
import { ExpressionError, excerpt } from './expression-error.js';
import { type CompiledFeel, compileFeel } from './feel-compile.js';
import { defaultFeelLibrary, type FeelLibrary } from './feel-library.js';
import {
  defaultFeelLimits,
  type FeelLimits,
  resolvedLimits,
  scanSource,
  sourceViolation,
} from './feel-limits.js';
import { toPlain } from './feel-values.js';

export { ExpressionError } from './expression-error.js';
export { defaultFeelLimits, type FeelLimits } from './feel-limits.js';

export interface FeelWarning {
  readonly message: string;
}

export interface FeelResult {
  readonly value: unknown;
  readonly warnings: readonly FeelWarning[];
}

/** Checks size, nesting and list literals before the parser sees the text; returns a reason or undefined. */
export function limitViolation(
  expression: string,
  limits: FeelLimits = defaultFeelLimits,
): string | undefined {
  const resolved = resolvedLimits(limits);
  if (expression.length > resolved.maxLength) {
    return `expression is ${expression.length} characters long; the limit is ${resolved.maxLength}`;
  }
  return sourceViolation(expression, scanSource(expression), resolved);
}

/** Returns why the expression does not parse, or undefined when it does. */
export function checkFeel(expression: string, limits: FeelLimits = defaultFeelLimits): string | undefined {
  const violation = limitViolation(expression, limits);
  if (violation) return violation;
  if (expression.trim() === '') return 'expression is empty';
  try {
    const tree = parseExpression(expression, {}, undefined);
    let problem: string | undefined;
    tree.iterate({
      enter(node) {
        if (problem) return false;
        if (node.type.isError) {
          problem = `FEEL syntax error at character ${node.from + 1}`;
          return false;
        }
        return undefined;
      },
    });
    return problem;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface FeelEvaluator {
  evaluate(expression: string, variables: Readonly<Record<string, unknown>>): FeelResult;
}

/**
 * An evaluator that keeps up to `cacheSize` compiled expressions (least recently used out).
 * The cache key is the text plus the variable names it mentions, since the parser reads
 * multi-word names only when it knows them.
 */
export function createFeelEvaluator(
  options: { library?: FeelLibrary; limits?: FeelLimits; cacheSize?: number } = {},
): FeelEvaluator {
  const library = options.library ?? defaultFeelLibrary;
  const limits = options.limits ?? defaultFeelLimits;
  const cacheSize = options.cacheSize ?? 2_000;
  const cache = new Map<string, CompiledFeel>();
  return {
    evaluate(expression, variables) {
      const names = Object.keys(variables).filter((name) => name !== '' && expression.includes(name));
      const key = `${expression}\u0000${names.join('\u0000')}`;
      let compiled = cache.get(key);
      if (compiled) {
        cache.delete(key);
      } else {
        compiled = compileOrThrow(expression, { library, limits, names });
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      }
      cache.set(key, compiled);
      const { value, warnings } = compiled.evaluate(variables);
      return { value: toPlain(value), warnings: warnings.map((w) => ({ message: w.message })) };
    },
  };
}

function compileOrThrow(expression: string, options: Parameters<typeof compileFeel>[1]): CompiledFeel {
  try {
    return compileFeel(expression, options);
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError(`cannot parse '${excerpt(expression)}': ${String(error)}`, expression);
  }
}

// The shared evaluator only memoizes compiled text: results do not depend on what it holds.
const evaluators = new WeakMap<FeelLimits, FeelEvaluator>();

/**
 * Evaluates an expression against variables. Throws ExpressionError for syntax errors, broken
 * limits and spent time budgets; missing variables evaluate to null with a warning, as FEEL
 * specifies.
 */
export function evaluateFeel(
  expression: string,
  variables: Readonly<Record<string, unknown>>,
  limits: FeelLimits = defaultFeelLimits,
): FeelResult {
  let evaluator = evaluators.get(limits);
  if (!evaluator) {
    evaluator = createFeelEvaluator({ limits });
    evaluators.set(limits, evaluator);
  }
  return evaluator.evaluate(expression, variables);
}
