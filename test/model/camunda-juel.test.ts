import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import { juelToFeel } from '../../src/model/juel.js';

const feelOf = (juel: string): string => {
  const translation = juelToFeel(juel);
  if (!('feel' in translation)) throw new Error(`not translated: ${translation.problem}`);
  return translation.feel;
};
const run = (juel: string, context: Record<string, unknown>): unknown =>
  evaluate(feelOf(juel), context).value;

describe('JUEL translated to FEEL', () => {
  it.each([
    ['${amount > 100}', 'amount > 100'],
    ['${approved}', 'approved'],
    ['${!approved}', 'not(approved)'],
    ['#{a && b || c}', 'a and b or c'],
    ['${a eq "x" and not b}', 'a = "x" and not(b)'],
    ['${a lt b && b le c || c ne d}', 'a < b and b <= c or c != d'],
    ["${order.customer.tier == 'gold'}", 'order.customer.tier = "gold"'],
    ['${(a + b) * c}', '(a + b) * c'],
    ['${a - (b - c)}', 'a - (b - c)'],
    ['${a div 2}', 'a / 2'],
    ['${a % 3 == 1}', 'modulo(a, 3) = 1'],
    ["${execution.getVariable('total') > 5}", 'total > 5'],
    ['${a ? "yes" : "no"}', 'if a then "yes" else "no"'],
    ['${items[0]}', 'items[1]'],
    ["${m['key']}", 'm.key'],
    ['${x == null}', 'x = null'],
  ])('%s becomes %s', (juel, feel) => {
    expect(feelOf(juel)).toBe(feel);
  });

  it('evaluates to what JUEL would give', () => {
    expect(run('${amount > 100 && !rush}', { amount: 150, rush: false })).toBe(true);
    expect(run('${a + b * c}', { a: 1, b: 2, c: 3 })).toBe(7);
    expect(run('${items[0].name}', { items: [{ name: 'first' }, { name: 'second' }] })).toBe('first');
    expect(run('${-a < 0 ? "positive" : "not positive"}', { a: 4 })).toBe('positive');
  });

  it('reads empty as JUEL does: null, empty text, empty list or empty map', () => {
    for (const value of [null, '', [], {}]) expect(run('${empty x}', { x: value })).toBe(true);
    expect(run('${empty x}', {})).toBe(true);
    for (const value of ['a', [1], { k: 1 }, 0]) expect(run('${empty x}', { x: value })).toBe(false);
    expect(run('${not empty x}', { x: [1] })).toBe(true);
  });

  it('turns text with expressions in it into string concatenation', () => {
    expect(feelOf('Dear ${name}, you owe ${amount}')).toBe(
      '"Dear " + string(name) + ", you owe " + string(amount)',
    );
    expect(run('order-${id}', { id: 42 })).toBe('order-42');
  });

  it.each([
    ['${orders.charge(execution)}', /calls the method 'charge\(\)'/],
    ['${execution.processBusinessKey}', /Java 'execution' object/],
    ['${format(x)}', /calls the function 'format\(\)'/],
    ['${a[i]}', /index 'i' is not a literal/],
    ['${for > 1}', /'for' is a FEEL keyword/],
    ['${a >}', /cannot start an expression/],
    ['${a', /expected '}'/],
  ])('refuses %s, saying why', (juel, why) => {
    const translation = juelToFeel(juel);
    expect('problem' in translation && translation.problem).toMatch(why);
  });
});
