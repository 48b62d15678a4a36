/**
 * The semantic half of a BPMN export: a ProcessGraph back to bpmn-moddle elements, written the
 * way Camunda Modeler writes a Camunda 8 model, so that the file opens there and imports back
 * into Sluice as the same graph. Everything the graph says has one place in the file:
 *
 *   job type, retries     zeebe:taskDefinition type, retries
 *   headers               zeebe:taskHeaders
 *   input/output mappings zeebe:ioMapping (sources as `=` FEEL)
 *   user task fields      zeebe:assignmentDefinition, zeebe:taskSchedule,
 *                         zeebe:priorityDefinition, zeebe:formDefinition formKey
 *   script                zeebe:script expression, resultVariable
 *   called process        zeebe:calledElement processId and propagation flags
 *   message               bpmn:message name, zeebe:subscription correlationKey
 *   error, escalation     bpmn:error errorCode, camunda:errorMessage; bpmn:escalation
 *   signal                bpmn:signal name (literal or `=` FEEL)
 *   multi-instance        bpmn:multiInstanceLoopCharacteristics with zeebe:loopCharacteristics
 *   standard loop         bpmn:standardLoopCharacteristics
 *   conditions, timers    bpmn:formalExpression bodies, FEEL marked with `=`
 *   subprocess flavours   bpmn:transaction, bpmn:adHocSubProcess, triggeredByEvent,
 *                         sluice:mutex
 *   compensation          isForCompensation, bpmn:association boundary event → handler
 *
 * A value that is a literal is written as it is; an expression gets its `=` back (values.ts).
 */
import type { BpmnModdle, ModdleObject } from 'bpmn-moddle';
import {
  type Activity,
  type EventDefinition,
  type FlowElement,
  type Mapping,
  type ProcessGraph,
  type SequenceFlow,
  type SubProcess,
  type UserTask,
  type Value,
  isActivity,
} from './graph.js';

/** The BPMN type of each graph kind: the graph's kinds are BPMN's local names. */
const BPMN_TYPES: Readonly<Record<FlowElement['kind'], string>> = {
  startEvent: 'bpmn:StartEvent',
  endEvent: 'bpmn:EndEvent',
  intermediateCatchEvent: 'bpmn:IntermediateCatchEvent',
  intermediateThrowEvent: 'bpmn:IntermediateThrowEvent',
  boundaryEvent: 'bpmn:BoundaryEvent',
  serviceTask: 'bpmn:ServiceTask',
  sendTask: 'bpmn:SendTask',
  businessRuleTask: 'bpmn:BusinessRuleTask',
  userTask: 'bpmn:UserTask',
  scriptTask: 'bpmn:ScriptTask',
  receiveTask: 'bpmn:ReceiveTask',
  manualTask: 'bpmn:ManualTask',
  task: 'bpmn:Task',
  subProcess: 'bpmn:SubProcess',
  callActivity: 'bpmn:CallActivity',
  exclusiveGateway: 'bpmn:ExclusiveGateway',
  parallelGateway: 'bpmn:ParallelGateway',
  inclusiveGateway: 'bpmn:InclusiveGateway',
  eventBasedGateway: 'bpmn:EventBasedGateway',
  complexGateway: 'bpmn:ComplexGateway',
};

const subProcessType = (sub: SubProcess): string =>
  sub.transaction ? 'bpmn:Transaction' : sub.adHoc ? 'bpmn:AdHocSubProcess' : 'bpmn:SubProcess';

/** Attribute text of a value: a literal as it is, an expression with Camunda 8's `=`. */
export const valueText = (value: Value): string =>
  'literal' in value ? value.literal : `=${value.expression}`;

const feelText = (expression: string): string => `=${expression}`;

/** Hands out ids that no element, flow or earlier id of the file has. */
export class IdPool {
  private readonly used: Set<string>;

  constructor(taken: Iterable<string>) {
    this.used = new Set(taken);
  }

  /** `base`, or `base_2`, `base_3` ...; `base` is made a valid XML id first. */
  fresh(base: string): string {
    let clean = base.replace(/[^\w.-]/g, '_');
    if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
    let id = clean;
    for (let n = 2; this.used.has(id); n++) id = `${clean}_${n}`;
    this.used.add(id);
    return id;
  }
}

