import { evaluate, unaryTest } from 'feelin';
import { describe, expect, it } from 'vitest';
import { compileUnaryTests } from '../../src/expr/unary-tests.js';

/** Decision table cells, by the type of input they are written for. */
const cells: Record<string, readonly string[]> = {
  number: [
    '-',
    '5',
    '-5',
    'null',
    '< 10',
    '<= 10',
    '> 10',
    '>= 10',
    '= 10',
    '!= 10',
    '[1..10]',
    '(1..10)',
    ']1..10[',
    '[1..10)',
    '(1..10]',
    '1, 2, 3',
    '< 0, > 100',
    '[1..5], [10..15]',
    'not(5)',
    'not(< 10)',
    'not([1..10])',
  ],
  string: [
    '-',
    '"gold"',
    '< "m"',
    '>= "m"',
    '["a".."m"]',
    '"gold", "silver"',
    'not("gold", "silver")',
    'null',
  ],
  boolean: ['-', 'true', 'false', 'null'],
};
const inputsFor: Record<string, readonly unknown[]> = {
  number: [0, 1, 5, -5, 10, 11, 100, 101, 2.5, null],
  string: ['gold', 'silver', 'a', 'm', 'z', '', null],
  boolean: [true, false, null],
};
const cases = Object.entries(cells).flatMap(([type, texts]) => texts.map((text) => [text, type] as const));

describe('unary tests compiled without the FEEL parser', () => {
  it.each(cases)('%s matches what feelin matches, for every %s input', (cell, type) => {
    const compiled = compileUnaryTests(cell);
    expect(compiled.literalMatch).toBeDefined(); // no FEEL interpreter on this path
    for (const input of inputsFor[type]!) {
      const expected = unaryTest(cell, { '?': input }).value === true;
      expect({ input, matched: compiled.test(input, {}).value === true }).toEqual({
        input,
        matched: expected,
      });
      expect({ input, matched: compiled.literalMatch!(input) === true }).toEqual({
        input,
        matched: expected,
      });
    }
  });

  it('does not match an input of another type: FEEL cannot compare them (feelin 8 says `true < 10`)', () => {
    for (const [cell, input] of [
      ['< 10', true],
      ['< 10', 'gold'],
      ['[1..10]', 'gold'],
      ['>= "m"', 5],
    ] as const) {
      expect({ cell, input, matched: compileUnaryTests(cell).test(input, {}).value === true }).toEqual({
        cell,
        input,
        matched: false,
      });
    }
  });

  it('index and inline what a decision table can use: equalities and numeric bounds', () => {
    expect(compileUnaryTests('"gold", "silver"').equalTo).toEqual(['gold', 'silver']);
    expect(compileUnaryTests('not("gold")').equalTo).toBeUndefined();
    expect(compileUnaryTests('[1..10)').numberRange).toEqual({
      low: 1,
      high: 10,
      lowIncluded: true,
      highIncluded: false,
    });
    expect(compileUnaryTests('>= 18').numberRange).toEqual({
      low: 18,
      high: Infinity,
      lowIncluded: true,
      highIncluded: true,
    });
  });

  it('compiles the rest through FEEL once, with names from the scope and ? as the input', () => {
    const tests = compileUnaryTests('> Limit * 2, ? = Special', { names: ['Limit', 'Special'] });
    expect(tests.literalMatch).toBeUndefined();
    expect(tests.test(25, { Limit: 10, Special: 3 }).value).toBe(true);
    expect(tests.test(3, { Limit: 10, Special: 3 }).value).toBe(true);
    expect(tests.test(15, { Limit: 10, Special: 3 }).value).toBe(false);
    const dates = compileUnaryTests('[date("2024-01-01")..date("2024-12-31")]');
    expect(dates.test(evaluate('date("2024-06-01")', {}).value, {}).value).toBe(true);
    expect(dates.test(evaluate('date("2025-06-01")', {}).value, {}).value).toBe(false);
  });
});
