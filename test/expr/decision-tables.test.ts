import { describe, expect, it } from 'vitest';
import { DecisionError, evaluateDecision, parseDmn } from '../../src/expr/dmn.js';
import { anyNumber, like, tableModel } from './dmn-model.js';

const decide = async (xml: string, variables: Record<string, unknown>) =>
  evaluateDecision(await parseDmn(xml), 'decision', variables).result;

const approval = (hitPolicy: string, aggregation?: string) =>
  tableModel({
    hitPolicy,
    ...(aggregation && { aggregation }),
    inputs: ['Age:number', 'Tier:string'],
    outputs: [{ name: 'Limit', typeRef: 'number', values: '500, 1000, 2000, 0' }],
    rules: [
      ['>= 18', '"gold"', '2000'],
      ['>= 18', '"gold","silver"', '1000'],
      ['[18..30)', '-', '500'],
      ['< 18', '-', '0'],
    ],
  });

describe('given a decision table, each hit policy decides as DMN 1.3 says', () => {
  it('UNIQUE gives the one matching rule and fails, naming the rules, when two match', async () => {
    const dmn = await parseDmn(approval('UNIQUE'));
    expect(evaluateDecision(dmn, 'decision', { Age: 40, Tier: 'silver' }).result).toBe(1000);
    expect(evaluateDecision(dmn, 'decision', { Age: 12, Tier: 'gold' }).result).toBe(0);
    expect(evaluateDecision(dmn, 'decision', { Age: 40, Tier: 'bronze' }).result).toBeNull();
    try {
      evaluateDecision(dmn, 'decision', { Age: 40, Tier: 'gold' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DecisionError);
      expect((error as DecisionError).message).toMatch(
        /hit policy UNIQUE: rules 1 and 2 both match \(rule1, rule2\)/,
      );
      expect((error as DecisionError).elementId).toBe('table');
    }
  });

  it('FIRST gives the first matching rule in rule order', async () => {
    expect(await decide(approval('FIRST'), { Age: 20, Tier: 'gold' })).toBe(2000);
  });

  it('PRIORITY gives the match whose output comes first among the output values', async () => {
    expect(await decide(approval('PRIORITY'), { Age: 20, Tier: 'gold' })).toBe(500);
  });

  it('ANY accepts several matches only when their outputs agree', async () => {
    const agreeing = tableModel({
      hitPolicy: 'ANY',
      inputs: ['Age:number'],
      outputs: [{ name: 'Adult' }],
      rules: [
        ['>= 18', 'true'],
        ['>= 21', 'true'],
        ['< 18', 'false'],
      ],
    });
    expect(await decide(agreeing, { Age: 30 })).toBe(true);
    await expect(decide(approval('ANY'), { Age: 20, Tier: 'gold' })).rejects.toThrow(
      /hit policy ANY: rules 1 and 2 match with different outputs/,
    );
  });

  it('RULE ORDER lists all matches in rule order, OUTPUT ORDER by output value priority', async () => {
    expect(await decide(approval('RULE ORDER'), { Age: 20, Tier: 'gold' })).toEqual([2000, 1000, 500]);
    expect(await decide(approval('OUTPUT ORDER'), { Age: 20, Tier: 'gold' })).toEqual([500, 1000, 2000]);
    expect(await decide(approval('RULE ORDER'), { Age: 40, Tier: 'bronze' })).toEqual([]);
  });

  it('COLLECT lists the matches, or aggregates them with SUM, MIN, MAX and COUNT', async () => {
    const variables = { Age: 20, Tier: 'gold' };
    expect(await decide(approval('COLLECT'), variables)).toEqual([2000, 1000, 500]);
    expect(await decide(approval('COLLECT', 'SUM'), variables)).toBe(3500);
    expect(await decide(approval('COLLECT', 'MIN'), variables)).toBe(500);
    expect(await decide(approval('COLLECT', 'MAX'), variables)).toBe(2000);
    expect(await decide(approval('COLLECT', 'COUNT'), variables)).toBe(3);
    expect(await decide(approval('COLLECT', 'COUNT'), { Age: 40, Tier: 'bronze' })).toBe(0);
    expect(await decide(approval('COLLECT', 'SUM'), { Age: 40, Tier: 'bronze' })).toBeNull();
  });

  it('several outputs make a context per match, named after the outputs', async () => {
    const xml = tableModel({
      hitPolicy: 'RULE ORDER',
      inputs: ['Score:number'],
      outputs: [{ name: 'Band' }, { name: 'Review' }],
      rules: [
        ['>= 700', '"A"', 'false'],
        ['>= 500', '"B"', 'Score < 600'],
      ],
    });
    expect(await decide(xml, { Score: 720 })).toEqual([
      { Band: 'A', Review: false },
      { Band: 'B', Review: false },
    ]);
  });

  it('gives the default output when no rule matches', async () => {
    const xml = tableModel({
      inputs: ['Tier:string'],
      outputs: [{ name: 'Discount', default: '0.01' }],
      rules: [['"gold"', '0.1']],
    });
    expect(await decide(xml, { Tier: 'bronze' })).toBe(0.01);
    expect(await decide(xml, { Tier: 'gold' })).toBe(0.1);
  });

  it('evaluates input entries as FEEL unary tests: lists, negation, ranges, expressions and ?', async () => {
    const xml = tableModel({
      hitPolicy: 'COLLECT',
      inputs: ['Amount:number', 'Country:string'],
      outputs: [{ name: 'Rule' }],
      rules: [
        ['not(< 100)', 'not("DE", "FR")', '"not"'],
        ['[100..200]', '-', '"interval"'],
        ['? > 150 and ? < 1000', '-', '"question mark"'],
        ['Amount * 2 > 300', '"IT"', '"boolean expression"'],
        ['(150..1000)', 'substring(?, 1, 1) = "I"', '"function of ?"'],
      ],
    });
    expect(await decide(xml, { Amount: 160, Country: 'IT' })).toEqual([
      'not',
      'interval',
      'question mark',
      'boolean expression',
      'function of ?',
    ]);
    expect(await decide(xml, { Amount: 50, Country: 'DE' })).toEqual([]);
  });

  it('fails when an input is not among its input values, or an output not among its output values', async () => {
    const xml = tableModel({
      inputs: ['Tier:string'],
      inputValues: { 0: '"gold","silver"' },
      outputs: [{ name: 'Limit', values: '1, 2' }],
      rules: [
        ['"gold"', '1'],
        ['"silver"', '3'],
      ],
    });
    expect(await decide(xml, { Tier: 'gold' })).toBe(1);
    await expect(decide(xml, { Tier: 'bronze' })).rejects.toThrow(
      /input 'Tier' is "bronze", which is not among its input values/,
    );
    await expect(decide(xml, { Tier: 'silver' })).rejects.toThrow(
      /output 'Limit' is 3, which is not among its output values/,
    );
  });
});

describe('given a table with problems, parsing reports them as findings with element ids', () => {
  it('names the cell whose FEEL does not parse, and evaluating it fails that decision', async () => {
    const xml = tableModel({
      inputs: ['Age:number'],
      outputs: [{ name: 'Ok' }],
      rules: [
        ['>= 18', 'true'],
        ['< 18 +', 'false'],
      ],
    });
    const dmn = await parseDmn(xml);
    expect(dmn.findings).toEqual([like({ severity: 'error', elementId: 'r2-in0' })]);
    expect(dmn.findings[0]!.message).toMatch(/cannot parse '< 18 \+'/);
    try {
      evaluateDecision(dmn, 'decision', { Age: 30 });
      expect.unreachable();
    } catch (error) {
      expect((error as DecisionError).elementId).toBe('r2-in0');
    }
  });

  it('names the rule whose entries do not fit the table', async () => {
    const xml = tableModel({
      inputs: ['Age:number'],
      outputs: [{ name: 'Ok' }],
      rules: [['>= 18', '-', 'true']],
    });
    const dmn = await parseDmn(xml);
    expect(
      dmn.findings.some((f) => f.elementId === 'rule1' && /1 input and 2 output entries/.test(f.message)),
    ).toBe(true);
  });

  it('reports XML that is not well-formed with its line', async () => {
    const dmn = await parseDmn(
      '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/">\n<decision id="a">\n</definitions>',
    );
    expect(dmn.findings[0]).toEqual(like({ severity: 'error', line: anyNumber() }));
    expect(dmn.graph).toBeUndefined();
    expect(() => evaluateDecision(dmn, 'a', {})).toThrow(/could not be read/);
  });

  it('names the decisions there are when asked for one there is not', async () => {
    const dmn = await parseDmn(approval('FIRST'));
    expect(dmn.decisions).toEqual([{ id: 'decision', name: 'Decision', kind: 'decision' }]);
    expect(() => evaluateDecision(dmn, 'nope', {})).toThrow(
      /the model has no decision 'nope' \(it has: decision\)/,
    );
    expect(evaluateDecision(dmn, 'Decision', { Age: 20, Tier: 'gold' }).result).toBe(2000); // by name
  });
});
