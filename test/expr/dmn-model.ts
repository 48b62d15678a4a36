/** Small DMN 1.3 models written inline, so that each test shows the table it is about. */
import { expect } from 'vitest';

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface TableSpec {
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  /** Input expressions with their type: `['Age:number', 'Tier:string']`. */
  readonly inputs: readonly string[];
  /** Output names with their output values (priority order) and default: `'Risk:string="high","low"'`. */
  readonly outputs: readonly { name: string; typeRef?: string; values?: string; default?: string }[];
  /** One row per rule: input entries, then output entries. */
  readonly rules: readonly (readonly string[])[];
  readonly inputValues?: Readonly<Record<number, string>>;
}

/** A model with one decision table `table` deciding `decision`, inputs as input data. */
export function tableModel(spec: TableSpec): string {
  const inputs = spec.inputs.map((input) => {
    const [name, typeRef] = input.split(':') as [string, string | undefined];
    return { name, typeRef };
  });
  const inputData = inputs
    .map(
      (input, i) =>
        `<inputData id="input${i}" name="${input.name}"><variable name="${input.name}"${input.typeRef ? ` typeRef="${input.typeRef}"` : ''}/></inputData>`,
    )
    .join('\n');
  const requirements = inputs
    .map(
      (_, i) =>
        `<informationRequirement id="req${i}"><requiredInput href="#input${i}"/></informationRequirement>`,
    )
    .join('');
  const inputClauses = inputs
    .map(
      (input, i) =>
        `<input id="in${i}" label="${input.name}"><inputExpression id="in${i}-expr"${input.typeRef ? ` typeRef="${input.typeRef}"` : ''}><text>${escapeXml(input.name)}</text></inputExpression>${
          spec.inputValues?.[i]
            ? `<inputValues id="in${i}-values"><text>${escapeXml(spec.inputValues[i])}</text></inputValues>`
            : ''
        }</input>`,
    )
    .join('\n');
  const outputClauses = spec.outputs
    .map(
      (o, i) =>
        `<output id="out${i}" name="${o.name}"${o.typeRef ? ` typeRef="${o.typeRef}"` : ''}>${
          o.values
            ? `<outputValues id="out${i}-values"><text>${escapeXml(o.values)}</text></outputValues>`
            : ''
        }${o.default ? `<defaultOutputEntry id="out${i}-default"><text>${escapeXml(o.default)}</text></defaultOutputEntry>` : ''}</output>`,
    )
    .join('\n');
  const rules = spec.rules
    .map((row, r) => {
      const cells = row.map((text, c) =>
        c < inputs.length
          ? `<inputEntry id="r${r + 1}-in${c}"><text>${escapeXml(text)}</text></inputEntry>`
          : `<outputEntry id="r${r + 1}-out${c - inputs.length}"><text>${escapeXml(text)}</text></outputEntry>`,
      );
      return `<rule id="rule${r + 1}">${cells.join('')}</rule>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="Test" namespace="https://sluice.dev/test">
  ${inputData}
  <decision id="decision" name="Decision">
    <variable name="Decision"/>
    ${requirements}
    <decisionTable id="table" hitPolicy="${spec.hitPolicy ?? 'UNIQUE'}"${spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''}>
      ${inputClauses}
      ${outputClauses}
      ${rules}
    </decisionTable>
  </decision>
</definitions>`;
}

/** A model from raw DRG elements (decisions, input data, BKMs) inside <definitions>. */
export function model(elements: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="Test" namespace="https://sluice.dev/test">
${elements}
</definitions>`;
}

// vitest's asymmetric matchers are typed `any`; these say what they stand for.
export const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
export const anyString = (): string => expect.any(String) as string;
export const anyNumber = (): number => expect.any(Number) as number;
export const like = <T extends object>(partial: T): T =>
  expect.objectContaining(partial as Record<string, unknown>) as T;
