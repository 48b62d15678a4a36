/**
 * DMN XML to the plain model of dmn-model.ts. dmn-moddle reads the XML; this walks its element
 * tree once and keeps what evaluation needs. Problems in the file come back as findings with
 * element ids (and line and column when the XML parser gave them), never as exceptions.
 *
 * dmn-moddle reads only the DMN 1.3 namespace. DMN 1.1, 1.2, 1.4 and 1.5 models use the same
 * elements for everything Sluice evaluates, so their namespace is mapped to 1.3's first, with a
 * warning saying so.
 */
import { DmnModdle, type DmnModdleError, type DmnModdleWarning } from 'dmn-moddle';
import type {
  Aggregation,
  BoxedExpression,
  DecisionTableModel,
  DefinitionsModel,
  DrgElement,
  FunctionDefinitionExpression,
  HitPolicy,
  ItemDefinitionModel,
  Requirements,
  Text,
  TypedName,
} from './dmn-model.js';
import { hitPolicies } from './dmn-model.js';

export interface DmnFinding {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The DMN element the finding is about, when there is one. */
  readonly elementId?: string;
  /** 1-based position in the XML source, when the parser reported one. */
  readonly line?: number;
  readonly column?: number;
}

export interface ImportDeclaration {
  readonly name: string;
  readonly namespace: string;
  readonly locationURI?: string;
}

export interface ReadDefinitions {
  readonly definitions?: DefinitionsModel;
  readonly imports: readonly ImportDeclaration[];
  readonly findings: readonly DmnFinding[];
}

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const OTHER_DMN_VERSIONS: Readonly<Record<string, string>> = {
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd': '1.1',
  'http://www.omg.org/spec/DMN/20180521/MODEL/': '1.2',
  'https://www.omg.org/spec/DMN/20211108/MODEL/': '1.4',
  'https://www.omg.org/spec/DMN/20230324/MODEL/': '1.5',
};

type Node = Record<string, unknown> & { readonly $type: string };

const isNode = (value: unknown): value is Node =>
  value !== null && typeof value === 'object' && typeof (value as { $type?: unknown }).$type === 'string';
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const nodes = (value: unknown): Node[] => (Array.isArray(value) ? value.filter(isNode) : []);

/** Reads one DMN file; `prefix` is the import name its elements are seen under ('' for the main model). */
export async function readDefinitions(source: string, prefix = ''): Promise<ReadDefinitions> {
  const findings: DmnFinding[] = [];
  let xml = source;
  for (const [namespace, version] of Object.entries(OTHER_DMN_VERSIONS)) {
    if (xml.includes(`"${namespace}"`)) {
      xml = xml.split(`"${namespace}"`).join(`"${DMN13}"`);
      findings.push({
        severity: 'warning',
        message: `the model uses the DMN ${version} namespace; it is read as DMN 1.3`,
      });
    }
  }
  let root: unknown;
  try {
    const result = await new DmnModdle().fromXML(xml, 'dmn:Definitions');
    root = result.rootElement;
    for (const warning of result.warnings) findings.push(moddleFinding(warning, 'warning'));
  } catch (error) {
    const failure = error as DmnModdleError;
    for (const warning of failure.warnings ?? []) findings.push(moddleFinding(warning, 'warning'));
    const message = /failed to parse document as <dmn:Definitions>/.test(failure.message)
      ? 'the file is not a DMN 1.3 model (no <definitions> in the DMN 1.3 namespace)'
      : `the XML is not well-formed: ${firstLine(failure.message)}`;
    findings.push({ severity: 'error', message, ...position(failure.message) });
    return { imports: [], findings };
  }
  if (!isNode(root)) {
    findings.push({ severity: 'error', message: 'the file holds no DMN definitions' });
    return { imports: [], findings };
  }
  const reader = new Reader(prefix, findings);
  const definitions: DefinitionsModel = {
    id: str(root.id) ?? '',
    name: str(root.name) ?? '',
    namespace: str(root.namespace) ?? '',
    elements: nodes(root.drgElement)
      .map((element) => reader.element(element))
      .filter((e): e is DrgElement => e !== undefined),
    itemDefinitions: nodes(root.itemDefinition).map((item) => reader.itemDefinition(item)),
  };
  const imports = nodes(root.import).map((i) => ({
    name: str(i.name) ?? '',
    namespace: str(i.namespace) ?? '',
    ...(str(i.locationURI) !== undefined && { locationURI: str(i.locationURI)! }),
  }));
  return { definitions, imports, findings };
}

