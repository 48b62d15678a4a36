export { step, cloneState } from './step.js';
export * from './types.js';
