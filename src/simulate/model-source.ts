/** The process to simulate, read from BPMN XML: the one the scenario names, else the first executable one. */
import { SluiceError } from '../engine/errors.js';
import { importBpmn } from '../model/bpmn-import.js';
import { formatFinding } from '../model/findings.js';
import type { ProcessGraph } from '../model/graph.js';

export async function simulationGraph(
  source: string | Uint8Array,
  fileName: string,
  processId?: string,
): Promise<ProcessGraph> {
  const imported = await importBpmn(source, fileName);
  const candidates = imported.processes.filter(
    (p) => p.graph && (processId === undefined || p.processId === processId),
  );
  const chosen = candidates.find((p) => p.executable) ?? candidates[0];
  if (chosen?.graph) return chosen.graph;
  const errors = imported.findings.filter((f) => f.severity === 'error');
  throw new SluiceError(
    'invalid',
    'model-not-simulable',
    processId !== undefined && imported.processes.some((p) => p.processId === processId)
      ? `process '${processId}' in ${fileName} has errors: ${errors.map(formatFinding).join('; ')}`
      : processId !== undefined
        ? `${fileName} has no process '${processId}'`
        : `${fileName} has no process that can run${errors.length > 0 ? `: ${errors.map(formatFinding).join('; ')}` : ''}`,
    processId !== undefined
      ? `processes in the file: ${imported.processes.map((p) => p.processId).join(', ') || '(none)'}`
      : 'check the file with sluice validate',
    errors,
  );
}
