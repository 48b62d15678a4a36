/**
 * Simulation: what-if on the same model. A discrete-event simulator with the engine's
 * semantics, scenarios and their comparison over replications, and calibration from a log.
 */
export { type Distribution, type TimeValue, distributionKinds, timeSampler } from './distributions.js';
export {
  type ActivitySettings,
  type Arrivals,
  type AssignmentStrategy,
  type DataSpec,
  type PoolSettings,
  type Scenario,
  type WhatIf,
  applyWhatIf,
  parseScenario,
  scenarioSchema,
} from './scenario.js';
export { compileModel, type SimModel } from './sim-model.js';
export { simulateOnce, type RunOptions } from './simulator.js';
export type { ActivitySummary, PoolSummary, RunSummary } from './run-stats.js';
export {
  type Estimate,
  type ScenarioResult,
  type SimulationOptions,
  type SimulationReport,
  type WhatIfResult,
  estimate,
  simulate,
  simulatedLog,
} from './replications.js';
export { type Calibration, type CalibrationOptions, calibrate } from './calibrate.js';
export type { ResourceGroup } from './calibrate-resources.js';
export { simulationGraph } from './model-source.js';
