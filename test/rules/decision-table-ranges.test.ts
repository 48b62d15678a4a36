/**
 * A decision table whose column holds numeric ranges is evaluated through an interval index:
 * it must find exactly the rules a test of every rule finds, at the bounds, between them, at
 * open and closed ends, and with `-` and non-range cells mixed in.
 */
import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn } from '../../src/expr/dmn.js';

/** Rule i: its range cell (FEEL) and the check the test expects of it. */
const cells: { feel: string; holds: (x: number) => boolean }[] = [
  { feel: '[0..10]', holds: (x) => x >= 0 && x <= 10 },
  { feel: '(0..10)', holds: (x) => x > 0 && x < 10 },
  { feel: '[10..20)', holds: (x) => x >= 10 && x < 20 },
  { feel: '< 5', holds: (x) => x < 5 },
  { feel: '>= 15', holds: (x) => x >= 15 },
  { feel: '[7..7]', holds: (x) => x === 7 },
  { feel: '-', holds: () => true },
  { feel: '> 20', holds: (x) => x > 20 },
  { feel: '(5..15]', holds: (x) => x > 5 && x <= 15 },
  { feel: '<= 0', holds: (x) => x <= 0 },
  { feel: '3, 12', holds: (x) => x === 3 || x === 12 },
  { feel: '[2.5..2.5]', holds: (x) => x === 2.5 },
];

const table = (): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="D" namespace="https://sluice.dev/test/ranges">
  <decision id="band" name="Band">
    <decisionTable id="t" hitPolicy="COLLECT">
      <input id="in"><inputExpression id="in-e" typeRef="number"><text>x</text></inputExpression></input>
      <output id="out" name="rule" typeRef="number"/>
      ${cells
        .map(
          (cell, i) =>
            `<rule id="r${i}"><inputEntry id="r${i}-in"><text>${cell.feel.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</text></inputEntry><outputEntry id="r${i}-out"><text>${i}</text></outputEntry></rule>`,
        )
        .join('\n')}
    </decisionTable>
  </decision>
</definitions>`;

describe('a decision table of numeric ranges', () => {
  it('matches the same rules as testing every rule, at bounds, between them and beyond', async () => {
    const dmn = await parseDmn(table(), { contextNames: ['x'] });
    expect(dmn.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const values = [-1, 0, 0.5, 2.5, 3, 4.99, 5, 6, 7, 9.99, 10, 12, 14.5, 15, 19.99, 20, 20.01, 1e9, -1e9];
    for (const x of values) {
      const expected = cells.flatMap((cell, i) => (cell.holds(x) ? [i] : []));
      expect({ x, rules: evaluateDecision(dmn, 'band', { x }, { context: { x } }).result }).toEqual({
        x,
        rules: expected,
      });
    }
  });

  it('leaves only the rules of other tests as candidates for a value that is not a number', async () => {
    const dmn = await parseDmn(table(), { contextNames: ['x'] });
    expect(evaluateDecision(dmn, 'band', {}, { context: { x: 'ten' } }).result).toEqual([6]);
    expect(evaluateDecision(dmn, 'band', {}, { context: { x: null } }).result).toEqual([6]);
  });
});
