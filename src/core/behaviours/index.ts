import type { BehaviourMap } from '../run.js';
import { callActivity, subProcess } from './containers.js';
import {
  boundaryEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  startEvent,
} from './events.js';
import {
  complexGateway,
  eventBasedGateway,
  exclusiveGateway,
  inclusiveGateway,
  parallelGateway,
} from './gateways.js';
import { jobTask, passTask, receiveTask, scriptTask, userTask } from './tasks.js';

/** Every element kind has exactly one behaviour; the type makes a missing one a compile error. */
export const behaviours: BehaviourMap = {
  startEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  boundaryEvent,
  serviceTask: jobTask,
  sendTask: jobTask,
  businessRuleTask: jobTask,
  userTask,
  scriptTask,
  receiveTask,
  manualTask: passTask,
  task: passTask,
  subProcess,
  callActivity,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  complexGateway,
};
