/**
 * Decision tables, compiled once: every input expression, input entry, output entry, default
 * and output value list is parsed when the model is read, and literal cells become plain
 * comparisons (unary-tests.ts). Evaluation walks the rules column by column and stops at the
 * first failing cell; FIRST stops at the first matching rule and UNIQUE at the second.
 *
 * Hit policies follow DMN 1.3 (8.2.11): UNIQUE and ANY fail on conflicting matches, PRIORITY
 * and OUTPUT ORDER rank by the order of each output's output values, COLLECT aggregates one
 * output with SUM, MIN, MAX or COUNT. With no match a table gives its default outputs, else
 * null (single hit) or an empty list (multiple hits, no aggregation).
 */
import type { DecisionTableModel, OutputClause } from './dmn-model.js';
import { expressionText, type ExpressionText, testsText, type TestsText } from './dmn-feel.js';
import { type CompileEnv, type Compiled, ElementError, type Run, type Scope } from './dmn-scope.js';
import { literalValue } from './feel-compile.js';
import { type NumberRange, splitTopLevel } from './unary-tests.js';

type Check = (input: unknown, scope: Scope, run: Run) => boolean | null;

/** How a cell is checked: inline numeric bounds, inline equality, or a call. */
const inlineRange = 1;
const inlineEqual = 2;
const called = 0;

interface CompiledOutput {
  readonly clause: OutputClause;
  readonly name: string;
  readonly allowed?: TestsText;
  /** Output values in priority order (first is highest), for PRIORITY and OUTPUT ORDER. */
  readonly priorities: readonly unknown[];
  readonly defaultValue?: ExpressionText;
}

