/**
 * BPMN 2.0 XML in, one entry per process out: counts for every process, and for executable ones
 * a ProcessGraph plus findings. Bad input never throws: XML that is not well-formed comes back
 * with `parsed: false` and an error finding that says where.
 *
 * A process gets a graph only when no error was found in it, so that a caller holding a graph
 * holds one that core can run. Findings are positioned (line and column) wherever the element
 * they name can be found in the source.
 */
import { codeNotExecuted } from './camunda-code.js';
import { compileProcess } from './compile-process.js';
import { type ElementCounts, countElements } from './element-counts.js';
import { type Finding, hasErrors } from './findings.js';
import type { DiagramLayout } from './diagram-layout.js';
import type { ProcessGraph } from './graph.js';
import { type ModdleElement, attr, flag, idOf, many } from './moddle-element.js';
import { type ReadBpmn, readBpmn } from './read-bpmn.js';
import { readLayout } from './read-diagram.js';
import { validateProcess } from './validate-process.js';
import { decodeXml } from './xml-decode.js';

export interface ImportedProcess {
  readonly processId: string;
  readonly name?: string;
  /** `isExecutable="false"` marks a process as documentation; a missing attribute means executable. */
  readonly executable: boolean;
  /** Present for executable processes without errors. */
  readonly graph?: ProcessGraph;
  readonly counts: ElementCounts;
  /** The drawing of the process's elements and flows, when the file has diagram interchange. */
  readonly layout?: DiagramLayout;
}

export interface BpmnImport {
  readonly parsed: boolean;
  /** Every process in the file, in document order, including those of collaboration participants. */
  readonly processes: readonly ImportedProcess[];
  readonly findings: readonly Finding[];
}

export async function importBpmn(source: string | Uint8Array, fileName?: string): Promise<BpmnImport> {
  const decoded = decodeXml(source, fileName);
  const read = await readBpmn(decoded.text, fileName);
  const findings: Finding[] = [...decoded.findings, ...read.findings];
  const definitions = read.definitions;
  if (!read.parsed || !definitions) return { parsed: false, processes: [], findings };
  const processes = many(definitions, 'rootElements')
    .filter((element) => element.$type === 'bpmn:Process')
    .map((process) => importProcess(process, definitions, read, findings));
  return { parsed: true, processes, findings };
}

/** Appends the process's findings to `findings` and returns what was imported. */
function importProcess(
  process: ModdleElement,
  definitions: ModdleElement,
  read: ReadBpmn,
  findings: Finding[],
): ImportedProcess {
  const processId = idOf(process) ?? '';
  const name = attr(process, 'name');
  const executable = flag(process, 'isExecutable') !== false;
  const layout = readLayout(definitions, process);
  const entry = {
    processId,
    ...(name !== undefined && { name }),
    executable,
    counts: countElements(process),
    ...(layout && { layout }),
  };
  if (!executable) return entry;
  const compiled = compileProcess(process, read.dangling);
  const own = [...compiled.findings, ...codeNotExecuted(process), ...validateProcess(compiled.graph)].map(
    (f) => positioned(f, read),
  );
  findings.push(...own);
  const readErrors = read.findings.filter((f) => f.processId === processId);
  return hasErrors(own) || hasErrors(readErrors) ? entry : { ...entry, graph: compiled.graph };
}

function positioned(finding: Finding, read: ReadBpmn): Finding {
  if (finding.line !== undefined || finding.elementId === undefined) return finding;
  const tag = read.positions.tagById(finding.elementId);
  return tag ? { ...finding, ...read.positions.positionOf(tag.offset) } : finding;
}
