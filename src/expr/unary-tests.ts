/**
 * FEEL unary tests (decision table input entries, allowed values) compiled once to predicates.
 *
 * Most cells of real tables are literals, comparisons with a literal, intervals between literals
 * or lists of those (`"gold","silver"`, `>= 18`, `[1..10]`, `-`). Those become plain JavaScript
 * comparisons here without any FEEL parser: this is what lets a 1,000-rule table evaluate tens
 * of thousands of times a second. Everything else compiles through feel-compile.ts, one
 * positive test at a time, with DMN 1.3's meaning (10.3.2.9): a test that mentions `?` is a
 * boolean expression over the input; any other expression matches an input equal to its value,
 * contained in it (a list) or within it (a range).
 */
import { ExpressionError, excerpt } from './expression-error.js';
import { compileFeel, type CompileOptions, type FeelEvaluation, literalValue } from './feel-compile.js';
import { defaultFeelLibrary, type FeelLibrary, type LibraryWarning } from './feel-library.js';
import { resolvedLimits, scanSource, sourceViolation, stringEnd } from './feel-limits.js';

export interface UnaryTestResult {
  /** True when the input satisfies the tests; null when they could not be decided. */
  readonly value: boolean | null;
  readonly warnings: readonly LibraryWarning[];
}

export interface CompiledUnaryTests {
  readonly source: string;
  /** The tests are `-` (or empty): every input matches. */
  readonly anything: boolean;
  /** The tests compare with literals only; `test` then never needs the scope. */
  readonly literal: boolean;
  readonly loops: boolean;
  /** For literal tests: the match without allocating a result (the hot path of big tables). */
  readonly literalMatch?: (input: unknown) => boolean | null;
  /**
   * When the tests are nothing but literals to equal (`"gold"`, `1, 2, 3`): those values. A
   * decision table indexes such columns instead of testing rule after rule.
   */
  readonly equalTo?: readonly (string | number | boolean)[];
  /** When the tests are one numeric comparison or interval: its bounds, for inline checks. */
  readonly numberRange?: NumberRange;
  test(input: unknown, scope: Readonly<Record<string, unknown>>): UnaryTestResult;
}

export interface NumberRange {
  readonly low: number;
  readonly high: number;
  readonly lowIncluded: boolean;
  readonly highIncluded: boolean;
}

type Predicate = (
  input: unknown,
  scope: Readonly<Record<string, unknown>>,
  warnings: LibraryWarning[],
) => boolean | null;

const INPUT = 'sluice__input';
const noWarnings: readonly LibraryWarning[] = Object.freeze([]);
const always = (): UnaryTestResult => ({ value: true, warnings: noWarnings });

export function compileUnaryTests(source: string, options: CompileOptions = {}): CompiledUnaryTests {
  const limits = resolvedLimits(options.limits);
  if (source.length > limits.maxLength) {
    throw new ExpressionError(
      `unary tests are ${source.length} characters long; the limit is ${limits.maxLength}`,
      excerpt(source),
    );
  }
  const text = source.trim();
  if (text === '-' || text === '') {
    return { source, anything: true, literal: true, loops: false, literalMatch: () => true, test: always };
  }
  const scan = scanSource(text);
  const violation = sourceViolation(text, scan, limits);
  if (violation) throw new ExpressionError(violation, excerpt(source));

  const negated = negation(text);
  const body = negated ?? text;
  const parts = splitTopLevel(body);
  let literal = true;
  let loops = false;
  const predicates = parts.map((part): Predicate => {
    const fast = literalTest(part);
    if (fast) return fast;
    literal = false;
    const compiled = feelTest(part, options);
    loops ||= compiled.loops;
    return compiled.predicate;
  });
  const single = predicates.length === 1 ? predicates[0]! : undefined;
  const equalTo = negated === undefined ? equalityValues(parts) : undefined;
  const numberRange = negated === undefined && parts.length === 1 ? rangeOf(parts[0]!) : undefined;
  return {
    ...(equalTo && { equalTo }),
    ...(numberRange && { numberRange }),
    source,
    anything: false,
    literal,
    loops,
    ...(literal && { literalMatch: literalMatcher(predicates, negated !== undefined) }),
    test(input, scope) {
      const warnings: LibraryWarning[] = [];
      let matched: boolean | null = false;
      if (single) {
        matched = single(input, scope, warnings);
      } else {
        for (const predicate of predicates) {
          const result = predicate(input, scope, warnings);
          if (result === true) {
            matched = true;
            break;
          }
          if (result === null) matched = null;
        }
      }
      // As feelin does: an undecided test (null) is no match, and `not` of no match is a match.
      const value = negated === undefined ? matched : matched !== true;
      return { value, warnings: warnings.length === 0 ? noWarnings : warnings };
    },
  };
}

