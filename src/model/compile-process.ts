/**
 * One bpmn:Process (as bpmn-moddle reads it) to a ProcessGraph. The compiler maps what the
 * graph can express and reports, as findings, what it cannot: elements core cannot run yet,
 * scripts in other languages, expressions where the graph holds only literals. Semantic checks on the result are validate-process.ts's,
 * shared with the builder. To keep those checks meaningful, an unsupported element that sits in
 * the flow is kept as a stand-in of the nearest supported kind; its error finding keeps the
 * graph from being deployed.
 */
import { type ElementDraft, assembleGraph } from './assemble-graph.js';
import { CompileContext } from './compile-context.js';
import { eventDefinitionOf, messageOf } from './compile-events.js';
import { loopOf } from './compile-loops.js';
import { decisionTaskOf } from './compile-decision.js';
import { jobPolicyOf } from './compile-job-policy.js';
import { callOf, jobOf, mappingsOf, scriptOf, userTaskOf } from './compile-extensions.js';
import type { Finding } from './findings.js';
import {
  type Mapping,
  type ProcessGraph,
  type SequenceFlow,
  type SubProcess,
  activityKinds,
} from './graph.js';
import { type ModdleElement, attr, bodyOf, flag, idOf, localKind, many, ref } from './moddle-element.js';
import type { DanglingReferences } from './parse-findings.js';
import { stripExpressionMark } from './values.js';

export interface CompiledProcess {
  readonly graph: ProcessGraph;
  readonly findings: readonly Finding[];
}

interface Base {
  readonly id: string;
  readonly name?: string;
  readonly scope: string;
  readonly inputs?: readonly Mapping[];
  readonly outputs?: readonly Mapping[];
}

type NodeCompiler = (ctx: CompileContext, element: ModdleElement, base: Base) => ElementDraft | undefined;

const event =
  (kind: 'startEvent' | 'endEvent' | 'intermediateCatchEvent' | 'intermediateThrowEvent'): NodeCompiler =>
  (ctx, element, base) => ({ ...base, kind, event: eventDefinitionOf(ctx, element, base.id) });

const jobTask =
  (kind: 'serviceTask' | 'sendTask' | 'businessRuleTask'): NodeCompiler =>
  (ctx, element, base) => ({
    ...base,
    kind,
    ...jobOf(ctx, element, base.id),
    ...jobPolicyOf(ctx, element, base.id),
  });

const gateway =
  (kind: 'exclusiveGateway' | 'inclusiveGateway' | 'complexGateway'): NodeCompiler =>
  (ctx, element, base) => {
    const defaultFlow = ctx.refId(element, 'default');
    const activation = bodyOf(ref(element, 'activationCondition'));
    return {
      ...base,
      kind,
      ...(defaultFlow !== undefined && { default: defaultFlow }),
      ...(activation && { activationCondition: stripExpressionMark(activation) }),
    };
  };

/** Embedded subprocesses of every flavour, with Sluice's `sluice:mutex` (WCP-39). */
const subProcess =
  (variant: (ctx: CompileContext, element: ModdleElement) => Partial<SubProcess>): NodeCompiler =>
  (ctx, element, base) => {
    const mutex = attr(element, 'sluice:mutex')?.trim();
    return { ...base, kind: 'subProcess', ...(mutex && { mutex }), ...variant(ctx, element) };
  };

function adHocOf(ctx: CompileContext, element: ModdleElement, id: string): Partial<SubProcess> {
  const completion = bodyOf(ref(element, 'completionCondition'));
  const activation = attr(element, 'sluice:activation')?.trim();
  if (activation !== undefined && activation !== 'automatic' && activation !== 'chosen') {
    ctx.error(
      id,
      `ad-hoc subprocess '${id}' has sluice:activation="${activation}"; write "automatic" or "chosen"`,
    );
  }
  return {
    adHoc: {
      ordering: attr(element, 'ordering') === 'Sequential' ? 'sequential' : 'parallel',
      ...(completion && { completionCondition: stripExpressionMark(completion) }),
      cancelRemainingInstances: flag(element, 'cancelRemainingInstances') !== false,
      ...(activation === 'chosen' && { activation: 'chosen' }),
    },
  };
}