function moddleFinding(warning: DmnModdleWarning, severity: DmnFinding['severity']): DmnFinding {
  const element = warning.element as { id?: unknown } | undefined;
  const elementId = typeof element?.id === 'string' ? element.id : undefined;
  return {
    severity,
    message: firstLine(warning.message),
    ...(elementId !== undefined && { elementId }),
    ...position(warning.message),
  };
}

const firstLine = (message: string): string => message.split('\n')[0]!.trim();

/** moddle-xml reports `line: 0` for the first line (0-based) and a 0-based column. */
function position(message: string): { line?: number; column?: number } {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  if (!line) return {};
  return { line: Number(line[1]) + 1, ...(column && { column: Number(column[1]) + 1 }) };
}

/** The id an href points at: `#id` or `namespace#id`. */
export function hrefId(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  const hash = href.lastIndexOf('#');
  return hash === -1 ? href : href.slice(hash + 1);
}

class Reader {
  private synthetic = 0;

  constructor(
    private readonly prefix: string,
    private readonly findings: DmnFinding[],
  ) {}

  private idOf(node: Node, fallback: string): string {
    return str(node.id) ?? `${fallback}#${++this.synthetic}`;
  }

  private typed(node: unknown, fallbackName = ''): TypedName {
    if (!isNode(node)) return { name: fallbackName };
    const typeRef = str(node.typeRef);
    return { name: str(node.name) ?? fallbackName, ...(typeRef !== undefined && { typeRef }) };
  }

  private text(node: unknown, fallbackId: string): Text | undefined {
    if (!isNode(node)) return undefined;
    return { id: this.idOf(node, fallbackId), text: str(node.text) ?? '' };
  }

  private requirements(node: Node): Requirements {
    const decisions: string[] = [];
    const inputs: string[] = [];
    const knowledge: string[] = [];
    for (const requirement of nodes(node.informationRequirement)) {
      const decision = hrefId((requirement.requiredDecision as { href?: unknown } | undefined)?.href);
      const input = hrefId((requirement.requiredInput as { href?: unknown } | undefined)?.href);
      if (decision) decisions.push(decision);
      if (input) inputs.push(input);
    }
    for (const requirement of nodes(node.knowledgeRequirement)) {
      const required = hrefId((requirement.requiredKnowledge as { href?: unknown } | undefined)?.href);
      if (required) knowledge.push(required);
    }
    return { decisions, inputs, knowledge };
  }

  element(node: Node): DrgElement | undefined {
    const id = this.idOf(node, 'element');
    const name = str(node.name) ?? id;
    const variable = this.typed(node.variable, name);
    const prefix = this.prefix;
    switch (node.$type) {
      case 'dmn:Decision': {
        const logic = isNode(node.decisionLogic) ? this.expression(node.decisionLogic, id) : undefined;
        if (!logic)
          this.findings.push({
            severity: 'warning',
            elementId: id,
            message: `decision '${name}' has no decision logic`,
          });
        return {
          kind: 'decision',
          id,
          name,
          variable,
          requires: this.requirements(node),
          prefix,
          ...(logic && { logic }),
        };
      }
      case 'dmn:InputData':
        return { kind: 'input', id, name, variable, prefix };
      case 'dmn:BusinessKnowledgeModel': {
        const logic = isNode(node.encapsulatedLogic)
          ? this.expression(node.encapsulatedLogic, id)
          : undefined;
        if (logic && logic.kind !== 'function') {
          this.findings.push({
            severity: 'error',
            elementId: id,
            message: `business knowledge model '${name}' must hold a function definition`,
          });
        }
        return {
          kind: 'bkm',
          id,
          name,
          variable,
          requires: this.requirements(node),
          prefix,
          ...(logic?.kind === 'function' && { logic }),
        };
      }
      case 'dmn:DecisionService': {
        const refs = (value: unknown) =>
          (Array.isArray(value) ? value : [])
            .map((r) => hrefId((r as { href?: unknown }).href))
            .filter((r): r is string => r !== undefined);
        return {
          kind: 'decision-service',
          id,
          name,
          variable,
          prefix,
          outputDecisions: refs(node.outputDecision),
          encapsulatedDecisions: refs(node.encapsulatedDecision),
          inputDecisions: refs(node.inputDecision),
          inputData: refs(node.inputData),
        };
      }
      default:
        return undefined; // knowledge sources and the like carry nothing to evaluate
    }
  }