const noScope: Readonly<Record<string, unknown>> = Object.freeze({});

/** The bounds of a numeric literal test: `5`, `< 5`, `>= 5`, `[1..5)`; undefined for others. */
function rangeOf(part: string): NumberRange | undefined {
  const exact = literalValue(part);
  if (exact)
    return typeof exact.value === 'number'
      ? { low: exact.value, high: exact.value, lowIncluded: true, highIncluded: true }
      : undefined;
  const comparison = COMPARISON.exec(part);
  if (comparison) {
    const bound = literalValue(comparison[2]!.trim())?.value;
    if (typeof bound !== 'number') return undefined;
    switch (comparison[1]) {
      case '<':
        return { low: -Infinity, high: bound, lowIncluded: true, highIncluded: false };
      case '<=':
        return { low: -Infinity, high: bound, lowIncluded: true, highIncluded: true };
      case '>':
        return { low: bound, high: Infinity, lowIncluded: false, highIncluded: true };
      case '>=':
        return { low: bound, high: Infinity, lowIncluded: true, highIncluded: true };
      case '=':
        return { low: bound, high: bound, lowIncluded: true, highIncluded: true };
      default:
        return undefined;
    }
  }
  const interval = INTERVAL.exec(part);
  if (!interval) return undefined;
  const low = literalValue(interval[2]!)?.value;
  const high = literalValue(interval[3]!)?.value;
  if (typeof low !== 'number' || typeof high !== 'number') return undefined;
  return { low, high, lowIncluded: interval[1] === '[', highIncluded: interval[4] === ']' };
}

function equalityValues(parts: readonly string[]): (string | number | boolean)[] | undefined {
  const values: (string | number | boolean)[] = [];
  for (const part of parts) {
    const literal = literalValue(part);
    if (!literal || literal.value === null) return undefined;
    values.push(literal.value as string | number | boolean);
  }
  return values;
}

function literalMatcher(
  predicates: readonly Predicate[],
  negated: boolean,
): (input: unknown) => boolean | null {
  const sink: LibraryWarning[] = [];
  const one = predicates.length === 1 ? predicates[0]! : undefined;
  const positive = one
    ? (one as (input: unknown) => boolean | null) // literal predicates read the input only
    : (input: unknown) => {
        let matched: boolean | null = false;
        for (const predicate of predicates) {
          const result = predicate(input, noScope, sink);
          if (result === true) return true;
          if (result === null) matched = null;
        }
        return matched;
      };
  if (!negated) return positive;
  return (input) => positive(input) !== true;
}

/** The inside of `not( ... )` when the whole text is one negation. */
function negation(text: string): string | undefined {
  const match = /^not\s*\(/.exec(text);
  if (!match || !text.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = match[0].length - 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      i = stringEnd(text, i) - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i === text.length - 1 ? text.slice(match[0].length, -1) : undefined;
    }
  }
  return undefined;
}

/** Splits at commas outside strings and brackets (intervals like `]1..2[` count as brackets). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      i = stringEnd(text, i) - 1;
    } else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === '[' || c === ']') depth += intervalBracketDelta(text, i);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** `[` opens and `]` closes, except that `]` opens and `[` closes an open interval end. */
function intervalBracketDelta(text: string, i: number): number {
  const c = text[i];
  const before = text.slice(0, i).trimEnd();
  const atStart = before === '' || before.endsWith(',') || before.endsWith('(');
  if (c === ']') return atStart ? 1 : -1;
  const after = text.slice(i + 1).trimStart();
  const atEnd = after === '' || after.startsWith(',') || after.startsWith(')');
  return atEnd && /\.\.[^,]*$/.test(before) ? -1 : 1;
}

// ---- literal tests: plain comparisons, no FEEL interpreter ----

const COMPARISON = /^(<=|>=|<|>|!=|=)\s*(.+)$/s;
const INTERVAL = /^([[\](])\s*(.+?)\s*\.\.\s*(.+?)\s*([[\])])$/s;

function literalTest(part: string): Predicate | undefined {
  const exact = literalValue(part);
  if (exact) {
    const expected = exact.value;
    if (expected === null) return (input) => input === null || input === undefined;
    return (input) => input === expected;
  }
  const comparison = COMPARISON.exec(part);
  if (comparison) {
    const operand = literalValue(comparison[2]!.trim());
    if (!operand || !comparable(operand.value)) return undefined;
    return comparisonPredicate(comparison[1]!, operand.value);
  }
  const interval = INTERVAL.exec(part);
  if (interval) {
    const low = literalValue(interval[2]!);
    const high = literalValue(interval[3]!);
    if (!low || !high || !comparable(low.value) || typeof low.value !== typeof high.value) return undefined;
    return intervalPredicate(
      low.value,
      interval[1] === '[',
      high.value as number | string,
      interval[4] === ']',
    );
  }
  return undefined;
}