export interface SemanticModel {
  readonly process: ModdleObject;
  /** The process first, then the messages, errors, escalations and signals its events refer to. */
  readonly rootElements: readonly ModdleObject[];
  /** Flow nodes and sequence flows by id, for diagram interchange to point at. */
  readonly elements: ReadonlyMap<string, ModdleObject>;
}

export function semanticModel(moddle: BpmnModdle, graph: ProcessGraph, ids: IdPool): SemanticModel {
  return new SemanticWriter(moddle, graph, ids).write();
}

class SemanticWriter {
  private readonly elements = new Map<string, ModdleObject>();
  private readonly messages = new Map<string, ModdleObject>();
  private readonly errors = new Map<string, ModdleObject>();
  private readonly escalations = new Map<string, ModdleObject>();
  private readonly signals = new Map<string, ModdleObject>();

  constructor(
    private readonly moddle: BpmnModdle,
    private readonly graph: ProcessGraph,
    private readonly ids: IdPool,
  ) {}

  write(): SemanticModel {
    const { graph } = this;
    for (const element of Object.values(graph.elements))
      this.elements.set(element.id, this.flowNode(element));
    for (const flow of Object.values(graph.flows)) this.elements.set(flow.id, this.sequenceFlow(flow));
    for (const element of Object.values(graph.elements)) this.link(element);

    // Each container holds its own nodes, then the flows between them (a flow lives where its
    // source does), each in graph order, which is the order import reads them back in.
    const contents = new Map<string, ModdleObject[]>();
    const put = (scope: string, object: ModdleObject): void => {
      const key = scope === graph.id || graph.elements[scope]?.kind === 'subProcess' ? scope : graph.id;
      const list = contents.get(key);
      if (list) list.push(object);
      else contents.set(key, [object]);
    };
    for (const element of Object.values(graph.elements)) put(element.scope, this.elements.get(element.id)!);
    for (const flow of Object.values(graph.flows)) {
      put(graph.elements[flow.source]?.scope ?? graph.id, this.elements.get(flow.id)!);
    }
    for (const [scope, flowElements] of contents) {
      if (scope !== graph.id) this.elements.get(scope)!.set('flowElements', flowElements);
    }
    const process = this.moddle.create('bpmn:Process', {
      id: graph.id,
      ...(graph.name !== undefined && { name: graph.name }),
      isExecutable: graph.executable,
      flowElements: contents.get(graph.id) ?? [],
    });
    this.associateHandlers(process);
    return {
      process,
      rootElements: [
        process,
        ...this.messages.values(),
        ...this.errors.values(),
        ...this.escalations.values(),
        ...this.signals.values(),
      ],
      elements: this.elements,
    };
  }

  /** Each compensation boundary event is joined to its activity's handler by an association. */
  private associateHandlers(process: ModdleObject): void {
    for (const element of Object.values(this.graph.elements)) {
      if (element.kind !== 'boundaryEvent' || element.event.type !== 'compensate') continue;
      const host = this.graph.elements[element.attachedTo];
      const handler = host && isActivity(host) ? host.compensation : undefined;
      if (handler === undefined) continue;
      const container =
        element.scope === this.graph.id ? process : (this.elements.get(element.scope) ?? process);
      const association = this.create('bpmn:Association', {
        id: this.ids.fresh(`Association_${element.id}`),
        associationDirection: 'One',
        sourceRef: this.elements.get(element.id),
        targetRef: this.elements.get(handler),
      });
      container.set('artifacts', [...((container.get('artifacts') as ModdleObject[]) ?? []), association]);
    }
  }

  private create(type: string, properties: Record<string, unknown> = {}): ModdleObject {
    return this.moddle.create(type, properties);
  }