export function compileDecisionTable(
  env: CompileEnv,
  table: DecisionTableModel,
  names: readonly string[],
): Compiled {
  let loops = false;
  const note = <T extends { loops: boolean }>(compiled: T): T => {
    loops ||= compiled.loops;
    return compiled;
  };
  const inputs = table.inputs.map((input) =>
    note(expressionText(env, input.expression.id, input.expression.text, names)),
  );
  const inputAllowed = table.inputs.map((input) =>
    input.inputValues && input.inputValues.text.trim() !== ''
      ? note(testsText(env, input.id, input.inputValues.text, names))
      : undefined,
  );
  const outputs = table.outputs.map((clause, index): CompiledOutput => {
    const allowed =
      clause.outputValues && clause.outputValues.text.trim() !== ''
        ? note(testsText(env, clause.id, clause.outputValues.text, names))
        : undefined;
    const defaultValue = clause.defaultOutput
      ? note(expressionText(env, clause.defaultOutput.id, clause.defaultOutput.text, names))
      : undefined;
    return {
      clause,
      name: clause.name ?? `output${index + 1}`,
      priorities: clause.outputValues ? priorityList(clause.outputValues.text) : [],
      ...(allowed && { allowed }),
      ...(defaultValue && { defaultValue }),
    };
  });

  // Rule r's checks are checkColumn/checkTest[ruleStart[r] .. ruleStart[r + 1]): `-` cells are left out.
  const ruleStart: number[] = [];
  const checkColumn: number[] = [];
  const checkTest: Check[] = [];
  const ruleOutputs: ExpressionText[][] = [];
  const checkKind: number[] = [];
  const checkLow: number[] = [];
  const checkHigh: number[] = [];
  const checkBounds: number[] = [];
  const checkEqual: unknown[] = [];
  // Per column: the literal values its cells test for equality, by rule (undefined: another test).
  const equalities: (readonly (string | number | boolean)[] | undefined)[][] = inputs.map(() => []);
  // Per column: the numeric range each rule's cell tests (undefined: another test, or `-`).
  const ranges: (NumberRange | undefined)[][] = inputs.map(() => []);
  for (const rule of table.rules) {
    ruleStart.push(checkColumn.length);
    for (let column = 0; column < inputs.length; column++) {
      const entry = rule.inputEntries[column];
      const tests = entry ? note(testsText(env, entry.id, entry.text, names)) : undefined;
      const compiled = tests?.compiled;
      equalities[column]!.push(compiled?.equalTo);
      ranges[column]!.push(compiled?.anything ? undefined : compiled?.numberRange);
      if (!tests || compiled?.anything) continue;
      checkColumn.push(column);
      checkTest.push(compiled?.literalMatch ?? ((input, scope, run) => tests.matches(input, scope, run)));
      // Numeric comparisons and single literals are checked inline, without a call.
      const range = compiled?.numberRange;
      const single = compiled?.equalTo?.length === 1 ? compiled.equalTo[0] : undefined;
      checkKind.push(range ? inlineRange : single !== undefined ? inlineEqual : called);
      checkLow.push(range ? range.low : 0);
      checkHigh.push(range ? range.high : 0);
      checkBounds.push(range ? (range.lowIncluded ? 1 : 0) | (range.highIncluded ? 2 : 0) : 0);
      checkEqual.push(single);
    }
    ruleOutputs.push(
      outputs.map((_, i) => {
        const entry = rule.outputEntries[i];
        return entry ? note(expressionText(env, entry.id, entry.text, names)) : nullOutput;
      }),
    );
  }
  ruleStart.push(checkColumn.length);
  const indexes = equalities.map((cells) => columnIndex(cells, table.rules.length));
  const rangeIndexes = ranges.map((cells, i) => (indexes[i] ? undefined : rangeIndex(cells)));
  const plan: RulePlan = {
    starts: Int32Array.from(ruleStart),
    columns: Int32Array.from(checkColumn),
    kinds: Uint8Array.from(checkKind),
    lows: Float64Array.from(checkLow),
    highs: Float64Array.from(checkHigh),
    bounds: Uint8Array.from(checkBounds),
    equal: checkEqual,
    tests: checkTest,
  };

  const { hitPolicy, aggregation } = table;
  const single =
    hitPolicy === 'UNIQUE' || hitPolicy === 'FIRST' || hitPolicy === 'PRIORITY' || hitPolicy === 'ANY';
  const ruleCount = table.rules.length;

  const rowValue = (row: readonly unknown[]): unknown => {
    if (outputs.length === 1) return row[0];
    const context: Record<string, unknown> = {};
    outputs.forEach((o, i) => (context[o.name] = row[i]));
    return context;
  };

  const outputRow = (rule: number, scope: Scope, run: Run): unknown[] =>
    ruleOutputs[rule]!.map((entry, i) =>
      checkOutput(
        outputs[i]!,
        entry.constant ? entry.constant.value : entry.evaluate(scope, run),
        scope,
        run,
      ),
    );

  const checkOutput = (output: CompiledOutput, value: unknown, scope: Scope, run: Run): unknown => {
    const coerced = env.types.coerce(value, output.clause.typeRef);
    if (coerced.problem)
      run.warnings.push({ severity: 'warning', elementId: output.clause.id, message: coerced.problem });
    if (
      output.allowed &&
      coerced.value !== null &&
      output.allowed.matches(coerced.value, scope, run) !== true
    ) {
      throw new ElementError(
        output.clause.id,
        `output '${output.name}' is ${describe(coerced.value)}, which is not among its output values`,
      );
    }
    return coerced.value;
  };

  const evaluate = (scope: Scope, run: Run): unknown => {
    const values: unknown[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const value = inputs[i]!.evaluate(scope, run);
      values.push(value);
      const allowed = inputAllowed[i];
      if (allowed && value !== null && value !== undefined && allowed.matches(value, scope, run) !== true) {
        throw new ElementError(
          table.inputs[i]!.id,
          `input '${table.inputs[i]!.label ?? table.inputs[i]!.expression.text}' is ${describe(value)}, which is not among its input values`,
        );
      }
    }
    // The indexed column that leaves the fewest rules to test; without one, every rule.
    let candidates: readonly number[] | undefined;
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i];
      const rules = index ? equalCandidates(index, values[i]) : rangeCandidates(rangeIndexes[i], values[i]);
      if (rules && (!candidates || rules.length < candidates.length)) candidates = rules;
    }
    const matched: number[] = [];
    const count = candidates ? candidates.length : ruleCount;
    for (let at = 0; at < count; at++) {
      const rule = candidates ? candidates[at]! : at;
      if (!ruleMatches(plan, rule, values, scope, run)) continue;
      matched.push(rule);
      if (hitPolicy === 'FIRST') break;
      if (hitPolicy === 'UNIQUE' && matched.length > 1) {
        throw new ElementError(
          table.id,
          `hit policy UNIQUE: rules ${matched.map((r) => r + 1).join(' and ')} both match (${table.rules[matched[0]!]!.id}, ${table.rules[rule]!.id})`,
        );
      }
    }
    if (matched.length === 0) return noMatch(scope, run);
    const rows = matched.map((rule) => outputRow(rule, scope, run));
    switch (hitPolicy) {
      case 'UNIQUE':
      case 'FIRST':
        return rowValue(rows[0]!);
      case 'ANY': {
        const first = JSON.stringify(rows[0]);
        const other = rows.findIndex((row) => JSON.stringify(row) !== first);
        if (other !== -1) {
          throw new ElementError(
            table.id,
            `hit policy ANY: rules ${matched[0]! + 1} and ${matched[other]! + 1} match with different outputs`,
          );
        }
        return rowValue(rows[0]!);
      }
      case 'PRIORITY':
        return rowValue(byPriority(rows, outputs)[0]!);
      case 'OUTPUT ORDER':
        return byPriority(rows, outputs).map(rowValue);
      case 'RULE ORDER':
        return rows.map(rowValue);
      case 'COLLECT':
        return aggregation
          ? aggregate(
              table,
              aggregation,
              rows.map((row) => row[0]),
            )
          : rows.map(rowValue);
    }
  };

  const noMatch = (scope: Scope, run: Run): unknown => {
    if (outputs.some((o) => o.defaultValue)) {
      const row = outputs.map((o) =>
        o.defaultValue ? checkOutput(o, o.defaultValue.evaluate(scope, run), scope, run) : null,
      );
      return single ? rowValue(row) : [rowValue(row)];
    }
    if (single) return null;
    if (aggregation === 'COUNT') return 0;
    return aggregation ? null : [];
  };

  return { evaluate, loops };
}

