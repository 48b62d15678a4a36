/**
 * FEEL compiled once, evaluated many times. Both FEEL libraries parse the text on every call,
 * and parsing costs about half a millisecond even for `Age` (the parser is reconfigured per
 * call); their interpreters, once built, run in microseconds. Neither exposes the built
 * interpreter, but both return one for a FEEL function definition. So an expression `e` over
 * names `a, b` compiles to the FEEL value of `function(a, b) (e)` and each evaluation calls it
 * with the current values: one parse per expression for its lifetime.
 *
 * Warnings: the library collects them in the array it returned with the function value and
 * keeps appending to it on every call, so each evaluation takes what was added (`splice`).
 *
 * Literals and bare names skip the library entirely; a text the wrapper cannot carry (a name
 * that is not a valid parameter) falls back to the library's per-call evaluation.
 */
import { withinBudget, BudgetExceededError } from './feel-budget.js';
import type { FeelLibrary, LibraryWarning } from './feel-library.js';
import { defaultFeelLibrary } from './feel-library.js';
import {
  type FeelLimits,
  resolvedLimits,
  resultViolation,
  scanSource,
  type SourceScan,
  sourceViolation,
} from './feel-limits.js';
import { ExpressionError, excerpt } from './expression-error.js';

export interface CompileOptions {
  readonly library?: FeelLibrary;
  readonly limits?: FeelLimits;
  /**
   * Names the expression may refer to. Only these are passed in at evaluation; a multi-word
   * name must be here for the parser to read it as one name.
   */
  readonly names?: Iterable<string>;
}

export interface FeelEvaluation {
  readonly value: unknown;
  readonly warnings: readonly LibraryWarning[];
}

export interface CompiledFeel {
  readonly source: string;
  /** The expression can loop or recurse, so it runs under the time budget. */
  readonly loops: boolean;
  /** Set for literals: the value, whatever the scope. */
  readonly constant?: { readonly value: unknown };
  evaluate(scope: Readonly<Record<string, unknown>>): FeelEvaluation;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const PLAIN_STRING = /^"[^"\\]*"$/;
const noWarnings: readonly LibraryWarning[] = Object.freeze([]);

/** The value of a literal that needs no interpreter, or undefined. */
export function literalValue(text: string): { value: unknown } | undefined {
  if (NUMBER.test(text)) return { value: Number(text) };
  if (PLAIN_STRING.test(text)) return { value: text.slice(1, -1) };
  if (text === 'true') return { value: true };
  if (text === 'false') return { value: false };
  if (text === 'null') return { value: null };
  return undefined;
}

export function compileFeel(source: string, options: CompileOptions = {}): CompiledFeel {
  const library = options.library ?? defaultFeelLibrary;
  const limits = resolvedLimits(options.limits);
  if (source.length > limits.maxLength) {
    throw new ExpressionError(
      `expression is ${source.length} characters long; the limit is ${limits.maxLength}`,
      excerpt(source),
    );
  }
  const text = source.trim();
  if (text === '') throw new ExpressionError('expression is empty', source);
  const literal = literalValue(text);
  if (literal) return constant(source, literal.value);
  const names = new Set(options.names ?? []);
  if (names.has(text)) return lookup(source, text);

  const scan = scanSource(source);
  const violation = sourceViolation(source, scan, limits);
  if (violation) throw new ExpressionError(violation, excerpt(source));
  const run = <T>(work: () => T): T => guarded(source, scan, limits, work);
  const params = [...names].filter((name) => name !== '' && source.includes(name));
  // The wrapper closes one parenthesis around the source; text whose brackets do not pair up
  // (open intervals such as `]1..10]`, or a broken expression) could close it early and change
  // meaning, so it is interpreted as it stands instead.
  const wrapped = scan.balanced
    ? run(() => wrap(library, source, params))
    : (run(() => checkSyntax(library, source)), undefined);
  const interpret = wrapped ?? interpreted(library, source, run);
  return {
    source,
    loops: scan.loops,
    evaluate(scope) {
      const result = run(() => interpret(scope));
      const problem = resultViolation(result.value, limits);
      if (problem)
        throw new ExpressionError(`cannot evaluate '${excerpt(source)}': ${problem}`, excerpt(source));
      return result;
    },
  };
}