  private flowNode(element: FlowElement): ModdleObject {
    const type = element.kind === 'subProcess' ? subProcessType(element) : BPMN_TYPES[element.kind];
    const node = this.create(type, {
      id: element.id,
      ...(element.name !== undefined && { name: element.name }),
    });
    const extensions: ModdleObject[] = [];
    switch (element.kind) {
      case 'startEvent':
        node.set('eventDefinitions', this.eventDefinitions(element.event));
        if (element.interrupting === false) node.set('isInterrupting', false);
        break;
      case 'endEvent':
      case 'intermediateCatchEvent':
      case 'intermediateThrowEvent':
        node.set('eventDefinitions', this.eventDefinitions(element.event));
        break;
      case 'boundaryEvent':
        node.set('eventDefinitions', this.eventDefinitions(element.event));
        if (!element.cancelActivity) node.set('cancelActivity', false);
        break;
      case 'serviceTask':
      case 'sendTask':
      case 'businessRuleTask': {
        extensions.push(
          this.create('zeebe:TaskDefinition', {
            type: valueText(element.taskType),
            retries: String(element.retries),
          }),
        );
        const headers = Object.entries(element.headers ?? {});
        if (headers.length > 0) {
          extensions.push(
            this.create('zeebe:TaskHeaders', {
              values: headers.map(([key, value]) => this.create('zeebe:Header', { key, value })),
            }),
          );
        }
        break;
      }
      case 'userTask':
        extensions.push(...this.userTaskExtensions(element));
        break;
      case 'scriptTask':
        extensions.push(
          this.create('zeebe:Script', {
            expression: feelText(element.script),
            ...(element.resultVariable !== undefined && { resultVariable: element.resultVariable }),
          }),
        );
        break;
      case 'receiveTask':
        node.set('messageRef', this.message(element.messageName, element.correlationKey));
        break;
      case 'callActivity':
        extensions.push(
          this.create('zeebe:CalledElement', {
            processId: valueText(element.calledElement),
            propagateAllParentVariables: element.propagateAllParentVariables,
            propagateAllChildVariables: element.propagateAllChildVariables,
          }),
        );
        break;
      case 'subProcess':
        this.subProcessAttributes(node, element);
        break;
      case 'complexGateway':
        if (element.activationCondition !== undefined) {
          node.set('activationCondition', this.expression(element.activationCondition));
        }
        break;
      case 'manualTask':
      case 'task':
      case 'exclusiveGateway':
      case 'parallelGateway':
      case 'inclusiveGateway':
      case 'eventBasedGateway':
        break;
      default:
        return unreachable(element);
    }
    const loop = isActivity(element) ? this.loopCharacteristics(element) : undefined;
    if (loop) node.set('loopCharacteristics', loop);
    if (isActivity(element) && element.forCompensation) node.set('isForCompensation', true);
    const io = this.ioMapping(element.inputs ?? [], element.outputs ?? []);
    if (io) extensions.push(io);
    if (extensions.length > 0) {
      node.set('extensionElements', this.create('bpmn:ExtensionElements', { values: extensions }));
    }
    return node;
  }

  private subProcessAttributes(node: ModdleObject, sub: SubProcess): void {
    if (sub.triggeredByEvent) node.set('triggeredByEvent', true);
    if (sub.mutex !== undefined) node.set('sluice:mutex', sub.mutex);
    if (sub.adHoc) {
      node.set('ordering', sub.adHoc.ordering === 'sequential' ? 'Sequential' : 'Parallel');
      node.set('cancelRemainingInstances', sub.adHoc.cancelRemainingInstances);
      if (sub.adHoc.activation === 'chosen') node.set('sluice:activation', 'chosen');
      if (sub.adHoc.completionCondition !== undefined) {
        node.set('completionCondition', this.expression(sub.adHoc.completionCondition));
      }
    }
  }

  private userTaskExtensions(task: UserTask): ModdleObject[] {
    const texts = <K extends keyof UserTask>(keys: readonly K[]): Record<string, string> =>
      Object.fromEntries(
        keys.flatMap((key) => {
          const value = task[key] as Value | undefined;
          return value === undefined ? [] : [[key, valueText(value)]];
        }),
      );
    const groups: [string, Record<string, string>][] = [
      ['zeebe:AssignmentDefinition', texts(['assignee', 'candidateUsers', 'candidateGroups'])],
      ['zeebe:TaskSchedule', texts(['dueDate', 'followUpDate'])],
      ['zeebe:PriorityDefinition', texts(['priority'])],
      ['zeebe:FormDefinition', task.formKey !== undefined ? { formKey: task.formKey } : {}],
    ];
    return groups.flatMap(([type, attributes]) =>
      Object.keys(attributes).length > 0 ? [this.create(type, attributes)] : [],
    );
  }

