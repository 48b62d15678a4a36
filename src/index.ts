/**
 * The public API of Sluice as a library: `createSluice` and the types a host application
 * needs to deploy models, start instances, handle jobs and read what happened.
 */
export { createSluice } from './engine/engine.js';
export type {
  Sluice,
  SluiceOptions,
  StartOptions,
  InstanceDetails,
  EventListener,
  Logger,
} from './engine/engine.js';
export type { JobContext, JobHandler } from './engine/job-executor.js';
export type { JobOutcome } from './engine/job-report.js';
export { BpmnError, SluiceError } from './engine/errors.js';
export { VirtualClock, systemClock, type Clock } from './engine/clock.js';
export type { DeployFile, DeployOptions, DeployResult, Deployed } from './engine/definitions.js';
export { openSqliteStore } from './store/sqlite/sqlite-store.js';
export type * from './store/store.js';
export type { Finding } from './model/findings.js';
export type { ProcessGraph } from './model/graph.js';
export { autoLayout, exportBpmn, importBpmn, process } from './model/index.js';
export type { BpmnImport, ImportedProcess, ProcessBuilder } from './model/index.js';
export type { HistoryEvent, InstanceState, TaskAction, Variables } from './core/types.js';
export { parseDmn, evaluateDecision, DecisionError } from './expr/dmn.js';
export { evaluateFeel, ExpressionError } from './expr/feel.js';
export { calibrate, parseScenario, simulate, simulatedLog, simulationGraph } from './simulate/index.js';
export type { Calibration, Scenario, SimulationReport, WhatIf } from './simulate/index.js';
