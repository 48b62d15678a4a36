/**
 * Reads BPMN XML text into bpmn-moddle's element tree, with the Camunda 7, Camunda 8 (Zeebe)
 * and Sluice extensions registered, and reports everything moddle tolerated as findings.
 * Never throws for bad input: text that is not well-formed XML, or not BPMN, comes back as
 * `parsed: false` with an error finding that says where.
 *
 * The Sluice extension (sluice-moddle.json, namespace https://sluice.dev/schema/bpmn/1.0,
 * prefix `sluice`) adds two attributes to service, send and business-rule tasks:
 *   sluice:type="charge-card"  the job type a handler or worker subscribes to;
 *   sluice:retries="5"         attempts before the job becomes an incident (default 3).
 * They let a plain BPMN file name its work without a vendor extension. Only `retries` is
 * declared in the descriptor: moddle keys extension properties by local name as well, so a
 * declared `sluice:type` would clash with Camunda 7's `camunda:type` on the same elements.
 * moddle keeps the undeclared attribute in `$attrs` under its namespace's registered prefix
 * (whatever prefix the file binds), where the compiler reads it.
 */
import { BpmnModdle, type ModdleParseError, type ModdleWarning } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import sluice from './sluice-moddle.json' with { type: 'json' };
import { type ModdleElement, isModdleElement } from './moddle-element.js';
import {
  type DanglingReferences,
  type ParseFinding,
  unparsableFinding,
  warningFinding,
} from './parse-findings.js';
import type { Finding } from './findings.js';
import { SourcePositions } from './xml-positions.js';

export interface ReadBpmn {
  readonly parsed: boolean;
  readonly definitions?: ModdleElement;
  readonly findings: readonly Finding[];
  readonly positions: SourcePositions;
  /** For each element, the ids its unresolved references named (`sourceRef` → `Task_9`). */
  readonly dangling: DanglingReferences;
}

/**
 * Camunda 7 and Zeebe both add `modelerTemplate` to every flow element; moddle refuses the
 * second definition, which makes any element unreadable. Sluice never reads the template
 * attributes, so Camunda's copy of that trait is left out; the attribute still lands in $attrs.
 */
const camundaWithoutTemplates = {
  ...camunda,
  types: camunda.types.filter((type) => type.name !== 'TemplateSupported'),
};

// The packages are static, and moddle's type registry only grows from them, so one instance
// is shared by all imports and exports: building it costs more than parsing a typical file.
// Parse state lives in each fromXML call, and fromXML runs to completion synchronously.
let sharedModdle: BpmnModdle | undefined;
export const bpmnModdle = (): BpmnModdle =>
  (sharedModdle ??= new BpmnModdle({ camunda: camundaWithoutTemplates, zeebe, sluice }));

const BPMN_ROOT = /^failed to parse document as <bpmn:Definitions>/;

/**
 * Activiti's namespace, which Camunda 7 still reads as its own (models drawn for Activiti, or
 * exported by tools that kept it, bind `camunda:` or `activiti:` to it). Declaring it as
 * Camunda's, before parsing, reads those attributes as Camunda 7 ones. Only the namespace URI
 * changes, so line numbers stay true.
 */
const ACTIVITI_NAMESPACE = /(\sxmlns:[\w.-]+\s*=\s*["'])http:\/\/activiti\.org\/bpmn(["'])/g;
const CAMUNDA_NAMESPACE = 'http://camunda.org/schema/1.0/bpmn';

export async function readBpmn(source: string, fileName?: string): Promise<ReadBpmn> {
  const text = source.replace(ACTIVITI_NAMESPACE, `$1${CAMUNDA_NAMESPACE}$2`);
  const positions = new SourcePositions(text);
  const dangling: DanglingReferences = new WeakMap();
  const collect = (warnings: readonly ModdleWarning[] = []): ParseFinding[] =>
    warnings.flatMap((w) => warningFinding(w, positions, dangling) ?? []);
  try {
    const result = await bpmnModdle().fromXML(text);
    const findings = collect(result.warnings);
    const malformed = findings.some((f) => f.malformed);
    const definitions = isModdleElement(result.rootElement) ? result.rootElement : undefined;
    return {
      parsed: !malformed && definitions !== undefined,
      ...(!malformed && definitions && { definitions }),
      findings: findings.map(stripMarker),
      positions,
      dangling,
    };
  } catch (error) {
    const failure = error as ModdleParseError;
    const message = failure.message ?? '';
    const findings = collect(failure.warnings);
    if (BPMN_ROOT.test(message)) {
      return { parsed: false, findings: [notBpmnFinding(findings, fileName)], positions, dangling };
    }
    const fatal = unparsableFinding(message, positions) ?? {
      severity: 'error' as const,
      message: `${fileName ? `'${fileName}'` : 'the document'} cannot be read: ${message}`,
    };
    return { parsed: false, findings: [...findings, fatal].map(stripMarker), positions, dangling };
  }
}

/** moddle could read XML but found no `bpmn:definitions` root; point at the root it found. */
function notBpmnFinding(findings: readonly ParseFinding[], fileName?: string): Finding {
  const file = fileName ? `'${fileName}'` : 'the document';
  const root = findings.find((f) => f.line !== undefined);
  return {
    severity: 'error',
    message: `${file} is not BPMN 2.0: its root must be <definitions> in namespace http://www.omg.org/spec/BPMN/20100524/MODEL`,
    ...(root && { line: root.line, column: root.column }),
  };
}

const stripMarker = ({ malformed: _malformed, ...finding }: ParseFinding): Finding => finding;