  private ioMapping(inputs: readonly Mapping[], outputs: readonly Mapping[]): ModdleObject | undefined {
    if (inputs.length === 0 && outputs.length === 0) return undefined;
    const parameters = (type: string, mappings: readonly Mapping[]): ModdleObject[] =>
      mappings.map((m) => this.create(type, { source: feelText(m.source), target: m.target }));
    return this.create('zeebe:IoMapping', {
      inputParameters: parameters('zeebe:Input', inputs),
      outputParameters: parameters('zeebe:Output', outputs),
    });
  }

  private eventDefinitions(event: EventDefinition): ModdleObject[] {
    switch (event.type) {
      case 'none':
        return [];
      case 'message':
        return [
          this.create('bpmn:MessageEventDefinition', {
            messageRef: this.message(event.messageName, event.correlationKey),
          }),
        ];
      case 'timer': {
        const property = { date: 'timeDate', duration: 'timeDuration', cycle: 'timeCycle' }[event.timer.kind];
        const body = valueText(event.timer.value);
        return [
          this.create('bpmn:TimerEventDefinition', {
            [property]: this.create('bpmn:FormalExpression', { body }),
          }),
        ];
      }
      case 'error': {
        const error = this.error(event.errorCode, event.errorMessage);
        return [this.create('bpmn:ErrorEventDefinition', error ? { errorRef: error } : {})];
      }
      case 'escalation': {
        const escalation = this.escalation(event.escalationCode);
        return [
          this.create('bpmn:EscalationEventDefinition', escalation ? { escalationRef: escalation } : {}),
        ];
      }
      case 'signal':
        return [this.create('bpmn:SignalEventDefinition', { signalRef: this.signal(event.signalName) })];
      case 'link':
        return [this.create('bpmn:LinkEventDefinition', { name: event.linkName })];
      case 'terminate':
        return [this.create('bpmn:TerminateEventDefinition')];
      case 'conditional':
        return [
          this.create('bpmn:ConditionalEventDefinition', { condition: this.expression(event.condition) }),
        ];
      case 'compensate':
        // activityRef points at an element; link() sets it once every element exists.
        return [this.create('bpmn:CompensateEventDefinition')];
      case 'cancel':
        return [this.create('bpmn:CancelEventDefinition')];
      default:
        return unreachable(event);
    }
  }

  /** One bpmn:message per name and correlation key, shared by every event that uses it. */
  private message(name: Value, correlationKey: string | undefined): ModdleObject {
    const text = valueText(name);
    const key = JSON.stringify([text, correlationKey ?? null]);
    let message = this.messages.get(key);
    if (!message) {
      message = this.create('bpmn:Message', {
        id: this.ids.fresh(`Message_${text.replace(/^=/, '') || 'unnamed'}`),
        name: text,
      });
      if (correlationKey !== undefined) {
        const subscription = this.create('zeebe:Subscription', { correlationKey: feelText(correlationKey) });
        message.set('extensionElements', this.create('bpmn:ExtensionElements', { values: [subscription] }));
      }
      this.messages.set(key, message);
    }
    return message;
  }

  /** One bpmn:error per code and message; a catch-all error event refers to none. */
  private error(code: string | undefined, message: string | undefined): ModdleObject | undefined {
    if (code === undefined && message === undefined) return undefined;
    const key = JSON.stringify([code ?? null, message ?? null]);
    let error = this.errors.get(key);
    if (!error) {
      error = this.create('bpmn:Error', {
        id: this.ids.fresh(`Error_${code ?? 'unnamed'}`),
        ...(code !== undefined && { name: code, errorCode: code }),
      });
      if (message !== undefined) error.set('camunda:errorMessage', message);
      this.errors.set(key, error);
    }
    return error;
  }

