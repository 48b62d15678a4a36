/**
 * `node --import tsx bench/dmn/run.ts [--rules 1000] [--seconds 3]`: how many times a second
 * a decision table evaluates, end to end through `evaluateDecision` (requirements, table,
 * output typing and conversion to plain values). The target of issue #5 is more than 50,000
 * evaluations a second for a 1,000-rule table. Also prints what parsing and compiling the
 * table once costs, the same table under FIRST and COLLECT/COUNT, and a table that cannot be
 * indexed (every cell a range), which tests rule after rule.
 */
import { evaluateDecision, parseDmn } from '../../src/expr/dmn.js';
import { decisionTableXml, sampleInputs } from './decision-table-model.js';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const rules = arg('rules', 1000);
const seconds = arg('seconds', 3);

async function measure(
  hitPolicy: string,
  aggregation?: string,
  product: 'equal' | 'range' = 'equal',
): Promise<void> {
  const xml = decisionTableXml({ rules, hitPolicy, product, ...(aggregation && { aggregation }) });
  const started = performance.now();
  const dmn = await parseDmn(xml);
  const compileMs = performance.now() - started;
  if (dmn.findings.some((f) => f.severity === 'error')) throw new Error(JSON.stringify(dmn.findings));
  const inputs = sampleInputs(4096, rules, product);
  // Warm up so that the figure is of optimised code.
  for (let i = 0; i < 20_000; i++) evaluateDecision(dmn, 'discount', inputs[i & 4095]!);
  let count = 0;
  let matched = 0;
  const end = performance.now() + seconds * 1000;
  const begin = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) {
      const { result } = evaluateDecision(dmn, 'discount', inputs[(count + i) & 4095]!);
      if (result !== null) matched++;
    }
    count += 1000;
  }
  const elapsed = (performance.now() - begin) / 1000;
  const perSecond = Math.round(count / elapsed);
  const label =
    `${hitPolicy}${aggregation ? ` ${aggregation}` : ''}${product === 'range' ? ', no index' : ''}`.padEnd(
      24,
    );
  console.log(
    `${label} ${rules} rules: ${perSecond.toLocaleString('en')} evaluations/s ` +
      `(${((elapsed / count) * 1e6).toFixed(2)} µs each, ${Math.round((matched / count) * 100)}% matched); ` +
      `parse and compile ${compileMs.toFixed(0)} ms`,
  );
}

await measure('UNIQUE');
await measure('FIRST');
await measure('COLLECT', 'COUNT');
// Every cell a range: nothing to index, each evaluation tests rule after rule.
await measure('UNIQUE', undefined, 'range');
await measure('FIRST', undefined, 'range');
