/**
 * The semantic checks of a compiled process. Both ways of making a ProcessGraph (BPMN XML and the
 * builder) run exactly this function, so a rule is written once and holds for both. What XML can
 * say but a graph cannot hold (elements core cannot run yet, scripts in other languages) is
 * reported by the compiler instead.
 *
 * Every finding names the element it is about and the process; the process itself is the
 * element for process-wide problems. Non-executable processes are not validated: they are
 * documentation, and get counts only.
 */
import type { Finding } from './findings.js';
import type { ProcessGraph } from './graph.js';
import { checkElements } from './validate-elements.js';
import { checkExpressions } from './validate-expressions.js';
import { checkStructure } from './validate-structure.js';
import type { Report } from './validation-report.js';

export function validateProcess(graph: ProcessGraph): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (severity, elementId, message) => {
    findings.push({ severity, message, elementId, processId: graph.id });
  };
  checkStructure(graph, report);
  checkElements(graph, report);
  checkExpressions(graph, report);
  return findings;
}

/** Thrown by the builder when a process has errors; carries all findings, not just the first. */
export class ProcessValidationError extends Error {
  constructor(
    readonly processId: string,
    readonly findings: readonly Finding[],
  ) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(
      `process '${processId}' has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map((f) => `  ${formatLine(f)}`).join('\n')}`,
    );
    this.name = 'ProcessValidationError';
  }
}

const formatLine = (f: Finding): string => (f.elementId ? `${f.elementId}: ${f.message}` : f.message);