  /** One bpmn:escalation per code; a catch-all escalation event refers to none. */
  private escalation(code: string | undefined): ModdleObject | undefined {
    if (code === undefined) return undefined;
    let escalation = this.escalations.get(code);
    if (!escalation) {
      escalation = this.create('bpmn:Escalation', {
        id: this.ids.fresh(`Escalation_${code}`),
        name: code,
        escalationCode: code,
      });
      this.escalations.set(code, escalation);
    }
    return escalation;
  }

  /** One bpmn:signal per name. */
  private signal(name: Value): ModdleObject {
    const text = valueText(name);
    let signal = this.signals.get(text);
    if (!signal) {
      signal = this.create('bpmn:Signal', {
        id: this.ids.fresh(`Signal_${text.replace(/^=/, '') || 'unnamed'}`),
        name: text,
      });
      this.signals.set(text, signal);
    }
    return signal;
  }

  /** Multi-instance as Camunda 8 writes it, or a standard loop. */
  private loopCharacteristics(activity: Activity): ModdleObject | undefined {
    const { multiInstance: mi, loop } = activity;
    if (mi) {
      const zeebe = {
        ...(mi.collection !== undefined && { inputCollection: feelText(mi.collection) }),
        ...(mi.elementVariable !== undefined && { inputElement: mi.elementVariable }),
        ...(mi.outputCollection !== undefined && { outputCollection: mi.outputCollection }),
        ...(mi.outputElement !== undefined && { outputElement: feelText(mi.outputElement) }),
      };
      const characteristics = this.create('bpmn:MultiInstanceLoopCharacteristics', {
        isSequential: mi.sequential,
        ...(mi.cardinality !== undefined && { loopCardinality: this.expression(mi.cardinality) }),
        ...(mi.completionCondition !== undefined && {
          completionCondition: this.expression(mi.completionCondition),
        }),
      });
      if (Object.keys(zeebe).length > 0) {
        const extension = this.create('zeebe:LoopCharacteristics', zeebe);
        characteristics.set(
          'extensionElements',
          this.create('bpmn:ExtensionElements', { values: [extension] }),
        );
      }
      return characteristics;
    }
    if (loop) {
      return this.create('bpmn:StandardLoopCharacteristics', {
        testBefore: loop.testBefore,
        loopCondition: this.expression(loop.condition),
        ...(loop.maximum !== undefined && { loopMaximum: loop.maximum }),
      });
    }
    return undefined;
  }

  private expression(feel: string): ModdleObject {
    return this.create('bpmn:FormalExpression', { body: feelText(feel) });
  }

  private sequenceFlow(flow: SequenceFlow): ModdleObject {
    return this.create('bpmn:SequenceFlow', {
      id: flow.id,
      ...(flow.name !== undefined && { name: flow.name }),
      ...(flow.condition !== undefined && {
        conditionExpression: this.create('bpmn:FormalExpression', { body: feelText(flow.condition) }),
      }),
    });
  }

  /** References between elements, once all exist: flow ends, defaults, boundary hosts. */
  private link(element: FlowElement): void {
    const node = this.elements.get(element.id)!;
    const flows = (ids: readonly string[]): ModdleObject[] =>
      ids.flatMap((id) => this.elements.get(id) ?? []);
    node.set('incoming', flows(element.incoming));
    node.set('outgoing', flows(element.outgoing));
    for (const id of element.outgoing) this.elements.get(id)?.set('sourceRef', node);
    for (const id of element.incoming) this.elements.get(id)?.set('targetRef', node);
    if ('default' in element && element.default !== undefined) {
      const flow = this.elements.get(element.default);
      if (flow) node.set('default', flow);
    }
    if (element.kind === 'boundaryEvent') {
      const host = this.elements.get(element.attachedTo);
      if (host) node.set('attachedToRef', host);
    }
    if ('event' in element && element.event.type === 'compensate' && element.event.activityRef) {
      const target = this.elements.get(element.event.activityRef);
      const definition = (node.get('eventDefinitions') as ModdleObject[])[0];
      if (target && definition) definition.set('activityRef', target);
    }
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected graph content: ${JSON.stringify(value)}`);
}
