/**
 * The model layer's public face: BPMN import and export, the builder, validation, diagram
 * layout and the graph contract.
 */
export { importBpmn, type BpmnImport, type ImportedProcess } from './bpmn-import.js';
export { exportBpmn, type ExportOptions } from './bpmn-export.js';
export { autoLayout } from './auto-layout.js';
export type { Bounds, DiagramLayout, Point, ShapeLayout } from './diagram-layout.js';
export { process, ProcessBuilder, ScopeBuilder } from './builder.js';
export type * from './builder-options.js';
export type { ElementCounts } from './element-counts.js';
export { validateProcess, ProcessValidationError } from './validate-process.js';
export { type Finding, hasErrors, formatFinding } from './findings.js';
export * from './graph.js';
