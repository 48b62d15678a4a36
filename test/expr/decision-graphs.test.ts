import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn } from '../../src/expr/dmn.js';
import { like, matching, model } from './dmn-model.js';

const loan = model(`
  <inputData id="income" name="Monthly Income"><variable name="Monthly Income" typeRef="number"/></inputData>
  <inputData id="since" name="Employed Since"><variable name="Employed Since" typeRef="date"/></inputData>
  <businessKnowledgeModel id="instalment" name="Instalment">
    <variable name="Instalment"/>
    <encapsulatedLogic id="instalment-fn">
      <formalParameter name="amount" typeRef="number"/>
      <formalParameter name="months" typeRef="number"/>
      <literalExpression id="instalment-body"><text>decimal(amount / months, 2)</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="affordable" name="Affordable Amount">
    <variable name="Affordable Amount" typeRef="number"/>
    <informationRequirement id="r1"><requiredInput href="#income"/></informationRequirement>
    <literalExpression id="affordable-text"><text>Monthly Income * 0.4 * 12</text></literalExpression>
  </decision>
  <decision id="tenure" name="Tenure Years">
    <variable name="Tenure Years" typeRef="number"/>
    <informationRequirement id="r2"><requiredInput href="#since"/></informationRequirement>
    <literalExpression id="tenure-text"><text>years and months duration(Employed Since, date("2025-01-01")).years</text></literalExpression>
  </decision>
  <decision id="offer" name="Offer">
    <variable name="Offer"/>
    <informationRequirement id="r3"><requiredDecision href="#affordable"/></informationRequirement>
    <informationRequirement id="r4"><requiredDecision href="#tenure"/></informationRequirement>
    <knowledgeRequirement id="k1"><requiredKnowledge href="#instalment"/></knowledgeRequirement>
    <context id="offer-context">
      <contextEntry id="e1"><variable name="Amount" typeRef="number"/>
        <literalExpression id="e1-text"><text>if Tenure Years >= 2 then Affordable Amount else Affordable Amount / 2</text></literalExpression>
      </contextEntry>
      <contextEntry id="e2"><variable name="Monthly"/>
        <invocation id="e2-call">
          <literalExpression id="e2-callee"><text>Instalment</text></literalExpression>
          <binding><parameter name="amount"/><literalExpression id="b1"><text>Amount</text></literalExpression></binding>
          <binding><parameter name="months"/><literalExpression id="b2"><text>12</text></literalExpression></binding>
        </invocation>
      </contextEntry>
      <contextEntry id="e3"><variable name="Terms"/>
        <relation id="terms">
          <column name="Months"/><column name="Rate"/>
          <row id="row1"><literalExpression id="c1"><text>12</text></literalExpression><literalExpression id="c2"><text>0.05</text></literalExpression></row>
          <row id="row2"><literalExpression id="c3"><text>24</text></literalExpression><literalExpression id="c4"><text>0.06</text></literalExpression></row>
        </relation>
      </contextEntry>
    </context>
  </decision>
  <decisionService id="offer-service" name="Offer Service">
    <variable name="Offer Service"/>
    <outputDecision href="#affordable"/>
    <inputData href="#income"/>
  </decisionService>
`);

describe('given a decision requirement graph', () => {
  it('evaluates required decisions first and sees their results by name, with knowledge as functions', async () => {
    const dmn = await parseDmn(loan);
    expect(dmn.findings).toEqual([]);
    const { result, warnings } = evaluateDecision(dmn, 'offer', {
      'Monthly Income': 1000,
      'Employed Since': '2020-06-01',
    });
    expect(warnings).toEqual([]);
    expect(result).toEqual({
      Amount: 4800,
      Monthly: 400,
      Terms: [
        { Months: 12, Rate: 0.05 },
        { Months: 24, Rate: 0.06 },
      ],
    });
  });

  it('reads JSON strings as dates where the input data says date, so the command line can pass them', async () => {
    const dmn = await parseDmn(loan);
    expect(evaluateDecision(dmn, 'Tenure Years', { 'Employed Since': '2024-03-01' }).result).toBe(0);
  });

  it('makes a value that does not conform to its declared type null, with a warning naming the element', async () => {
    const dmn = await parseDmn(loan);
    const { result, warnings } = evaluateDecision(dmn, 'affordable', { 'Monthly Income': 'a lot' });
    expect(result).toBeNull();
    expect(warnings[0]).toEqual(
      like({ elementId: 'income', message: matching(/does not conform to type 'number'/) }),
    );
  });

  it('evaluates a decision service as the decisions it outputs, from the inputs it names', async () => {
    const dmn = await parseDmn(loan);
    expect(dmn.decisions.map((d) => d.kind)).toEqual([
      'decision',
      'decision',
      'decision',
      'decision-service',
    ]);
    expect(evaluateDecision(dmn, 'Offer Service', { 'Monthly Income': 500 }).result).toBe(2400);
  });

  it('runs a graph whose knowledge calls itself under the time budget, so recursion cannot hang it', async () => {
    const recursive = model(`
      <businessKnowledgeModel id="fib" name="fib">
        <variable name="fib"/>
        <knowledgeRequirement id="self"><requiredKnowledge href="#fib"/></knowledgeRequirement>
        <encapsulatedLogic id="fib-fn"><formalParameter name="n" typeRef="number"/>
          <literalExpression id="fib-body"><text>if n &lt; 2 then 1 else fib(n - 1) + fib(n - 2)</text></literalExpression>
        </encapsulatedLogic>
      </businessKnowledgeModel>
      <decision id="small" name="small"><variable name="small"/>
        <knowledgeRequirement id="k1"><requiredKnowledge href="#fib"/></knowledgeRequirement>
        <literalExpression id="small-text"><text>fib(10)</text></literalExpression>
      </decision>
      <decision id="huge" name="huge"><variable name="huge"/>
        <knowledgeRequirement id="k2"><requiredKnowledge href="#fib"/></knowledgeRequirement>
        <literalExpression id="huge-text"><text>fib(60)</text></literalExpression>
      </decision>`);
    const dmn = await parseDmn(recursive, { limits: { maxLength: 16_384, maxDepth: 64, maxTimeMs: 100 } });
    expect(evaluateDecision(dmn, 'small', {}).result).toBe(89);
    const started = performance.now();
    expect(() => evaluateDecision(dmn, 'huge', {})).toThrow(/took longer than 100 ms/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reads DMN 1.2 models as 1.3, with a warning', async () => {
    const dmn12 = model(
      '<decision id="d" name="d"><variable name="d"/><literalExpression id="t"><text>1 + 1</text></literalExpression></decision>',
    ).replace('https://www.omg.org/spec/DMN/20191111/MODEL/', 'http://www.omg.org/spec/DMN/20180521/MODEL/');
    const dmn = await parseDmn(dmn12);
    expect(dmn.findings).toEqual([like({ severity: 'warning', message: matching(/DMN 1.2 namespace/) })]);
    expect(evaluateDecision(dmn, 'd', {}).result).toBe(2);
  });
});