const comparable = (value: unknown): value is number | string =>
  typeof value === 'number' || typeof value === 'string';

function comparisonPredicate(op: string, operand: number | string): Predicate {
  const kind = typeof operand;
  // An input of another type is not comparable: FEEL says null, and null does not match.
  switch (op) {
    case '<':
      return (input) => (typeof input === kind ? (input as number) < (operand as number) : null);
    case '<=':
      return (input) => (typeof input === kind ? (input as number) <= (operand as number) : null);
    case '>':
      return (input) => (typeof input === kind ? (input as number) > (operand as number) : null);
    case '>=':
      return (input) => (typeof input === kind ? (input as number) >= (operand as number) : null);
    case '=':
      return (input) => input === operand;
    default:
      return (input) => (input === null || input === undefined ? true : input !== operand);
  }
}

function intervalPredicate(
  low: number | string,
  lowIn: boolean,
  high: number | string,
  highIn: boolean,
): Predicate {
  const kind = typeof low;
  return (input) => {
    if (typeof input !== kind) return null;
    const v = input as number;
    return (
      (lowIn ? v >= (low as number) : v > (low as number)) &&
      (highIn ? v <= (high as number) : v < (high as number))
    );
  };
}

// ---- FEEL tests: one compiled expression per positive test ----

const helpers = new WeakMap<FeelLibrary, { contains: (input: unknown, value: unknown) => FeelEvaluation }>();

/** `input = value`, `list contains(value, input)` or `input in value`, in the library's own terms. */
function membership(library: FeelLibrary) {
  let helper = helpers.get(library);
  if (!helper) {
    const compiled = compileFeel(
      `if ${INPUT}_value instance of list then list contains(${INPUT}_value, ${INPUT}) ` +
        `else if ${INPUT}_value instance of range then ${INPUT} in ${INPUT}_value ` +
        `else ${INPUT} = ${INPUT}_value`,
      { library, names: [INPUT, `${INPUT}_value`] },
    );
    helper = { contains: (input, value) => compiled.evaluate({ [INPUT]: input, [`${INPUT}_value`]: value }) };
    helpers.set(library, helper);
  }
  return helper;
}

function feelTest(part: string, options: CompileOptions): { predicate: Predicate; loops: boolean } {
  const library = options.library ?? defaultFeelLibrary;
  const names = [...(options.names ?? []), INPUT];
  const compileWith = (expression: string) => {
    try {
      return compileFeel(expression, { ...options, names });
    } catch (error) {
      if (error instanceof ExpressionError && expression !== part) {
        throw new ExpressionError(error.message.replace(expression, part), part, undefined);
      }
      throw error;
    }
  };
  const asBoolean =
    (compiled: ReturnType<typeof compileFeel>): Predicate =>
    (input, scope, warnings) => {
      const { value, warnings: w } = compiled.evaluate({ ...scope, [INPUT]: input });
      if (w.length > 0) warnings.push(...w);
      return typeof value === 'boolean' ? value : null;
    };
  const comparison = COMPARISON.exec(part);
  if (comparison) {
    const compiled = compileWith(`${INPUT} ${comparison[1]} (${comparison[2]})`);
    return { predicate: asBoolean(compiled), loops: compiled.loops };
  }
  if (INTERVAL.test(part)) {
    const compiled = compileWith(`${INPUT} in ${part}`);
    return { predicate: asBoolean(compiled), loops: compiled.loops };
  }
  const questionMarks = scanSource(part).questionMarks;
  if (questionMarks.length > 0) {
    let rewritten = '';
    let last = 0;
    for (const at of questionMarks) {
      rewritten += `${part.slice(last, at)}${INPUT}`;
      last = at + 1;
    }
    const compiled = compileWith(rewritten + part.slice(last));
    return { predicate: asBoolean(compiled), loops: compiled.loops };
  }
  const compiled = compileWith(part);
  const { contains } = membership(library);
  return {
    loops: compiled.loops,
    predicate(input, scope, warnings) {
      const { value, warnings: w } = compiled.evaluate({ ...scope, [INPUT]: input });
      if (w.length > 0) warnings.push(...w);
      if (value === null || value === undefined) return input === null || input === undefined;
      if (typeof value === 'boolean' && typeof input !== 'boolean') return value;
      const result = contains(input, value).value;
      return typeof result === 'boolean' ? result : null;
    },
  };
}
