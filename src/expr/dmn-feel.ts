/**
 * FEEL text inside a DMN model, compiled once when the model is read. A text that does not
 * parse, or breaks a limit, becomes an error finding on its element; evaluating it later fails
 * that element instead of throwing from deep inside a table.
 */
import { type CompileEnv, ElementError, type Run, type Scope, addWarnings } from './dmn-scope.js';
import { ExpressionError } from './expression-error.js';
import { compileFeel, type CompiledFeel } from './feel-compile.js';
import { type CompiledUnaryTests, compileUnaryTests } from './unary-tests.js';

export interface ExpressionText {
  readonly loops: boolean;
  /** A constant: the same value whatever the scope (literals). */
  readonly constant?: { readonly value: unknown };
  evaluate(scope: Scope, run: Run): unknown;
}

export interface TestsText {
  readonly loops: boolean;
  readonly compiled?: CompiledUnaryTests;
  matches(input: unknown, scope: Scope, run: Run): boolean | null;
}

export function expressionText(
  env: CompileEnv,
  elementId: string,
  text: string,
  names: Iterable<string>,
): ExpressionText {
  let compiled: CompiledFeel;
  try {
    compiled = compileFeel(text, { library: env.library, limits: env.limits, names });
  } catch (error) {
    return failing(env, elementId, error);
  }
  return {
    loops: compiled.loops,
    ...(compiled.constant && { constant: compiled.constant }),
    evaluate(scope, run) {
      let result;
      try {
        result = compiled.evaluate(scope);
      } catch (error) {
        throw asElementError(elementId, error);
      }
      if (result.warnings.length > 0) addWarnings(run, elementId, result.warnings);
      return result.value;
    },
  };
}

export function testsText(
  env: CompileEnv,
  elementId: string,
  text: string,
  names: Iterable<string>,
): TestsText {
  let compiled: CompiledUnaryTests;
  try {
    compiled = compileUnaryTests(text, { library: env.library, limits: env.limits, names });
  } catch (error) {
    const failed = failing(env, elementId, error);
    return { loops: false, matches: (_input, scope, run) => failed.evaluate(scope, run) as null };
  }
  return {
    loops: compiled.loops,
    compiled,
    matches(input, scope, run) {
      let result;
      try {
        result = compiled.test(input, scope);
      } catch (error) {
        throw asElementError(elementId, error);
      }
      if (result.warnings.length > 0) addWarnings(run, elementId, result.warnings);
      return result.value;
    },
  };
}

function failing(env: CompileEnv, elementId: string, error: unknown): ExpressionText {
  if (!(error instanceof ExpressionError)) throw error;
  env.findings.push({ severity: 'error', elementId, message: error.message });
  return {
    loops: false,
    evaluate() {
      throw new ElementError(elementId, error.message);
    },
  };
}

function asElementError(elementId: string, error: unknown): Error {
  if (error instanceof ElementError) return error;
  if (error instanceof ExpressionError) return new ElementError(elementId, error.message);
  return error instanceof Error ? error : new Error(String(error));
}
