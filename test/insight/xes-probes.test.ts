/**
 * The 71 importer probes: small XES files, valid and invalid, each testing one rule of IEEE
 * 1849-2016. A valid file imports (with the warnings listed, when it bends a rule real logs
 * bend too); an invalid one is refused with an error that names the problem and its line,
 * and nothing crashes. Why each rule is an error or a warning is in src/insight/xes-schema.ts
 * and docs/insight.md.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLogImportError } from '../../src/insight/log-findings.js';
import { importXesFile } from '../../src/insight/xes-import.js';
import { haveLogs, probesDir } from './log-files.js';

/** [file, 'imports', ...warning codes] or [file, error code, line]. */
type Expected = readonly [string, 'imports', ...string[]] | readonly [string, string, number];

const EXPECTED: readonly Expected[] = [
  ['attributeEventSwapped', 'out-of-order', 4],
  ['attributeTraceSwapped', 'out-of-order', 4],
  ['attributeValuesSwapped', 'out-of-order', 4],
  ['booleanCorrectValue', 'imports'],
  ['booleanIncorrectValue', 'invalid-value', 13],
  ['classifierAttributeSwapped', 'imports', 'header-order'],
  ['classifierCorrectAttributes', 'imports'],
  ['classifierEmptyKeys', 'empty-classifier', 8],
  ['classifierEventCorrectAttributes', 'imports'],
  ['classifierEventSwapped', 'out-of-order', 9],
  ['classifierIncorrectKey', 'imports', 'classifier-key-not-global'],
  ['classifierIncorrectScope', 'invalid-scope', 8],
  ['classifierNoAttributes', 'missing-attribute', 8],
  ['classifierTooManyAttributes', 'imports', 'unknown-xml-attribute'],
  ['classifierTraceCorrectAttributes', 'imports'],
  ['classifierTraceSwapped', 'out-of-order', 7],
  ['dateCorrectValue', 'imports'],
  ['dateIncorrectValue', 'invalid-value', 13],
  ['dateNoTZD', 'imports'],
  ['elementIncorrect', 'unknown-element', 15],
  ['eventCorrectAttributes', 'imports', 'events-outside-traces'],
  ['eventIdenticalAttributes', 'duplicate-key', 10],
  ['eventIncorrectType', 'imports', 'events-outside-traces', 'type-mismatch'],
  ['eventTooManyAttributes', 'imports', 'events-outside-traces', 'unknown-xml-attribute'],
  ['extensionAttributeSwapped', 'imports', 'header-order'],
  ['extensionClassifierSwapped', 'imports', 'header-order'],
  ['extensionCorrectAttributes', 'imports'],
  ['extensionEventSwapped', 'out-of-order', 3],
  ['extensionGlobalSwapped', 'imports', 'header-order'],
  ['extensionIncorrectKey', 'imports', 'unknown-extension-key'],
  ['extensionNoAttributes', 'missing-attribute', 2],
  ['extensionNotDeclared', 'imports', 'undeclared-extension'],
  ['extensionStandard', 'imports'],
  ['extensionTooManyAttributes', 'imports', 'unknown-xml-attribute'],
  ['extensionTraceSwapped', 'out-of-order', 3],
  ['globalAttributeSwapped', 'imports', 'header-order'],
  ['globalClassifierSwapped', 'imports', 'header-order'],
  ['globalEventStringCorrectAttributes', 'imports'],
  ['globalEventSwapped', 'out-of-order', 6],
  ['globalIncorrectScope', 'invalid-scope', 3],
  ['globalNoAttributes', 'imports'],
  ['globalStringCorrectAttributes', 'imports'],
  ['globalStringNoAttributes', 'missing-attribute', 4],
  ['globalStringTooManyAttributes', 'imports', 'unknown-xml-attribute'],
  ['globalTooManyAttributes', 'imports', 'unknown-xml-attribute'],
  ['globalTraceStringCorrectAttributes', 'imports'],
  ['globalTraceSwapped', 'out-of-order', 4],
  ['idCorrectValue', 'imports'],
  ['idIncorrectValue', 'invalid-value', 13],
  ['intCorrectValue', 'imports'],
  ['intIncorrectValue', 'invalid-value', 13],
  ['listEmptyValues', 'imports'],
  ['listNoValues', 'imports'],
  ['listTwoValues', 'imports'],
  ['logCorrectAttributes', 'imports'],
  ['logNoAttributes', 'imports', 'no-xes-version'],
  ['logNoNestedAttributes', 'imports'],
  ['logOutOfPlace', 'misplaced-element', 29],
  ['logTooManyAttributes', 'imports', 'unknown-xml-attribute'],
  ['noLog', 'no-log', 1],
  ['realCorrectValue', 'imports'],
  ['realIncorrectValue', 'invalid-value', 13],
  ['stringCorrectAttributes', 'imports'],
  ['stringNestedNotDeclared', 'imports', 'nested-not-declared'],
  ['stringNoAttributes', 'missing-attribute', 9],
  ['stringNotNestedButDeclared', 'imports'],
  ['stringTooManyAttributes', 'imports', 'unknown-xml-attribute'],
  ['traceCorrectAttributes', 'imports'],
  ['traceEventSwapped', 'out-of-order', 3],
  ['traceOutOfPlace', 'misplaced-element', 29],
  ['traceTooManyAttributes', 'imports', 'unknown-xml-attribute'],
];

describe.runIf(haveLogs)('the XES importer, on the importer probes', () => {
  it('knows what to expect of every probe', () => {
    const files = readdirSync(probesDir).map((f) => f.replace(/\.xes$/, ''));
    expect(EXPECTED.map(([file]) => file).sort()).toEqual(files.sort());
  });

  const valid = EXPECTED.filter((e) => e[1] === 'imports').map(([file, , ...warnings]) => ({
    file,
    warnings,
  }));
  const invalid = EXPECTED.filter((e) => e[1] !== 'imports').map(([file, code, line]) => ({
    file,
    code,
    line,
  }));

  it.each(valid)('imports $file', async ({ file, warnings }) => {
    const { findings } = await importXesFile(join(probesDir, `${file}.xes`));
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect([...new Set(findings.map((f) => f.code))].sort()).toEqual(warnings);
  });

  it.each(invalid)('refuses $file with $code at line $line', async ({ file, code, line }) => {
    const error = await importXesFile(join(probesDir, `${file}.xes`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventLogImportError);
    const [finding] = (error as EventLogImportError).findings;
    expect(finding).toMatchObject({ severity: 'error', code, line, file: join(probesDir, `${file}.xes`) });
    expect((error as Error).message).toMatch(new RegExp(`${file}\\.xes:${line}:\\d+: error: `));
  });
});
