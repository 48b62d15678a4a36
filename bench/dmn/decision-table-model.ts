/**
 * A generated decision table of the kind that grows big in practice: a product catalogue of
 * pricing rules, one rule per product code, each with an age band and an amount threshold.
 * Every cell is a literal test (the common case), so the figure measures the table engine and
 * not FEEL parsing. Used by bench/dmn/run.ts and by the test that keeps the target honest.
 */
export interface TableOptions {
  readonly rules: number;
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  /**
   * 'equal' (the default): the product column tests `"P17"`, which the engine indexes.
   * 'range': it tests `[170..179]` on a product number, so every rule is tested in turn.
   */
  readonly product?: 'equal' | 'range';
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function decisionTableXml({
  rules,
  hitPolicy = 'UNIQUE',
  aggregation,
  product = 'equal',
}: TableOptions): string {
  const rows: string[] = [];
  for (let i = 0; i < rules; i++) {
    const low = 18 + (i % 5) * 10;
    rows.push(`
      <rule id="rule${i}">
        <inputEntry id="rule${i}-code"><text>${product === 'equal' ? `"P${i}"` : `[${i * 10}..${i * 10 + 9}]`}</text></inputEntry>
        <inputEntry id="rule${i}-age"><text>${escape(`[${low}..${low + 9}]`)}</text></inputEntry>
        <inputEntry id="rule${i}-amount"><text>${escape(i % 2 === 0 ? '< 1000' : '>= 1000')}</text></inputEntry>
        <outputEntry id="rule${i}-discount"><text>${(i % 20) / 100}</text></outputEntry>
      </rule>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="pricing" name="Pricing" namespace="https://sluice.dev/bench/pricing">
  <inputData id="code" name="Product Code"><variable name="Product Code" typeRef="${product === 'equal' ? 'string' : 'number'}"/></inputData>
  <inputData id="age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <inputData id="amount" name="Amount"><variable name="Amount" typeRef="number"/></inputData>
  <decision id="discount" name="Discount">
    <variable name="Discount"/>
    <informationRequirement id="r1"><requiredInput href="#code"/></informationRequirement>
    <informationRequirement id="r2"><requiredInput href="#age"/></informationRequirement>
    <informationRequirement id="r3"><requiredInput href="#amount"/></informationRequirement>
    <decisionTable id="table" hitPolicy="${hitPolicy}"${aggregation ? ` aggregation="${aggregation}"` : ''}>
      <input id="in-code" label="Product Code"><inputExpression id="in-code-expr" typeRef="string"><text>Product Code</text></inputExpression></input>
      <input id="in-age" label="Age"><inputExpression id="in-age-expr" typeRef="number"><text>Age</text></inputExpression></input>
      <input id="in-amount" label="Amount"><inputExpression id="in-amount-expr" typeRef="number"><text>Amount</text></inputExpression></input>
      <output id="out-discount" name="Discount" typeRef="number"/>${rows.join('')}
    </decisionTable>
  </decision>
</definitions>`;
}

/** Inputs spread over the whole table: most match one rule, some (age out of band) none. */
export function sampleInputs(
  count: number,
  rules: number,
  product: 'equal' | 'range' = 'equal',
): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  for (let i = 0; i < count; i++) {
    inputs.push({
      'Product Code':
        product === 'equal' ? `P${Math.floor(next() * rules)}` : Math.floor(next() * rules * 10),
      Age: 18 + Math.floor(next() * 50),
      Amount: Math.floor(next() * 2000),
    });
  }
  return inputs;
}
