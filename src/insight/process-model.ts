/**
 * The control flow of a BPMN model, for conformance checking. `importBpmn` gives a graph only
 * for executable processes without errors, because only those can run; a model drawn for
 * analysis (isExecutable="false", gateways without conditions) still has a perfectly good
 * control flow. So when import gives no graph, the process is compiled directly; the
 * findings that kept it from running do not matter to replay.
 */
import { compileProcess } from '../model/compile-process.js';
import { importBpmn } from '../model/index.js';
import type { ProcessGraph } from '../model/graph.js';
import { many } from '../model/moddle-element.js';
import { readBpmn } from '../model/read-bpmn.js';
import { decodeXml } from '../model/xml-decode.js';
import { EventLogImportError } from './log-findings.js';

/** The graph of the process `processId`, or of the file's first process. */
export async function processModel(
  source: string | Uint8Array,
  fileName?: string,
  processId?: string,
): Promise<ProcessGraph> {
  const imported = await importBpmn(source, fileName);
  const fail = (code: string, message: string): never => {
    throw new EventLogImportError([
      { severity: 'error', code, message, ...(fileName !== undefined && { file: fileName }) },
    ]);
  };
  if (!imported.parsed) {
    const first = imported.findings.find((f) => f.severity === 'error');
    fail('unreadable-model', first?.message ?? 'the BPMN file cannot be read');
  }
  const wanted = imported.processes.find((p) => processId === undefined || p.processId === processId);
  if (!wanted)
    fail(
      'no-process',
      processId === undefined ? 'the file has no process' : `the file has no process '${processId}'`,
    );
  if (wanted!.graph) return wanted!.graph;
  const read = await readBpmn(decodeXml(source, fileName).text, fileName);
  const process = many(read.definitions!, 'rootElements').find(
    (element) => element.$type === 'bpmn:Process' && (element as { id?: string }).id === wanted!.processId,
  );
  return compileProcess(process!, read.dangling).graph;
}
