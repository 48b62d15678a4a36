/**
 * A DMN 1.3 model as Sluice reads it: the decision requirement graph and its boxed
 * expressions, as plain data (no moddle objects), each part with the element id that findings
 * and warnings name. dmn-parse.ts builds it from XML; dmn-compile.ts turns it into closures.
 */

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export const hitPolicies: readonly HitPolicy[] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];

/** A name with its declared type (DMN's InformationItem). */
export interface TypedName {
  readonly name: string;
  readonly typeRef?: string;
}

export interface Text {
  readonly id: string;
  readonly text: string;
}

export type BoxedExpression =
  | LiteralExpression
  | DecisionTableModel
  | ContextExpression
  | InvocationExpression
  | FunctionDefinitionExpression
  | RelationExpression
  | ListExpression;

export interface LiteralExpression {
  readonly kind: 'literal';
  readonly id: string;
  readonly text: string;
  readonly typeRef?: string;
}

export interface InputClause {
  readonly id: string;
  readonly label?: string;
  readonly expression: Text;
  readonly typeRef?: string;
  readonly inputValues?: Text;
}

export interface OutputClause {
  readonly id: string;
  readonly name?: string;
  readonly typeRef?: string;
  readonly outputValues?: Text;
  readonly defaultOutput?: Text;
}

export interface Rule {
  readonly id: string;
  readonly inputEntries: readonly Text[];
  readonly outputEntries: readonly Text[];
}

export interface DecisionTableModel {
  readonly kind: 'decision-table';
  readonly id: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation?: Aggregation;
  readonly inputs: readonly InputClause[];
  readonly outputs: readonly OutputClause[];
  readonly rules: readonly Rule[];
  readonly typeRef?: string;
}

export interface ContextEntryModel {
  readonly id: string;
  /** Absent for the final entry whose value is the context's result. */
  readonly variable?: TypedName;
  readonly value?: BoxedExpression;
}

export interface ContextExpression {
  readonly kind: 'context';
  readonly id: string;
  readonly entries: readonly ContextEntryModel[];
  readonly typeRef?: string;
}

export interface Binding {
  readonly parameter: TypedName;
  readonly value?: BoxedExpression;
}

export interface InvocationExpression {
  readonly kind: 'invocation';
  readonly id: string;
  /** The FEEL text naming the function, usually a business knowledge model's name. */
  readonly callee: string;
  readonly bindings: readonly Binding[];
  readonly typeRef?: string;
}

export interface FunctionDefinitionExpression {
  readonly kind: 'function';
  readonly id: string;
  /** FEEL, Java or PMML; only FEEL bodies evaluate. */
  readonly language: string;
  readonly parameters: readonly TypedName[];
  readonly body?: BoxedExpression;
  readonly typeRef?: string;
}

export interface RelationExpression {
  readonly kind: 'relation';
  readonly id: string;
  readonly columns: readonly TypedName[];
  readonly rows: readonly { readonly id: string; readonly cells: readonly (BoxedExpression | undefined)[] }[];
  readonly typeRef?: string;
}

export interface ListExpression {
  readonly kind: 'list';
  readonly id: string;
  readonly items: readonly BoxedExpression[];
  readonly typeRef?: string;
}

export interface Requirements {
  /** Ids of required decisions, input data, knowledge (BKMs, decision services). */
  readonly decisions: readonly string[];
  readonly inputs: readonly string[];
  readonly knowledge: readonly string[];
}

export interface DecisionModel {
  readonly kind: 'decision';
  readonly id: string;
  readonly name: string;
  readonly variable: TypedName;
  readonly requires: Requirements;
  readonly logic?: BoxedExpression;
  /** The namespace prefix its name is seen under from another model ('' for the main one). */
  readonly prefix: string;
}

export interface InputDataModel {
  readonly kind: 'input';
  readonly id: string;
  readonly name: string;
  readonly variable: TypedName;
  readonly prefix: string;
}

export interface KnowledgeModel {
  readonly kind: 'bkm';
  readonly id: string;
  readonly name: string;
  readonly variable: TypedName;
  readonly requires: Requirements;
  readonly logic?: FunctionDefinitionExpression;
  readonly prefix: string;
}

export interface DecisionServiceModel {
  readonly kind: 'decision-service';
  readonly id: string;
  readonly name: string;
  readonly variable: TypedName;
  readonly outputDecisions: readonly string[];
  readonly encapsulatedDecisions: readonly string[];
  readonly inputDecisions: readonly string[];
  readonly inputData: readonly string[];
  readonly prefix: string;
}

export type DrgElement = DecisionModel | InputDataModel | KnowledgeModel | DecisionServiceModel;

export interface ItemDefinitionModel {
  readonly id: string;
  readonly name: string;
  readonly typeRef?: string;
  readonly isCollection: boolean;
  readonly allowedValues?: Text;
  readonly components: readonly ItemDefinitionModel[];
  readonly functionItem?: { readonly parameters: readonly TypedName[]; readonly outputTypeRef?: string };
  readonly prefix: string;
}

export interface DefinitionsModel {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly elements: readonly DrgElement[];
  readonly itemDefinitions: readonly ItemDefinitionModel[];
}
