/**
 * ProcessGraph out, BPMN 2.0 XML in: the file Camunda Modeler would write for the same process
 * (Camunda 8 extensions, see export-semantic.ts), with diagram interchange so that bpmn-js and
 * the modeler can draw it. Importing the file gives back a graph deep-equal to the one
 * exported.
 *
 * The drawing is the layout passed in when it places every element and flow of the graph (as
 * importBpmn reads it from a drawn file); otherwise, as for builder-made graphs, it is computed
 * (auto-layout.ts). Export is synchronous and never touches the graph.
 */
import { Writer } from 'moddle-xml';
import { autoLayout } from './auto-layout.js';
import { type DiagramLayout, coversGraph } from './diagram-layout.js';
import { diagramsOf } from './export-diagram.js';
import { IdPool, semanticModel } from './export-semantic.js';
import type { ProcessGraph } from './graph.js';
import { bpmnModdle } from './read-bpmn.js';

export interface ExportOptions {
  /** The drawing to keep; ignored unless it covers the whole graph. */
  readonly layout?: DiagramLayout;
}

const MODELER = 'http://camunda.org/schema/modeler/1.0';

export function exportBpmn(graph: ProcessGraph, options: ExportOptions = {}): string {
  const moddle = bpmnModdle();
  const ids = new IdPool([graph.id, ...Object.keys(graph.elements), ...Object.keys(graph.flows)]);
  const semantic = semanticModel(moddle, graph, ids);
  const layout = options.layout && coversGraph(options.layout, graph) ? options.layout : autoLayout(graph);
  const diagrams = diagramsOf(moddle, graph, layout, semantic.elements, semantic.process, ids);
  const definitions = moddle.create('bpmn:Definitions', {
    id: ids.fresh(`Definitions_${graph.id}`),
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'Sluice',
    rootElements: semantic.rootElements,
    diagrams,
  });
  // Tells Camunda Modeler to open the file as a Camunda 8 model, whose extensions it uses.
  definitions.set('xmlns:modeler', MODELER);
  definitions.set('modeler:executionPlatform', 'Camunda Cloud');
  definitions.set('modeler:executionPlatformVersion', '8.6.0');
  return new Writer({ format: true, preamble: true }).toXML(definitions);
}