  itemDefinition(node: Node): ItemDefinitionModel {
    const id = this.idOf(node, 'itemDefinition');
    const typeRef = str(node.typeRef) ?? str((node.typeRef as { text?: unknown } | undefined)?.text);
    const allowedValues = this.text(node.allowedValues, `${id}/allowedValues`);
    const functionItem = isNode(node.functionItem)
      ? {
          parameters: nodes(node.functionItem.parameters).map((p) => this.typed(p)),
          ...(str(node.functionItem.outputTypeRef) !== undefined && {
            outputTypeRef: str(node.functionItem.outputTypeRef)!,
          }),
        }
      : undefined;
    return {
      id,
      name: str(node.name) ?? id,
      isCollection: node.isCollection === true,
      components: nodes(node.itemComponent).map((c) => this.itemDefinition(c)),
      prefix: this.prefix,
      ...(typeRef !== undefined && { typeRef: typeRef.trim() }),
      ...(allowedValues && { allowedValues }),
      ...(functionItem && { functionItem }),
    };
  }

  expression(node: Node, ownerId: string): BoxedExpression | undefined {
    const id = this.idOf(node, ownerId);
    const typeRef = str(node.typeRef);
    const typed = typeRef !== undefined ? { typeRef } : {};
    switch (node.$type) {
      case 'dmn:LiteralExpression':
        return { kind: 'literal', id, text: str(node.text) ?? '', ...typed };
      case 'dmn:DecisionTable':
        return this.decisionTable(node, id);
      case 'dmn:Context':
        return {
          kind: 'context',
          id,
          ...typed,
          entries: nodes(node.contextEntry).map((entry) => {
            const entryId =
              str(entry.id) ??
              str((entry.variable as { id?: unknown } | undefined)?.id) ??
              this.idOf(entry, id);
            const value = isNode(entry.value) ? this.expression(entry.value, entryId) : undefined;
            return {
              id: entryId,
              ...(isNode(entry.variable) && { variable: this.typed(entry.variable) }),
              ...(value && { value }),
            };
          }),
        };
      case 'dmn:Invocation': {
        const called = isNode(node.calledFunction) ? str(node.calledFunction.text) : undefined;
        if (!called)
          this.findings.push({
            severity: 'error',
            elementId: id,
            message: 'the invocation names no function',
          });
        return {
          kind: 'invocation',
          id,
          ...typed,
          callee: (called ?? '').trim(),
          bindings: nodes(node.binding).map((binding) => {
            const value = isNode(binding.bindingFormula)
              ? this.expression(binding.bindingFormula, id)
              : undefined;
            return { parameter: this.typed(binding.parameter), ...(value && { value }) };
          }),
        };
      }
      case 'dmn:FunctionDefinition':
        return this.functionDefinition(node, id, typed);
      case 'dmn:Relation':
        return {
          kind: 'relation',
          id,
          ...typed,
          columns: nodes(node.column).map((c) => this.typed(c)),
          rows: nodes(node.row).map((row) => ({
            id: this.idOf(row, id),
            cells: nodes(row.elements).map((cell) => this.expression(cell, id)),
          })),
        };
      case 'dmn:List':
        return {
          kind: 'list',
          id,
          ...typed,
          items: nodes(node.elements)
            .map((item) => this.expression(item, id))
            .filter((e): e is BoxedExpression => e !== undefined),
        };
      default:
        this.findings.push({
          severity: 'error',
          elementId: id,
          message: `${node.$type} is not a supported expression`,
        });
        return undefined;
    }
  }

