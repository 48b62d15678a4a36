/** What the validation checks share: how they report, and how they name an element. */
import type { Finding } from './findings.js';
import type { FlowElement } from './graph.js';

export type Report = (severity: Finding['severity'], elementId: string, message: string) => void;

const KIND_NAMES: Readonly<Record<FlowElement['kind'], string>> = {
  startEvent: 'start event',
  endEvent: 'end event',
  intermediateCatchEvent: 'intermediate catch event',
  intermediateThrowEvent: 'intermediate throw event',
  boundaryEvent: 'boundary event',
  serviceTask: 'service task',
  sendTask: 'send task',
  businessRuleTask: 'business rule task',
  userTask: 'user task',
  scriptTask: 'script task',
  receiveTask: 'receive task',
  manualTask: 'manual task',
  task: 'task',
  subProcess: 'subprocess',
  callActivity: 'call activity',
  exclusiveGateway: 'exclusive gateway',
  parallelGateway: 'parallel gateway',
  inclusiveGateway: 'inclusive gateway',
  eventBasedGateway: 'event-based gateway',
  complexGateway: 'complex gateway',
};

/** `service task 'charge'`. */
export const describe = (element: FlowElement): string => `${KIND_NAMES[element.kind]} '${element.id}'`;
