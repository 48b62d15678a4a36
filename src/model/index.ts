/**
 * The model layer's public face: BPMN import, the builder, validation and the graph contract.
 */
export { importBpmn, type BpmnImport, type ImportedProcess } from './bpmn-import.js';
export { process, ProcessBuilder, ScopeBuilder } from './builder.js';
export type * from './builder-options.js';
export type { ElementCounts } from './element-counts.js';
export { validateProcess, ProcessValidationError } from './validate-process.js';
export { type Finding, hasErrors, formatFinding } from './findings.js';
export * from './graph.js';