  private functionDefinition(
    node: Node,
    id: string,
    typed: { typeRef?: string },
  ): FunctionDefinitionExpression {
    const body = isNode(node.body) ? this.expression(node.body, id) : undefined;
    return {
      kind: 'function',
      id,
      ...typed,
      language: str(node.kind) ?? 'FEEL',
      parameters: nodes(node.formalParameter).map((p) => this.typed(p)),
      ...(body && { body }),
    };
  }

  private decisionTable(node: Node, id: string): DecisionTableModel {
    const hitPolicy = (str(node.hitPolicy) ?? 'UNIQUE') as HitPolicy;
    if (!hitPolicies.includes(hitPolicy)) {
      this.findings.push({ severity: 'error', elementId: id, message: `unknown hit policy '${hitPolicy}'` });
    }
    const aggregation = str(node.aggregation) as Aggregation | undefined;
    const inputs = nodes(node.input).map((input) => {
      const inputId = this.idOf(input, id);
      const expression = isNode(input.inputExpression) ? input.inputExpression : undefined;
      const typeRef = expression ? str(expression.typeRef) : undefined;
      const inputValues = this.text(input.inputValues, `${inputId}/inputValues`);
      const label = str(input.label);
      return {
        id: inputId,
        expression: this.text(expression, `${inputId}/inputExpression`) ?? { id: inputId, text: '' },
        ...(label !== undefined && { label }),
        ...(typeRef !== undefined && { typeRef }),
        ...(inputValues && { inputValues }),
      };
    });
    const outputs = nodes(node.output).map((output) => {
      const outputId = this.idOf(output, id);
      const outputValues = this.text(output.outputValues, `${outputId}/outputValues`);
      const defaultOutput = this.text(output.defaultOutputEntry, `${outputId}/defaultOutputEntry`);
      const name = str(output.name);
      const typeRef = str(output.typeRef);
      return {
        id: outputId,
        ...(name !== undefined && { name }),
        ...(typeRef !== undefined && { typeRef }),
        ...(outputValues && { outputValues }),
        ...(defaultOutput && { defaultOutput }),
      };
    });
    if (outputs.length === 0)
      this.findings.push({ severity: 'error', elementId: id, message: 'the decision table has no output' });
    if (outputs.length > 1 && outputs.some((o) => !o.name)) {
      this.findings.push({
        severity: 'error',
        elementId: id,
        message: 'a decision table with several outputs must name each',
      });
    }
    if (aggregation !== undefined && outputs.length > 1) {
      this.findings.push({
        severity: 'error',
        elementId: id,
        message: `${aggregation} aggregates one output only; the table has ${outputs.length}`,
      });
    }
    const rules = nodes(node.rule).map((rule, index) => {
      const ruleId = this.idOf(rule, `${id}/rule${index + 1}`);
      const inputEntries = nodes(rule.inputEntry).map((e, i) => this.text(e, `${ruleId}/input${i + 1}`)!);
      const outputEntries = nodes(rule.outputEntry).map((e, i) => this.text(e, `${ruleId}/output${i + 1}`)!);
      if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
        this.findings.push({
          severity: 'error',
          elementId: ruleId,
          message: `rule ${index + 1} has ${inputEntries.length} input and ${outputEntries.length} output entries; the table has ${inputs.length} inputs and ${outputs.length} outputs`,
        });
      }
      return { id: ruleId, inputEntries, outputEntries };
    });
    const table: DecisionTableModel = {
      kind: 'decision-table',
      id,
      hitPolicy,
      inputs,
      outputs,
      rules,
      ...(aggregation !== undefined && { aggregation }),
      ...(str(node.typeRef) !== undefined && { typeRef: str(node.typeRef)! }),
    };
    return table;
  }
}
