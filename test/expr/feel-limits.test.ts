import { describe, expect, it } from 'vitest';
import { checkFeel, evaluateFeel, ExpressionError, limitViolation } from '../../src/expr/feel.js';
import { compileFeel } from '../../src/expr/feel-compile.js';
import { withinBudget, BudgetExceededError } from '../../src/expr/feel-budget.js';

/** Runs `work` and returns how long it took, in ms, and what it threw. */
function timed(work: () => unknown): { ms: number; error?: unknown } {
  const started = performance.now();
  try {
    work();
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('FEEL with limits: a hostile expression cannot hang or exhaust the engine', () => {
  it('refuses a 109 KB list literal before the parser sees it (feelin alone takes seconds and gigabytes)', () => {
    const literal = `[${Array.from({ length: 20_000 }, (_, i) => i).join(', ')}]`;
    expect(literal.length).toBeGreaterThan(100_000);
    const { ms, error } = timed(() => evaluateFeel(literal, {}));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toMatch(/characters long; the limit is 16384/);
    expect((error as ExpressionError).expression.length).toBeLessThan(100); // messages stay small too
    expect(ms).toBeLessThan(200);
  });

  it('refuses a list literal with more items than allowed, even when the text is short enough', () => {
    const literal = `[${Array.from({ length: 3_000 }, () => 1).join(',')}]`;
    expect(() => evaluateFeel(literal, {}, { maxLength: 16_384, maxDepth: 64, maxListItems: 1_000 })).toThrow(
      /a list literal has 3000 items; the limit is 1000/,
    );
    expect(checkFeel(literal, { maxLength: 16_384, maxDepth: 64, maxListItems: 1_000 })).toMatch(
      /list literal/,
    );
  });

  it('refuses deep nesting of brackets, lists and contexts', () => {
    for (const deep of [
      '('.repeat(100) + '1' + ')'.repeat(100),
      '['.repeat(100) + ']'.repeat(100),
      '{a:'.repeat(80) + '1' + '}'.repeat(80),
    ]) {
      expect(limitViolation(deep)).toMatch(/nests deeper than 64 levels/);
      expect(() => evaluateFeel(deep, {})).toThrow(ExpressionError);
    }
    // Brackets inside strings do not count.
    expect(limitViolation(`"${'('.repeat(100)}"`)).toBeUndefined();
  });

  it('refuses to iterate a literal range bigger than the list limit, at compile time', () => {
    const { ms, error } = timed(() => evaluateFeel('for i in 1..100000000 return i', {}));
    expect((error as Error).message).toMatch(/a range of 100000000 numbers is iterated; the limit is 10000/);
    expect(ms).toBeLessThan(100);
  });

  it('stops a loop whose bound comes from a variable when its time budget is spent', () => {
    const { ms, error } = timed(() => evaluateFeel('count(for i in 1..n return i * 2)', { n: 100_000_000 }));
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toMatch(/took longer than 250 ms and was stopped/);
    expect(ms).toBeLessThan(2_000);
  });

  it('stops exponential recursion through a context function', () => {
    const fib = '{f: function(n) if n < 2 then 1 else f(n - 1) + f(n - 2), r: f(60)}.r';
    const { ms, error } = timed(() =>
      evaluateFeel(fib, {}, { maxLength: 1000, maxDepth: 64, maxTimeMs: 100 }),
    );
    expect((error as Error).message).toMatch(/took longer than 100 ms/);
    expect(ms).toBeLessThan(1_500);
  });

  it('stops a nested loop whose product is huge though each range is small', () => {
    const cube = 'count(for a in 1..2000, b in 1..2000, c in 1..2000 return 1)';
    const { ms, error } = timed(() => evaluateFeel(cube, {}));
    expect((error as Error).message).toMatch(/took longer than|holds a list of/);
    expect(ms).toBeLessThan(2_000);
  });

  it('stops a regular expression that backtracks exponentially', () => {
    const redos = 'matches(text, "^(a+)+$")';
    const { ms, error } = timed(() => evaluateFeel(redos, { text: `${'a'.repeat(40)}!` }));
    expect((error as Error).message).toMatch(/took longer than 250 ms/);
    expect(ms).toBeLessThan(2_000);
  });

  it('refuses results that are too big to hand back: long strings and long lists', () => {
    const long = 'string join(for i in 1..10000 return "0123456789012345678901234567890123456789")';
    expect(() => evaluateFeel(long, {}, { maxLength: 1000, maxDepth: 64, maxStringLength: 100_000 })).toThrow(
      /a string of 400000 characters; the limit is 100000/,
    );
    expect(() => evaluateFeel('for i in 1..n return i', { n: 50_000 })).toThrow(
      /a list of 50000 items; the limit is 10000/,
    );
  });

  it('turns a stack overflow (deep recursion) into an expression error', () => {
    const deep = '{f: function(n) if n = 0 then 0 else 1 + f(n - 1), r: f(1000000)}.r';
    const { error } = timed(() =>
      evaluateFeel(deep, {}, { maxLength: 1000, maxDepth: 64, maxTimeMs: 2_000 }),
    );
    expect(error).toBeInstanceOf(ExpressionError);
  });

  it('after all that, ordinary expressions still evaluate, with values and warnings', () => {
    expect(
      evaluateFeel('amount > 100 and customer.tier = "gold"', { amount: 150, customer: { tier: 'gold' } }),
    ).toEqual({
      value: true,
      warnings: [],
    });
    const missing = evaluateFeel('unknown + 1', {});
    expect(missing.value).toBeNull();
    expect(missing.warnings.map((w) => w.message)).toContain("Variable 'unknown' not found");
    expect(evaluateFeel('for i in 1..3 return i * i', {}).value).toEqual([1, 4, 9]);
    expect(evaluateFeel('date("2024-02-28") + duration("P1D")', {}).value).toBe('2024-02-29');
    expect(evaluateFeel('Order Total * 2', { 'Order Total': 21 }).value).toBe(42);
  });
});

describe('the time budget', () => {
  it('interrupts synchronous work and reports the limit', () => {
    const { ms, error } = timed(() =>
      withinBudget(50, () => {
        for (;;) {
          /* spin */
        }
      }),
    );
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(ms).toBeLessThan(1_000);
  });

  it('returns the value of work that finishes, and nested budgets run under the outer one', () => {
    expect(withinBudget(1_000, () => withinBudget(1_000, () => 42))).toBe(42);
  });

  it('is paid only by expressions that can loop', () => {
    expect(compileFeel('a + b', { names: ['a', 'b'] }).loops).toBe(false);
    expect(compileFeel('for x in xs return x', { names: ['xs'] }).loops).toBe(true);
    expect(compileFeel('some x in xs satisfies x > 1', { names: ['xs'] }).loops).toBe(true);
    expect(compileFeel('matches(s, "a+")', { names: ['s'] }).loops).toBe(true);
  });
});

describe('compiled FEEL', () => {
  it('parses once and evaluates many times, taking each evaluation its own warnings', () => {
    const compiled = compileFeel('price * quantity', { names: ['price', 'quantity'] });
    expect(compiled.evaluate({ price: 2, quantity: 3 })).toEqual({ value: 6, warnings: [] });
    const bad = compiled.evaluate({ price: 2, quantity: 'x' });
    expect(bad.value).toBeNull();
    expect(bad.warnings).toHaveLength(1);
    expect(compiled.evaluate({ price: 5, quantity: 5 })).toEqual({ value: 25, warnings: [] });
  });

  it('reports syntax errors at positions in the source, not in its wrapper', () => {
    try {
      compileFeel('1 + + 2 )');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
    }
    try {
      compileFeel('a + (b');
      expect.unreachable();
    } catch (error) {
      expect((error as ExpressionError).message).toMatch(/cannot parse/);
    }
  });

  it('keeps the meaning of text whose brackets do not pair up, such as open intervals', () => {
    expect(compileFeel('5 in ]1..10]').evaluate({}).value).toBe(true);
    expect(compileFeel('(1..10] = ]1..10]').evaluate({}).value).toBe(true);
  });
});

describe('a hostile DMN model', () => {
  it('is stopped while compiling when its many expressions together take too long', async () => {
    const { parseDmn } = await import('../../src/expr/dmn.js');
    const { model } = await import('./dmn-model.js');
    const big = `[${Array.from({ length: 2_000 }, (_, i) => i).join(', ')}]`;
    const decisions = Array.from(
      { length: 20 },
      (_, i) =>
        `<decision id="d${i}" name="d${i}"><variable name="d${i}"/><literalExpression id="t${i}"><text>${big}</text></literalExpression></decision>`,
    ).join('\n');
    const started = performance.now();
    const dmn = await parseDmn(model(decisions), { maxCompileMs: 500 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(dmn.graph).toBeUndefined();
    expect(dmn.findings.at(-1)!.message).toMatch(/compiling the model took longer than 500 ms/);
  });
});
