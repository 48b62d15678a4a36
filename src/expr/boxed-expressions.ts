/**
 * DMN boxed expressions compiled to closures over a scope: literal expressions (FEEL), decision
 * tables (decision-table.ts), contexts, invocations, function definitions, relations and lists.
 * Names are resolved at compile time as far as DMN scoping allows: a context entry sees the
 * entries before it, a function body sees its parameters and the scope it was defined in.
 */
import { compileDecisionTable } from './decision-table.js';
import type {
  BoxedExpression,
  FunctionDefinitionExpression,
  InvocationExpression,
  TypedName,
} from './dmn-model.js';
import { expressionText } from './dmn-feel.js';
import { type CompileEnv, type Compiled, ElementError, type Run, extend } from './dmn-scope.js';
import { ExpressionError } from './expression-error.js';

/** Deepest nesting of function calls (business knowledge models, FEEL functions) one evaluation allows. */
export const maxCallDepth = 200;

export function compileBoxed(
  env: CompileEnv,
  expression: BoxedExpression,
  names: readonly string[],
): Compiled {
  switch (expression.kind) {
    case 'literal': {
      const text = expressionText(env, expression.id, expression.text, names);
      if (expression.text.trim() === '') {
        env.findings.push({
          severity: 'error',
          elementId: expression.id,
          message: 'the literal expression is empty',
        });
      }
      return { loops: text.loops, evaluate: (scope, run) => text.evaluate(scope, run) };
    }
    case 'decision-table':
      return compileDecisionTable(env, expression, names);
    case 'context':
      return compileContext(env, expression.entries, names);
    case 'invocation':
      return compileInvocation(env, expression, names);
    case 'function':
      return compileFunction(env, expression, names);
    case 'relation': {
      const columns = expression.columns;
      const rows = expression.rows.map((row) => {
        if (row.cells.length !== columns.length) {
          env.findings.push({
            severity: 'error',
            elementId: row.id,
            message: `the relation row has ${row.cells.length} cells for ${columns.length} columns`,
          });
        }
        return row.cells.map((cell) => (cell ? compileBoxed(env, cell, names) : undefined));
      });
      return {
        loops: rows.some((row) => row.some((cell) => cell?.loops)),
        evaluate: (scope, run) =>
          rows.map((row) => {
            const record: Record<string, unknown> = {};
            columns.forEach(
              (column, i) =>
                (record[column.name] = typed(
                  env,
                  run,
                  expression.id,
                  column,
                  row[i]?.evaluate(scope, run) ?? null,
                )),
            );
            return record;
          }),
      };
    }
    case 'list': {
      const items = expression.items.map((item) => compileBoxed(env, item, names));
      return {
        loops: items.some((i) => i.loops),
        evaluate: (scope, run) => items.map((item) => item.evaluate(scope, run)),
      };
    }
  }
}

/** Coerces a value to a declared type; a mismatch is a warning and null, as DMN specifies. */
export function typed(
  env: CompileEnv,
  run: Run,
  elementId: string,
  declared: TypedName,
  value: unknown,
): unknown {
  const coerced = env.types.coerce(value, declared.typeRef);
  if (coerced.problem) {
    run.warnings.push({ severity: 'warning', elementId, message: `'${declared.name}': ${coerced.problem}` });
  }
  return coerced.value;
}

function compileContext(
  env: CompileEnv,
  entries: readonly { id: string; variable?: TypedName; value?: BoxedExpression }[],
  names: readonly string[],
): Compiled {
  const visible = [...names];
  let loops = false;
  const steps = entries.map((entry) => {
    // A function entry may call itself (or later entries) by name: they are in scope for it.
    const scopeNames =
      entry.value?.kind === 'function'
        ? [...visible, ...entries.flatMap((e) => (e.variable ? [e.variable.name] : []))]
        : visible;
    const compiled = entry.value ? compileBoxed(env, entry.value, [...scopeNames]) : undefined;
    if (entry.value?.kind === 'function') loops = true;
    loops ||= compiled?.loops ?? false;
    if (entry.variable) visible.push(entry.variable.name);
    return { entry, compiled };
  });
  const last = steps[steps.length - 1];
  const hasResult = last !== undefined && last.entry.variable === undefined;
  return {
    loops,
    evaluate(scope, run) {
      const local = extend(scope, {});
      const result: Record<string, unknown> = {};
      for (const { entry, compiled } of steps) {
        const value = compiled ? compiled.evaluate(local, run) : null;
        if (!entry.variable) return value;
        const checked = typed(env, run, entry.id, entry.variable, value);
        local[entry.variable.name] = checked;
        result[entry.variable.name] = checked;
      }
      return hasResult ? null : result;
    },
  };
}