/**
 * The input checks of all rules, flattened: rule r's checks are starts[r] .. starts[r + 1].
 * Typed arrays keep the hot loop on unboxed numbers, and a small function of its own lets the
 * JIT optimise it apart from the rest of the evaluation.
 */
interface RulePlan {
  readonly starts: Int32Array;
  readonly columns: Int32Array;
  readonly kinds: Uint8Array;
  readonly lows: Float64Array;
  readonly highs: Float64Array;
  /** Bit 1: low bound included; bit 2: high bound included. */
  readonly bounds: Uint8Array;
  readonly equal: readonly unknown[];
  readonly tests: readonly Check[];
}

function ruleMatches(
  plan: RulePlan,
  rule: number,
  values: readonly unknown[],
  scope: Scope,
  run: Run,
): boolean {
  for (let c = plan.starts[rule]!, end = plan.starts[rule + 1]!; c < end; c++) {
    const value = values[plan.columns[c]!];
    const kind = plan.kinds[c];
    if (kind === inlineRange) {
      if (typeof value !== 'number') return false;
      const low = plan.lows[c]!;
      const high = plan.highs[c]!;
      if (value < low || value > high) return false;
      if ((value === low && !(plan.bounds[c]! & 1)) || (value === high && !(plan.bounds[c]! & 2)))
        return false;
    } else if (kind === inlineEqual) {
      if (value !== plan.equal[c]) return false;
    } else if (plan.tests[c]!(value, scope, run) !== true) {
      return false;
    }
  }
  return true;
}

interface ColumnIndex {
  /** Rules whose cell in the column equals the value, in rule order. */
  readonly byValue: ReadonlyMap<string | number | boolean, readonly number[]>;
  /** Rules whose cell is another test (or `-`): they stay candidates whatever the value. */
  readonly others: readonly number[];
}

/** An index for a column most of whose cells test equality with literals; else undefined. */
function columnIndex(
  cells: readonly (readonly (string | number | boolean)[] | undefined)[],
  rules: number,
): ColumnIndex | undefined {
  const others: number[] = [];
  const byValue = new Map<string | number | boolean, number[]>();
  cells.forEach((values, rule) => {
    if (!values) {
      others.push(rule);
      return;
    }
    for (const value of values) {
      const list = byValue.get(value);
      if (!list) byValue.set(value, [rule]);
      else if (list[list.length - 1] !== rule) list.push(rule);
    }
  });
  // Worth it only when a value narrows the rules down well.
  return rules >= 8 && others.length * 2 <= rules ? { byValue, others } : undefined;
}

function equalCandidates(index: ColumnIndex, value: unknown): readonly number[] {
  const equal = index.byValue.get(value as string | number | boolean);
  if (equal === undefined) return index.others;
  return index.others.length === 0 ? equal : merged(equal, index.others);
}

