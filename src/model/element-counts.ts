/**
 * How many elements of each family a process holds, nested subprocess content included. Counted
 * for every process, executable or not: they describe the file, and the MIWG conformance table
 * compares them with what other tools see.
 */
import { type ModdleElement, many } from './moddle-element.js';

export interface ElementCounts {
  readonly activities: number;
  readonly events: number;
  readonly gateways: number;
  readonly sequenceFlows: number;
}

const FAMILIES: Readonly<Record<string, keyof ElementCounts>> = {
  'bpmn:Task': 'activities',
  'bpmn:UserTask': 'activities',
  'bpmn:ServiceTask': 'activities',
  'bpmn:SendTask': 'activities',
  'bpmn:ReceiveTask': 'activities',
  'bpmn:ManualTask': 'activities',
  'bpmn:ScriptTask': 'activities',
  'bpmn:BusinessRuleTask': 'activities',
  'bpmn:SubProcess': 'activities',
  'bpmn:Transaction': 'activities',
  'bpmn:AdHocSubProcess': 'activities',
  'bpmn:CallActivity': 'activities',
  'bpmn:StartEvent': 'events',
  'bpmn:EndEvent': 'events',
  'bpmn:IntermediateCatchEvent': 'events',
  'bpmn:IntermediateThrowEvent': 'events',
  'bpmn:BoundaryEvent': 'events',
  'bpmn:ExclusiveGateway': 'gateways',
  'bpmn:InclusiveGateway': 'gateways',
  'bpmn:ParallelGateway': 'gateways',
  'bpmn:EventBasedGateway': 'gateways',
  'bpmn:ComplexGateway': 'gateways',
  'bpmn:SequenceFlow': 'sequenceFlows',
};

export function countElements(container: ModdleElement): ElementCounts {
  const counts = { activities: 0, events: 0, gateways: 0, sequenceFlows: 0 };
  const pending = [container];
  for (let current = pending.pop(); current; current = pending.pop()) {
    for (const element of many(current, 'flowElements')) {
      const family = FAMILIES[element.$type];
      if (family) counts[family]++;
      // Subprocesses, transactions and ad-hoc subprocesses hold flow elements of their own.
      if (element.$instanceOf('bpmn:FlowElementsContainer')) pending.push(element);
    }
  }
  return counts;
}
