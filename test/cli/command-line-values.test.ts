import { describe, expect, it } from 'vitest';
import { CliFailure, UsageError } from '../../src/cli/cli-errors.js';
import { jsonErrorPosition, parseJsonObjectOption, parseVarAssignments } from '../../src/cli/json-input.js';
import { loadHandlers } from '../../src/cli/load-handlers.js';
import { findingLine } from '../../src/cli/output.js';
import { exampleHandlers, fixture } from './sluice-process.js';

describe('values typed on the command line', () => {
  it('reads --var values as JSON when they are JSON and as text otherwise', () => {
    expect(
      parseVarAssignments([
        'amount=42',
        'express=true',
        'note=two words',
        'tags=["a"]',
        'id="007"',
        'empty=',
        'eq=a=b',
      ]),
    ).toEqual({
      amount: 42,
      express: true,
      note: 'two words',
      tags: ['a'],
      id: '007',
      empty: '',
      eq: 'a=b',
    });
  });

  it.each([
    ['{"a": 1,}', 8],
    ['nope', 1],
    ['{"a": ', 6],
    ['{"a": 1} x', 9],
    ['[1, 2', 5],
    ['{"a": "\\q"}', 8],
    ['{"a": tru}', 9],
  ])('locates the JSON error in %s at position %i', (text, position) => {
    expect(jsonErrorPosition(text)).toBe(position);
  });

  it('says which option holds bad JSON, and where, as a usage error', () => {
    const error = catchError(() => parseJsonObjectOption('{\n  "a": 1,\n}', '--vars'));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(
      /^--vars is not valid JSON: .* at position 12 \(line 3, column 1\)$/,
    );
  });

  it('prints findings as file:line:col severity element: message, leaving out what is unknown', () => {
    expect(
      findingLine({
        file: 'a.bpmn',
        line: 3,
        column: 7,
        severity: 'error',
        elementId: 'Task_1',
        message: 'no type',
      }),
    ).toBe('a.bpmn:3:7 error Task_1: no type');
    expect(findingLine({ file: 'a.bpmn', severity: 'warning', message: 'odd' })).toBe('a.bpmn warning: odd');
  });
});

describe('handler modules for sluice run', () => {
  it('loads the example handlers by job type', async () => {
    expect(Object.keys(await loadHandlers(exampleHandlers, true))).toEqual(['reserve-stock', 'ship-order']);
  });

  it('refuses a module whose default export is not handlers, saying what to export', async () => {
    const error = await loadHandlers(fixture('handlers-not-functions.js'), true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliFailure);
    expect((error as CliFailure).message).toContain("handler 'charge-card' is not a function");
    expect((error as CliFailure).hint).toContain('export an object of job type to function');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
