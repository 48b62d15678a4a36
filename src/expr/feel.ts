/**
 * The FEEL adapter. Models carry no code: every condition, mapping and script is a FEEL
 * expression evaluated here with bounds on its size and nesting, so that a hostile model cannot
 * exhaust the engine. Results are values plus warnings, as feelin reports them.
 */
import { evaluate as feelEvaluate, parseExpression, SyntaxError as FeelSyntaxError } from 'feelin';

export interface FeelLimits {
  /** Longest expression source accepted, in characters. */
  readonly maxLength: number;
  /** Deepest nesting of brackets, parentheses and braces accepted. */
  readonly maxDepth: number;
}

export const defaultFeelLimits: FeelLimits = { maxLength: 16_384, maxDepth: 64 };

export interface FeelWarning {
  readonly message: string;
}

export interface FeelResult {
  readonly value: unknown;
  readonly warnings: readonly FeelWarning[];
}

/** An expression that cannot be evaluated: syntax, limits or a failing function. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly position?: { from: number; to: number },
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const opening = new Set(['(', '[', '{']);
const closing = new Set([')', ']', '}']);

/** Checks size and nesting before the parser sees the text; returns a reason or undefined. */
export function limitViolation(
  expression: string,
  limits: FeelLimits = defaultFeelLimits,
): string | undefined {
  if (expression.length > limits.maxLength) {
    return `expression is ${expression.length} characters long; the limit is ${limits.maxLength}`;
  }
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (c === '"' && expression[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (opening.has(c) && ++depth > limits.maxDepth) {
      return `expression nests deeper than ${limits.maxDepth} levels`;
    }
    if (closing.has(c)) depth--;
  }
  return undefined;
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

/**
 * Evaluates an expression against variables. Throws ExpressionError for syntax errors and
 * limit violations; missing variables evaluate to null with a warning, as FEEL specifies.
 */
export function evaluateFeel(
  expression: string,
  variables: Readonly<Record<string, unknown>>,
  limits: FeelLimits = defaultFeelLimits,
): FeelResult {
  const violation = limitViolation(expression, limits);
  if (violation) throw new ExpressionError(violation, expression);
  try {
    const { value, warnings } = feelEvaluate(expression, variables);
    return { value: toPlain(value), warnings: warnings.map((w) => ({ message: w.message })) };
  } catch (error) {
    if (error instanceof FeelSyntaxError) {
      throw new ExpressionError(`cannot parse '${expression}': ${error.message}`, expression, error.position);
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new ExpressionError(`cannot evaluate '${expression}': ${message}`, expression);
  }
}

/** FEEL temporal values become ISO strings so that results store as JSON. */
function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return json.call(value);
  return Object.prototype.toString.call(value);
}