function compileInvocation(
  env: CompileEnv,
  invocation: InvocationExpression,
  names: readonly string[],
): Compiled {
  const callee = expressionText(env, invocation.id, invocation.callee, names);
  const bindings = invocation.bindings.map((binding) => ({
    name: binding.parameter.name,
    compiled: binding.value ? compileBoxed(env, binding.value, names) : undefined,
  }));
  return {
    // The callee's own looping is the graph's to judge (dmn.ts): it knows which functions call others.
    loops: callee.loops || bindings.some((b) => b.compiled?.loops),
    evaluate(scope, run) {
      const fn = callee.evaluate(scope, run);
      const parameters = env.library.parameterNames(fn);
      if (!parameters) throw new ElementError(invocation.id, `'${invocation.callee}' is not a function`);
      const args: unknown[] = parameters.map(() => null);
      for (const binding of bindings) {
        const at = parameters.indexOf(binding.name);
        if (at === -1) {
          throw new ElementError(invocation.id, `'${invocation.callee}' has no parameter '${binding.name}'`);
        }
        args[at] = binding.compiled ? binding.compiled.evaluate(scope, run) : null;
      }
      return call(env, run, invocation.id, fn, args);
    },
  };
}

/** Calls a FEEL function value; library failures fail the calling element. */
export function call(
  env: CompileEnv,
  run: Run,
  elementId: string,
  fn: unknown,
  args: readonly unknown[],
): unknown {
  try {
    return env.library.invoke(fn, args)?.value ?? null;
  } catch (error) {
    if (error instanceof ElementError) throw error;
    if (error instanceof ExpressionError || error instanceof RangeError)
      throw new ElementError(elementId, error.message);
    throw error;
  }
}

export function compileFunction(
  env: CompileEnv,
  definition: FunctionDefinitionExpression,
  names: readonly string[],
): Compiled {
  const parameters = definition.parameters;
  const parameterNames = parameters.map((p) => p.name);
  if (definition.language !== 'FEEL') {
    env.findings.push({
      severity: 'warning',
      elementId: definition.id,
      message: `${definition.language} functions are not supported; calls to it evaluate to null`,
    });
  }
  const body =
    definition.body && definition.language === 'FEEL'
      ? compileBoxed(env, definition.body, [...names, ...parameterNames])
      : undefined;
  return {
    loops: body?.loops ?? false,
    evaluate(scope, run) {
      return env.library.functionValue((...args: unknown[]) => {
        if (!body) {
          run.warnings.push({
            severity: 'error',
            elementId: definition.id,
            message: `the ${definition.language} function cannot be called`,
          });
          return null;
        }
        const bound: Record<string, unknown> = {};
        for (const [i, p] of parameters.entries()) {
          const coerced = env.types.coerce(args[i] ?? null, p.typeRef);
          // DMN 1.3 10.3.2.9.4: an argument that does not conform makes the call's result null.
          if (coerced.problem) {
            run.warnings.push({
              severity: 'error',
              elementId: definition.id,
              message: `parameter '${p.name}': ${coerced.problem}`,
            });
            return null;
          }
          bound[p.name] = coerced.value;
        }
        const result = enter(run, definition.id, () => body.evaluate(extend(scope, bound), run));
        const declared = definition.body?.typeRef ?? definition.typeRef;
        return declared === undefined
          ? result
          : typed(env, run, definition.id, { name: 'result', typeRef: declared }, result);
      }, parameterNames);
    },
  };
}

/** Runs a call one level deeper, failing past maxCallDepth instead of overflowing the stack. */
export function enter<T>(run: Run, elementId: string, work: () => T): T {
  if (run.depth >= maxCallDepth)
    throw new ElementError(elementId, `calls nest deeper than ${maxCallDepth} levels`);
  run.depth++;
  try {
    return work();
  } finally {
    run.depth--;
  }
}
