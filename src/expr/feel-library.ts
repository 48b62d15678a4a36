/**
 * The FEEL interpreters Sluice can run on, behind one small interface. Two libraries implement
 * FEEL in JavaScript: `feelin` (upstream, Temporal-based) and `@bpmn-io/feelin` (the fork
 * bpmn-io ships, luxon-based). The DMN TCK chose between them (docs/dmn-tck.md); the other stays
 * selectable so that the comparison can be rerun when either releases.
 */
import * as bpmnIoFeelin from '@bpmn-io/feelin';
import * as feelin from 'feelin';
import { DateTime, Duration, FixedOffsetZone } from 'luxon';

export type FeelLibraryName = 'feelin' | '@bpmn-io/feelin';

/** The FEEL type of a value, as `instance of` and item definitions name types. */
export type FeelKind =
  | 'null'
  | 'number'
  | 'string'
  | 'boolean'
  | 'date'
  | 'time'
  | 'date and time'
  | 'years and months duration'
  | 'days and time duration'
  | 'list'
  | 'context'
  | 'range'
  | 'function'
  | 'other';

export interface LibraryWarning {
  readonly type: string;
  readonly message: string;
  readonly position?: { from: number; to: number };
}

export interface LibraryResult {
  readonly value: unknown;
  readonly warnings: LibraryWarning[];
}

export interface FeelLibrary {
  readonly name: FeelLibraryName;
  evaluate(expression: string, context: Record<string, unknown>): LibraryResult;
  unaryTest(expression: string, context: Record<string, unknown>): LibraryResult;
  /** A syntax error the library threw, as message and position; undefined for other errors. */
  syntaxError(error: unknown): { message: string; position?: { from: number; to: number } } | undefined;
  kindOf(value: unknown): FeelKind;
  /** A FEEL function value that calls `fn` with positional arguments. */
  functionValue(fn: (...args: unknown[]) => unknown, parameterNames: readonly string[]): unknown;
  /** Calls a FEEL function value with positional arguments; undefined if it is not a function. */
  invoke(fn: unknown, args: readonly unknown[]): { value: unknown } | undefined;
  /** The parameter names of a FEEL function value (for named invocation). */
  parameterNames(fn: unknown): readonly string[] | undefined;
}

interface WrappedFunction {
  fn: (...args: unknown[]) => unknown;
  parameterNames: string[];
}

const isWrappedFunction = (value: unknown): value is WrappedFunction =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as { fn?: unknown }).fn === 'function' &&
  Array.isArray((value as { parameterNames?: unknown }).parameterNames);

/** A plain JS function carries its FEEL parameter names in `$args`, which both libraries read. */
function annotated(fn: (...args: unknown[]) => unknown, parameterNames: readonly string[]): unknown {
  return Object.assign(fn, { $args: [...parameterNames] });
}

function invokeValue(fn: unknown, args: readonly unknown[]): { value: unknown } | undefined {
  if (isWrappedFunction(fn)) return { value: fn.fn(...args) };
  if (typeof fn === 'function') return { value: (fn as (...a: unknown[]) => unknown)(...args) };
  return undefined;
}

function parameterNamesOf(fn: unknown): readonly string[] | undefined {
  if (isWrappedFunction(fn)) return fn.parameterNames;
  if (typeof fn === 'function') {
    const names = (fn as { $args?: unknown }).$args;
    return Array.isArray(names) ? (names as string[]) : undefined;
  }
  return undefined;
}

function baseKind(value: unknown): FeelKind | undefined {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function' || isWrappedFunction(value)) return 'function';
  if (Object.getPrototypeOf(value) === Object.prototype) return 'context';
  return undefined;
}

function syntaxErrorOf(
  error: unknown,
  type: abstract new (...args: never[]) => Error,
): { message: string; position?: { from: number; to: number } } | undefined {
  if (!(error instanceof type)) return undefined;
  const position = (error as { position?: { from: number; to: number } }).position;
  return { message: error.message, ...(position && { position }) };
}

export const feelinLibrary: FeelLibrary = {
  name: 'feelin',
  evaluate: (expression, context) => feelin.evaluate(expression, context),
  unaryTest: (expression, context) => feelin.unaryTest(expression, context),
  syntaxError: (error) => syntaxErrorOf(error, feelin.SyntaxError),
  kindOf(value) {
    const kind = baseKind(value);
    if (kind) return kind;
    if (value instanceof feelin.FeelDate) return 'date';
    if (value instanceof feelin.FeelTime) return 'time';
    if (value instanceof feelin.FeelDateTime) return 'date and time';
    if (value instanceof feelin.FeelDuration) {
      return (value as { yearsMonths: boolean }).yearsMonths
        ? 'years and months duration'
        : 'days and time duration';
    }
    if (feelin.isRange(value)) return 'range';
    if (feelin.isFunction(value)) return 'function';
    return 'other';
  },
  // Builtins that take functions (sort's `precedes`) accept only the library's own function type.
  functionValue: (fn, parameterNames) => new feelin.FeelFunction(fn, [...parameterNames]),
  invoke: invokeValue,
  parameterNames: parameterNamesOf,
};

/** @bpmn-io/feelin keeps every temporal value in a luxon DateTime and tells them apart by shape. */
function luxonKind(value: unknown): FeelKind | undefined {
  if (Duration.isDuration(value)) {
    const d = value.shiftToAll();
    return d.days !== 0 || d.hours !== 0 || d.minutes !== 0 || d.seconds !== 0 || d.milliseconds !== 0
      ? 'days and time duration'
      : 'years and months duration';
  }
  if (DateTime.isDateTime(value)) {
    if (value.year === 1900 && value.month === 1 && value.day === 1) return 'time';
    const midnight = value.hour === 0 && value.minute === 0 && value.second === 0 && value.millisecond === 0;
    return midnight && value.zone === FixedOffsetZone.utcInstance ? 'date' : 'date and time';
  }
  return undefined;
}

export const bpmnIoFeelinLibrary: FeelLibrary = {
  name: '@bpmn-io/feelin',
  evaluate: (expression, context) => bpmnIoFeelin.evaluate(expression, context),
  unaryTest: (expression, context) => bpmnIoFeelin.unaryTest(expression, context),
  syntaxError: (error) => syntaxErrorOf(error, bpmnIoFeelin.SyntaxError),
  kindOf(value) {
    const kind = baseKind(value) ?? luxonKind(value);
    if (kind) return kind;
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name === 'Range' ? 'range' : 'other';
  },
  functionValue: annotated,
  invoke: invokeValue,
  parameterNames: parameterNamesOf,
};

export const feelLibraries: Readonly<Record<FeelLibraryName, FeelLibrary>> = {
  feelin: feelinLibrary,
  '@bpmn-io/feelin': bpmnIoFeelinLibrary,
};

/** The library the DMN TCK chose (docs/dmn-tck.md has the numbers). */
export const defaultFeelLibrary: FeelLibrary = feelinLibrary;
