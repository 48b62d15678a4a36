/** Conformance of a log to a model: token replay on the model's Petri net. */
import type { ProcessGraph } from '../model/graph.js';
import type { EventLog } from './event-log.js';
import { petriNet } from './petri-net.js';
import { type Conformance, type ReplayOptions, tokenReplay } from './token-replay.js';

export function checkConformance(
  log: EventLog,
  model: ProcessGraph,
  options: ReplayOptions = {},
): Conformance {
  return tokenReplay(log, petriNet(model), options);
}