/**
 * An interval index: the distinct bounds of a column's numeric ranges, sorted, cut the number
 * line into points and the open gaps between them; each holds the rules whose range covers it.
 * A value finds its point or gap by binary search, so a table of ranges tests only the rules
 * that can match instead of every rule.
 */
interface RangeIndex {
  readonly points: Float64Array;
  /** Rules whose range holds points[k]. */
  readonly at: readonly (readonly number[])[];
  /** Rules whose range holds the gap below points[k] (k = points.length: above the last). */
  readonly below: readonly (readonly number[])[];
  /** Rules whose cell is another test (or `-`): they stay candidates whatever the value. */
  readonly others: readonly number[];
}

/** Kept only when most cells are ranges and the lists stay small (ranges that overlap a lot gain little). */
function rangeIndex(cells: readonly (NumberRange | undefined)[]): RangeIndex | undefined {
  const rules = cells.length;
  const others = cells.flatMap((cell, rule) => (cell ? [] : [rule]));
  if (rules < 8 || others.length * 2 > rules) return undefined;
  const points = Float64Array.from(new Set(cells.flatMap((c) => (c ? [c.low, c.high] : [])))).sort();
  const position = (bound: number): number => lowerBound(points, bound);
  let size = 0;
  for (const cell of cells) if (cell) size += 2 * (position(cell.high) - position(cell.low)) + 1;
  if (size > rules * 32) return undefined;
  const at: number[][] = Array.from({ length: points.length }, () => []);
  const below: number[][] = Array.from({ length: points.length + 1 }, () => []);
  cells.forEach((cell, rule) => {
    if (!cell) return;
    const low = position(cell.low);
    const high = position(cell.high);
    if (cell.lowIncluded && (low < high || cell.highIncluded)) at[low]!.push(rule);
    for (let k = low + 1; k <= high; k++) {
      below[k]!.push(rule);
      if (k < high || cell.highIncluded) at[k]!.push(rule);
    }
  });
  return { points, at, below, others };
}

function rangeCandidates(index: RangeIndex | undefined, value: unknown): readonly number[] | undefined {
  if (!index) return undefined;
  // A range cell matches numbers only (as ruleMatches checks it).
  if (typeof value !== 'number') return index.others;
  if (Number.isNaN(value)) return undefined;
  const k = lowerBound(index.points, value);
  const covering = k < index.points.length && index.points[k] === value ? index.at[k]! : index.below[k]!;
  return index.others.length === 0 ? covering : merged(covering, index.others);
}

/** The first position whose point is not below `value`. */
function lowerBound(points: Float64Array, value: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Two ascending lists of rule numbers as one. */
function merged(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

const nullOutput: ExpressionText = { loops: false, constant: { value: null }, evaluate: () => null };

/** The output values of an output clause as values, in their order: literals only. */
function priorityList(text: string): unknown[] {
  return splitTopLevel(text.trim()).map((part) => literalValue(part)?.value);
}

function byPriority(rows: readonly unknown[][], outputs: readonly CompiledOutput[]): unknown[][] {
  const rank = (row: readonly unknown[]): number[] =>
    outputs.map((o, i) => {
      const at = o.priorities.indexOf(row[i]);
      return at === -1 ? Number.MAX_SAFE_INTEGER : at;
    });
  const ranked = rows.map((row, order) => ({ row, order, rank: rank(row) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i]! - b.rank[i]!;
    return a.order - b.order;
  });
  return ranked.map((r) => r.row);
}

function aggregate(table: DecisionTableModel, aggregation: string, values: readonly unknown[]): unknown {
  if (aggregation === 'COUNT') return values.length;
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return null;
  if (aggregation === 'SUM') {
    if (!present.every((v) => typeof v === 'number')) {
      throw new ElementError(table.id, 'SUM aggregates numbers only');
    }
    return present.reduce((a, b) => a + b, 0);
  }
  const kind = typeof present[0];
  if ((kind !== 'number' && kind !== 'string') || !present.every((v) => typeof v === kind)) {
    throw new ElementError(table.id, `${aggregation} aggregates numbers or strings of one type only`);
  }
  const sorted = [...(present as (number | string)[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return aggregation === 'MIN' ? sorted[0] : sorted[sorted.length - 1];
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 39)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}