const NODE_COMPILERS: Readonly<Record<string, NodeCompiler>> = {
  'bpmn:StartEvent': (ctx, element, base) => ({
    ...base,
    kind: 'startEvent',
    event: eventDefinitionOf(ctx, element, base.id),
    ...(flag(element, 'isInterrupting') === false && { interrupting: false }),
  }),
  'bpmn:EndEvent': event('endEvent'),
  'bpmn:IntermediateCatchEvent': event('intermediateCatchEvent'),
  'bpmn:IntermediateThrowEvent': event('intermediateThrowEvent'),
  'bpmn:BoundaryEvent': (ctx, element, base) => ({
    ...base,
    kind: 'boundaryEvent',
    event: eventDefinitionOf(ctx, element, base.id),
    attachedTo: ctx.refId(element, 'attachedToRef') ?? '',
    cancelActivity: flag(element, 'cancelActivity') !== false,
  }),
  'bpmn:ServiceTask': jobTask('serviceTask'),
  'bpmn:SendTask': jobTask('sendTask'),
  'bpmn:BusinessRuleTask': (ctx, element, base) =>
    decisionTaskOf(ctx, element, base) ?? jobTask('businessRuleTask')(ctx, element, base),
  'bpmn:UserTask': (_ctx, element, base) => ({ ...base, kind: 'userTask', ...userTaskOf(element) }),
  'bpmn:ScriptTask': (ctx, element, base) => ({
    ...base,
    kind: 'scriptTask',
    ...scriptOf(ctx, element, base.id),
  }),
  'bpmn:ReceiveTask': (ctx, element, base) => {
    if (flag(element, 'instantiate')) ctx.unsupported(base.id, 'instantiating receive task');
    return { ...base, kind: 'receiveTask', ...messageOf(ref(element, 'messageRef')) };
  },
  'bpmn:ManualTask': (_ctx, _element, base) => ({ ...base, kind: 'manualTask' }),
  'bpmn:Task': (_ctx, _element, base) => ({ ...base, kind: 'task' }),
  'bpmn:SubProcess': subProcess((_ctx, element) =>
    flag(element, 'triggeredByEvent') ? { triggeredByEvent: true } : {},
  ),
  'bpmn:Transaction': subProcess(() => ({ transaction: true })),
  'bpmn:AdHocSubProcess': subProcess((ctx, element) => adHocOf(ctx, element, idOf(element) ?? '')),
  'bpmn:CallActivity': (_ctx, element, base) => {
    const call = callOf(element);
    const inputs = [...(base.inputs ?? []), ...(call.inputs ?? [])];
    const outputs = [...(base.outputs ?? []), ...(call.outputs ?? [])];
    return {
      ...base,
      ...call,
      kind: 'callActivity',
      ...(inputs.length > 0 && { inputs }),
      ...(outputs.length > 0 && { outputs }),
    };
  },
  'bpmn:ExclusiveGateway': gateway('exclusiveGateway'),
  'bpmn:InclusiveGateway': gateway('inclusiveGateway'),
  'bpmn:ParallelGateway': (_ctx, _element, base) => ({ ...base, kind: 'parallelGateway' }),
  'bpmn:EventBasedGateway': (ctx, element, base) => {
    if (flag(element, 'instantiate')) ctx.unsupported(base.id, 'instantiating event-based gateway');
    return { ...base, kind: 'eventBasedGateway' };
  },
  'bpmn:ComplexGateway': gateway('complexGateway'),
};

/** Subprocess kinds whose content is compiled as a nested scope. */
const CONTAINERS = new Set(['bpmn:SubProcess', 'bpmn:Transaction', 'bpmn:AdHocSubProcess']);

export function compileProcess(
  process: ModdleElement,
  dangling: DanglingReferences = new WeakMap(),
): CompiledProcess {
  const id = idOf(process) ?? '';
  const ctx = new CompileContext(id, dangling);
  const elements: ElementDraft[] = [];
  const flows: SequenceFlow[] = [];
  const associations = new Map<string, string>();
  compileScope(ctx, process, id, elements, flows, associations);
  linkCompensationHandlers(ctx, elements, associations);
  const name = attr(process, 'name');
  const graph = assembleGraph({
    id,
    ...(name !== undefined && { name }),
    executable: flag(process, 'isExecutable') !== false,
    elements,
    flows,
  });
  return { graph, findings: ctx.findings };
}

