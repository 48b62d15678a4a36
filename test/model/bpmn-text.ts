/** Small BPMN documents for tests, with every namespace the importer knows declared. */
import { type Finding, type ProcessGraph, formatFinding, importBpmn } from '../../src/model/index.js';

export const namespaces = {
  bpmn: 'http://www.omg.org/spec/BPMN/20100524/MODEL',
  zeebe: 'http://camunda.org/schema/zeebe/1.0',
  camunda: 'http://camunda.org/schema/1.0/bpmn',
  sluice: 'https://sluice.dev/schema/bpmn/1.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

const declarations = Object.entries(namespaces)
  .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
  .join(' ');

/** A definitions document around `body`; the declaration is on the first line, the root on the second. */
export const definitions = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions ${declarations} id="definitions">\n${body}\n</bpmn:definitions>\n`;

/** An executable process `id` holding `body`. */
export const executableProcess = (id: string, body: string): string =>
  definitions(`<bpmn:process id="${id}" isExecutable="true">\n${body}\n</bpmn:process>`);

/** The graph of the only process in `xml`; fails with the findings when there is none. */
export async function graphOf(xml: string): Promise<ProcessGraph> {
  const imported = await importBpmn(xml);
  const graph = imported.processes[0]?.graph;
  if (!graph) throw new Error(`no graph:\n${imported.findings.map(formatFinding).join('\n')}`);
  return graph;
}

/** The findings of importing `xml`. */
export const findingsOf = async (xml: string): Promise<readonly Finding[]> =>
  (await importBpmn(xml)).findings;
