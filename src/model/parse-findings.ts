/**
 * Turns moddle-xml's warnings into findings. moddle-xml reads in lax mode: it skips what it
 * cannot read and reports it as a warning whose text carries the position (`unparsable content
 * <tag> detected / line / column / nested error`), or the element for unresolved references and
 * unknown attributes. The messages are matched here, in one place, so that a change in their
 * wording breaks one test rather than the importer.
 */
import type { ModdleWarning } from 'bpmn-moddle';
import type { Finding } from './findings.js';
import { type ModdleElement, enclosingProcess, idOf, isModdleElement } from './moddle-element.js';
import { type SourcePositions, type SourceTag, localName, nearestId, processIdOf } from './xml-positions.js';

const UNPARSABLE =
  /^unparsable content ([\s\S]*?) ?detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: ([\s\S]*)$/;

/** saxen's own complaints: the text is not well-formed XML (or not namespace-well-formed). */
const NOT_WELL_FORMED = [
  /^unexpected end of file/,
  /^missing start tag/,
  /^unclosed (cdata|comment|question|tag)/,
  /^missing open tag/,
  /^closing tag mismatch/,
  /^close tag/,
  /^illegal first char/,
  /^invalid nodeName/,
  /^missing namespace (on|for prefix)/,
  /^illegal value of xmlns:xml/,
  /^missing attribute value/,
  /^illegal attribute name char/,
  /^illegal declaration of xmlns/,
  /^attribute value quote missmatch/,
  /^missing closing quotes/,
  /^illegal character after attribute end/,
  /^attribute <[^>]*> already defined/,
  /^non-whitespace outside of root node/,
];

/** Errors found at the end of the text point there, not at the line saxen happens to report. */
const AT_END_OF_FILE = /^(unexpected end of file|unclosed )/;

/**
 * Attributes Sluice reads from `$attrs` because moddle cannot declare them: it keys extension
 * properties by local name too, so `sluice:type` would clash with Camunda 7's `camunda:type` on
 * the same task types. They are expected where listed, and still reported anywhere else.
 */
const UNDECLARED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  'sluice:type': ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'],
};

export const isWellFormednessProblem = (nested: string): boolean =>
  NOT_WELL_FORMED.some((re) => re.test(nested));

export interface ParseFinding extends Finding {
  /** The text is not well-formed XML: nothing read from it can be trusted. */
  readonly malformed?: boolean;
}

/** Collects the ids that references point at but that no element has. */
export type DanglingReferences = WeakMap<ModdleElement, Map<string, string>>;

export function unparsableFinding(message: string, positions: SourcePositions): ParseFinding | undefined {
  const match = UNPARSABLE.exec(message);
  if (!match) return undefined;
  const [, content = '', line = '0', column = '0', nested = ''] = match;
  if (isWellFormednessProblem(nested)) {
    const at = AT_END_OF_FILE.test(nested)
      ? positions.end()
      : { line: Number(line) + 1, column: Number(column) + 1 };
    return { severity: 'error', message: `the XML is not well-formed: ${nested}`, ...at, malformed: true };
  }
  const offset = positions.offsetOf(Number(line), Number(column));
  const tag: SourceTag | undefined = positions.tagAt(offset);
  const where = { line: Number(line) + 1, column: Number(column) + 1 };
  const processId = processIdOf(tag);
  const context = { ...where, ...(processId !== undefined && { processId }) };
  const duplicate = /^duplicate ID <([^>]*)>/.exec(nested);
  if (duplicate) {
    return {
      severity: 'error',
      message: `duplicate id '${duplicate[1]}': this element and everything inside it are ignored`,
      elementId: duplicate[1],
      ...context,
    };
  }
  const illegal = /^illegal ID <([^>]*)>/.exec(nested);
  if (illegal) {
    return {
      severity: 'error',
      message: `'${illegal[1]}' is not a valid id (an XML name: a letter or '_' first); the element is ignored`,
      elementId: illegal[1],
      ...context,
    };
  }
  const elementId = nearestId(tag);
  const described = content.trim() || 'content';
  const unknown = /^(?:unrecognized element|unknown type) <([^>]*)>/.exec(nested);
  const text = unknown
    ? unknownMessage(described, unknown[1] ?? '')
    : `cannot read ${described}: ${nested}; it is ignored`;
  return { severity: 'warning', message: text, ...(elementId !== undefined && { elementId }), ...context };
}

export function warningFinding(
  warning: ModdleWarning,
  positions: SourcePositions,
  dangling: DanglingReferences,
): ParseFinding | undefined {
  // The importer decodes bytes itself, so moddle's complaint about the declared encoding is moot.
  if (warning.message.startsWith('unsupported document encoding')) return undefined;
  const unparsable = unparsableFinding(warning.message, positions);
  if (unparsable) return unparsable;
  const element = isModdleElement(warning.element) ? warning.element : undefined;
  // Definitions, DI labels and the like often have no id: name the nearest element that has one.
  const elementId = element ? nearestElementId(element) : undefined;
  const process = element && enclosingProcess(element);
  const processId = process && idOf(process);
  const tag = elementId !== undefined ? positions.tagById(elementId) : undefined;
  const context = {
    ...(elementId !== undefined && { elementId }),
    ...(processId !== undefined && { processId }),
    ...(tag && positions.positionOf(tag.offset)),
  };
  const property = (warning.property ?? '').replace(/^bpmn:/, '');
  const unresolved = /^unresolved reference <([^>]*)>/.exec(warning.message);
  if (unresolved) {
    const target = unresolved[1] ?? '';
    if (element && property) {
      const refs = dangling.get(element) ?? new Map<string, string>();
      refs.set(property, target);
      dangling.set(element, refs);
    }
    const owner = element ? element.$type.replace(/^bpmn:/, '') : 'element';
    // Without an id to find, point at where the missing id is written.
    const written = tag ? undefined : positions.find(`${property.replace(/^\w+:/, '')}="${target}"`);
    return {
      severity: 'warning',
      message: `${property || 'a reference'} of ${owner} points to '${target}', which is not defined`,
      ...context,
      ...(written !== undefined && positions.positionOf(written)),
    };
  }
  const unknownAttribute = /^unknown attribute <([^>]*)>/.exec(warning.message);
  if (unknownAttribute) {
    const expected = element && UNDECLARED_ATTRIBUTES[unknownAttribute[1] ?? '']?.includes(element.$type);
    if (expected) return undefined;
    return {
      severity: 'warning',
      message: `unknown attribute '${unknownAttribute[1]}' on ${element?.$type ?? 'an element'}; it is ignored`,
      ...context,
    };
  }
  return { severity: 'warning', message: warning.message, ...context };
}

/**
 * moddle names an unknown element by the type it looked for (`bpmn:FooTask` for <bpmn:fooTask>)
 * and an unknown xsi:type by that type; say which of the two the author wrote.
 */
function unknownMessage(tag: string, type: string): string {
  const tagName = /^<\/?([^\s/>]+)/.exec(tag)?.[1] ?? tag;
  const sameName = localName(tagName).toLowerCase() === localName(type).toLowerCase();
  return sameName
    ? `unknown element <${tagName}> is ignored`
    : `<${tagName}> has the unknown type '${type}'; it is ignored`;
}

function nearestElementId(element: ModdleElement): string | undefined {
  for (let node: ModdleElement | undefined = element; node; node = node.$parent) {
    const id = idOf(node);
    if (id !== undefined) return id;
  }
  return undefined;
}