function compileScope(
  ctx: CompileContext,
  container: ModdleElement,
  scope: string,
  elements: ElementDraft[],
  flows: SequenceFlow[],
  associations: Map<string, string>,
): void {
  for (const artifact of many(container, 'artifacts')) {
    if (artifact.$type !== 'bpmn:Association') continue;
    const source = ctx.refId(artifact, 'sourceRef');
    const target = ctx.refId(artifact, 'targetRef');
    if (source !== undefined && target !== undefined) associations.set(source, target);
  }
  for (const element of many(container, 'flowElements')) {
    if (element.$type === 'bpmn:SequenceFlow') {
      const flow = compileFlow(ctx, element, scope);
      if (flow) flows.push(flow);
      continue;
    }
    const draft = compileNode(ctx, element, scope);
    if (!draft) continue;
    elements.push(draft);
    if (CONTAINERS.has(element.$type) && draft.kind === 'subProcess') {
      compileScope(ctx, element, draft.id, elements, flows, associations);
    }
  }
}

/**
 * A compensation boundary event names its activity's handler by an association (boundary →
 * handler); the graph keeps the handler on the activity, where core looks when it completes.
 */
function linkCompensationHandlers(
  ctx: CompileContext,
  elements: ElementDraft[],
  associations: ReadonlyMap<string, string>,
): void {
  const index = new Map(elements.map((draft, i) => [draft.id, i]));
  for (const draft of elements) {
    if (draft.kind !== 'boundaryEvent' || draft.event.type !== 'compensate') continue;
    const handler = associations.get(draft.id);
    const host = index.get(draft.attachedTo);
    if (handler === undefined) {
      ctx.error(
        draft.id,
        `compensation boundary event '${draft.id}' has no handler: draw an association from it to an activity marked isForCompensation`,
      );
    } else if (host !== undefined) {
      elements[host] = { ...elements[host]!, compensation: handler } as ElementDraft;
    }
  }
}

function compileNode(ctx: CompileContext, element: ModdleElement, scope: string): ElementDraft | undefined {
  // Data objects, data stores and the like are not flow nodes: they take no part in execution.
  if (!element.$instanceOf('bpmn:FlowNode')) return undefined;
  const id = idOf(element);
  if (id === undefined) {
    ctx.error(scope, `a ${localKind(element.$type)} without an id is ignored`);
    return undefined;
  }
  const compiler = NODE_COMPILERS[element.$type];
  if (!compiler) {
    ctx.unsupported(id, localKind(element.$type));
    return undefined;
  }
  checkActivityMarkers(ctx, element, id);
  const name = attr(element, 'name');
  const base: Base = { id, scope, ...(name !== undefined && { name }), ...mappingsOf(ctx, element, id) };
  const draft = compiler(ctx, element, base);
  if (!draft || !activityKinds.has(draft.kind)) return draft;
  const forCompensation = flag(element, 'isForCompensation') === true;
  return {
    ...draft,
    ...loopOf(ctx, element, id),
    ...(forCompensation && { forCompensation }),
  };
}

/** Features an element can have whatever its kind that core does not run yet. */
function checkActivityMarkers(ctx: CompileContext, element: ModdleElement, id: string): void {
  if (element.$instanceOf('bpmn:Activity') && ctx.refId(element, 'default') !== undefined) {
    ctx.unsupported(id, 'activity', 'a default flow on an activity');
  }
  // Listeners are not run; camunda-code.ts warns about each.
}

function compileFlow(ctx: CompileContext, flow: ModdleElement, scope: string): SequenceFlow | undefined {
  const id = idOf(flow);
  if (id === undefined) {
    ctx.error(scope, 'a sequence flow without an id is ignored');
    return undefined;
  }
  const name = attr(flow, 'name');
  const expression = ref(flow, 'conditionExpression');
  const body = bodyOf(expression);
  const language = expression && attr(expression, 'language');
  if (body && language !== undefined && !/feel/i.test(language)) {
    ctx.error(id, `condition language '${language}' is not supported; write conditions in FEEL`);
  }
  return {
    id,
    ...(name !== undefined && { name }),
    source: ctx.refId(flow, 'sourceRef') ?? '',
    target: ctx.refId(flow, 'targetRef') ?? '',
    ...(body && { condition: stripExpressionMark(body) }),
  };
}
