/**
 * The DMN TCK runner. Each test folder holds a model (plus any models it imports) and
 * `*-test-*.xml` files listing input values and the expected result of each decision. A
 * result passes when the evaluated value equals the expected one; a result marked
 * `errorResult="true"` passes when evaluation fails: the decision throws, or it comes out null
 * with warnings saying why (FEEL's way of failing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DecisionError, evaluateDecision, type ParsedDmn, parseDmn } from '../../../src/expr/dmn.js';
import { compileFeel } from '../../../src/expr/feel-compile.js';
import type { FeelLibrary } from '../../../src/expr/feel-library.js';
import { describeValue } from '../../../src/expr/feel-values.js';
import { child, childrenNamed, parseXml, type XmlElement } from './tck-xml.js';

export interface TckResult {
  readonly testCase: string;
  readonly node: string;
  readonly passed: boolean;
  readonly reason?: string;
}

export interface TckFolderResult {
  readonly folder: string;
  readonly level: string;
  readonly total: number;
  readonly passed: number;
  readonly results: readonly TckResult[];
  readonly modelErrors: number;
}

export const tckRoot = new URL('../../../../shared/data/dmn-tck/TestCases/', import.meta.url).pathname;

export function tckFolders(level: string, root = tckRoot): string[] {
  const dir = join(root, level);
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

export async function runTckFolder(
  level: string,
  folder: string,
  library: FeelLibrary,
  root = tckRoot,
): Promise<TckFolderResult> {
  const dir = join(root, level, folder);
  const files = readdirSync(dir);
  const testFiles = files.filter((f) => /-test-\d+\.xml$/.test(f)).sort();
  const models = new Map(
    files.filter((f) => f.endsWith('.dmn')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
  const results: TckResult[] = [];
  let modelErrors = 0;
  for (const testFile of testFiles) {
    const doc = parseXml(readFileSync(join(dir, testFile), 'utf8'));
    const testCases = child(doc, 'testCases')!;
    const modelName = child(testCases, 'modelName')?.text.trim() ?? [...models.keys()][0]!;
    const source = models.get(modelName);
    if (source === undefined) throw new Error(`${folder}: no model ${modelName}`);
    const imports = [...models.entries()].filter(([name]) => name !== modelName).map(([, text]) => text);
    const dmn = await parseDmn(source, { library, imports });
    modelErrors += dmn.findings.filter((f) => f.severity === 'error').length;
    for (const testCase of childrenNamed(testCases, 'testCase')) {
      try {
        results.push(...runCase(dmn, testCase, library));
      } catch (error) {
        // The library cannot even build the case's values (e.g. a date it does not support).
        for (const node of childrenNamed(testCase, 'resultNode')) {
          results.push({
            testCase: testCase.attributes.id ?? '?',
            node: node.attributes.name ?? '',
            passed: false,
            reason: `cannot read the case: ${(error as Error).message}`,
          });
        }
      }
    }
  }
  return {
    folder,
    level,
    total: results.length,
    passed: results.filter((r) => r.passed).length,
    results,
    modelErrors,
  };
}

function runCase(dmn: ParsedDmn, testCase: XmlElement, library: FeelLibrary): TckResult[] {
  const id = testCase.attributes.id ?? '?';
  const inputs: Record<string, unknown> = {};
  for (const input of childrenNamed(testCase, 'inputNode'))
    inputs[input.attributes.name ?? ''] = valueOf(input, library);
  const service =
    testCase.attributes.type === 'decisionService' ? testCase.attributes.invocableName : undefined;
  return childrenNamed(testCase, 'resultNode').map((node) => {
    const name = node.attributes.name ?? '';
    const errorExpected = node.attributes.errorResult === 'true';
    const expected = valueOf(child(node, 'expected')!, library);
    let outcome: { result: unknown; warnings: readonly unknown[] };
    try {
      outcome = evaluateDecision(dmn, service ?? name, inputs, { output: 'feel' });
    } catch (error) {
      if (!(error instanceof DecisionError)) {
        return {
          testCase: id,
          node: name,
          passed: false,
          reason: `crashed: ${(error as Error).stack ?? String(error)}`,
        };
      }
      return errorExpected
        ? { testCase: id, node: name, passed: true }
        : { testCase: id, node: name, passed: false, reason: `failed: ${error.message}` };
    }
    let actual = outcome.result;
    if (service !== undefined && isContext(actual) && name in actual && serviceHasManyOutputs(dmn, service)) {
      actual = actual[name];
    }
    if (errorExpected) {
      const failed = (actual === null || actual === undefined) && outcome.warnings.length > 0;
      return failed
        ? { testCase: id, node: name, passed: true }
        : {
            testCase: id,
            node: name,
            passed: false,
            reason: `expected an error, got ${show(actual)}${outcome.warnings.length ? '' : ' without warnings'}`,
          };
    }
    return same(actual, expected, library)
      ? { testCase: id, node: name, passed: true }
      : {
          testCase: id,
          node: name,
          passed: false,
          reason: `expected ${show(expected)}, got ${show(actual)}${
            outcome.warnings.length
              ? ` (${(outcome.warnings as { message: string }[])
                  .map((w) => w.message)
                  .slice(0, 2)
                  .join('; ')})`
              : ''
          }`,
        };
  });
}

function serviceHasManyOutputs(dmn: ParsedDmn, service: string): boolean {
  const element = [...(dmn.graph?.elements.values() ?? [])].find(
    (e) => e.name === service || e.id === service,
  );
  return element?.kind === 'decision-service' && element.outputDecisions.length > 1;
}

const isContext = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

const constructors: Readonly<Record<string, string>> = {
  'xsd:date': 'date',
  'xsd:time': 'time',
  'xsd:dateTime': 'date and time',
  'xsd:duration': 'duration',
};

const convert = new Map<string, ReturnType<typeof compileFeel>>();

/** A TCK value (`<value>`, `<list>`, `<component>`s) as the library's FEEL value. */
function valueOf(holder: XmlElement, library: FeelLibrary): unknown {
  const value = child(holder, 'value');
  if (value) {
    if (value.attributes['xsi:nil'] === 'true') return null;
    const type = value.attributes['xsi:type'];
    const text = value.text;
    if (type === undefined && value.children.length > 0) return valueOf(value, library);
    switch (type) {
      case 'xsd:decimal':
      case 'xsd:double':
      case 'xsd:integer':
      case 'xsd:int':
      case 'xsd:long':
        return Number(text.trim());
      case 'xsd:boolean':
        return text.trim() === 'true';
      case undefined:
      case 'xsd:string':
        return text;
      default: {
        const name = constructors[type];
        if (!name) return text;
        const key = `${library.name}:${name}`;
        let compiled = convert.get(key);
        if (!compiled) {
          compiled = compileFeel(`${name}(text)`, { library, names: ['text'] });
          convert.set(key, compiled);
        }
        return compiled.evaluate({ text: text.trim() }).value;
      }
    }
  }
  const list = child(holder, 'list');
  if (list) return childrenNamed(list, 'item').map((item) => valueOf(item, library));
  const components = childrenNamed(holder, 'component');
  if (components.length > 0) {
    const context: Record<string, unknown> = {};
    for (const component of components)
      context[component.attributes.name ?? ''] = valueOf(component, library);
    return context;
  }
  if (holder.attributes['xsi:nil'] === 'true') return null;
  return null;
}

const equality = new Map<string, ReturnType<typeof compileFeel>>();

function same(actual: unknown, expected: unknown, library: FeelLibrary): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === 'number') {
    return (
      typeof actual === 'number' && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected))
    );
  }
  if (typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => same(actual[i], e, library))
    );
  }
  if (isContext(expected)) {
    if (!isContext(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => k in actual && same(actual[k], expected[k], library))
    );
  }
  if (library.kindOf(actual) !== library.kindOf(expected)) return false;
  if (describeValue(actual) === describeValue(expected)) return true;
  let compiled = equality.get(library.name);
  if (!compiled) {
    compiled = compileFeel('a = b', { library, names: ['a', 'b'] });
    equality.set(library.name, compiled);
  }
  return compiled.evaluate({ a: actual, b: expected }).value === true;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isContext(value))
    return describeValue(value);
  try {
    const text = JSON.stringify(value, (_k, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) && !isContext(v) ? describeValue(v) : v,
    );
    return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  } catch {
    return describeValue(value);
  }
}