function constant(source: string, value: unknown): CompiledFeel {
  const result: FeelEvaluation = { value, warnings: noWarnings };
  return { source, loops: false, constant: { value }, evaluate: () => result };
}

function lookup(source: string, name: string): CompiledFeel {
  return {
    source,
    loops: false,
    evaluate(scope) {
      const value = scope[name];
      if (value !== undefined) return { value, warnings: noWarnings };
      return {
        value: null,
        warnings: [{ type: 'NO_VARIABLE_FOUND', message: `Variable '${name}' not found` }],
      };
    },
  };
}

type Interpret = (scope: Readonly<Record<string, unknown>>) => FeelEvaluation;

/** Builds the function value, or returns undefined when the wrapper does not parse. */
function wrap(library: FeelLibrary, source: string, params: readonly string[]): Interpret | undefined {
  const prefix = `function(${params.join(', ')}) (\n`;
  let definition;
  try {
    definition = library.evaluate(`${prefix}${source}\n)`, {});
  } catch (error) {
    if (library.syntaxError(error)) {
      // A syntax error in the expression itself is reported at its own offsets.
      checkSyntax(library, source);
      return undefined;
    }
    // The library folds constant calls while building (`date("-2017-01-01")`) and some throw:
    // that is the expression failing, which it will do each time it is evaluated.
    const failure = evaluationError(source, error);
    return () => {
      throw failure;
    };
  }
  const fn = definition.value;
  const collected = definition.warnings;
  if (library.kindOf(fn) !== 'function') return undefined;
  const shift = (warning: LibraryWarning): LibraryWarning =>
    warning.position
      ? {
          ...warning,
          position: { from: warning.position.from - prefix.length, to: warning.position.to - prefix.length },
        }
      : warning;
  collected.length = 0;
  return (scope) => {
    const args = params.map((name) => scope[name]);
    let invoked;
    try {
      invoked = library.invoke(fn, args);
    } catch (error) {
      collected.length = 0;
      throw evaluationError(source, error);
    }
    const warnings = collected.length === 0 ? noWarnings : collected.splice(0).map(shift);
    return { value: invoked?.value ?? null, warnings };
  };
}

function interpreted(library: FeelLibrary, source: string, run: <T>(work: () => T) => T): Interpret {
  return (scope) =>
    run(() => {
      try {
        const { value, warnings } = library.evaluate(source, { ...scope });
        return { value, warnings };
      } catch (error) {
        throw evaluationError(source, error);
      }
    });
}

/** Throws ExpressionError when the source does not parse on its own. */
function checkSyntax(library: FeelLibrary, source: string): void {
  try {
    library.evaluate(source, {});
  } catch (error) {
    const syntax = library.syntaxError(error);
    if (syntax)
      throw new ExpressionError(
        `cannot parse '${excerpt(source)}': ${syntax.message}`,
        source,
        syntax.position,
      );
  }
}

function guarded<T>(source: string, scan: SourceScan, limits: Required<FeelLimits>, work: () => T): T {
  // Parsing long text is slow in itself (about 0.15 ms per list item), so it is bounded too.
  if (!scan.loops && source.length < 2_000) return work();
  try {
    return withinBudget(limits.maxTimeMs, work);
  } catch (error) {
    if (error instanceof BudgetExceededError) {
      throw new ExpressionError(`cannot evaluate '${excerpt(source)}': ${error.message}`, excerpt(source));
    }
    throw error;
  }
}

function evaluationError(source: string, error: unknown): ExpressionError {
  if (error instanceof ExpressionError) return error;
  if (error instanceof BudgetExceededError) {
    return new ExpressionError(`cannot evaluate '${excerpt(source)}': ${error.message}`, excerpt(source));
  }
  const message =
    error instanceof RangeError && /call stack/.test(error.message)
      ? 'it recurses too deeply'
      : error instanceof Error
        ? error.message
        : String(error);
  return new ExpressionError(`cannot evaluate '${excerpt(source)}': ${message}`, excerpt(source));
}
