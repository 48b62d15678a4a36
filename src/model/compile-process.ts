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
import { callOf, jobOf, mappingsOf, scriptOf, userTaskOf } from './compile-extensions.js';
import type { Finding } from './findings.js';
import { type Mapping, type ProcessGraph, type SequenceFlow, activityKinds } from './graph.js';
import {
  type ModdleElement,
  attr,
  bodyOf,
  extension,
  flag,
  idOf,
  localKind,
  many,
  ref,
} from './moddle-element.js';
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
  (ctx, element, base) => ({ ...base, kind, ...jobOf(ctx, element, base.id) });

const gateway =
  (kind: 'exclusiveGateway' | 'inclusiveGateway'): NodeCompiler =>
  (ctx, element, base) => {
    const defaultFlow = ctx.refId(element, 'default');
    return { ...base, kind, ...(defaultFlow !== undefined && { default: defaultFlow }) };
  };

const NODE_COMPILERS: Readonly<Record<string, NodeCompiler>> = {
  'bpmn:StartEvent': event('startEvent'),
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
  'bpmn:BusinessRuleTask': jobTask('businessRuleTask'),
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
  'bpmn:SubProcess': (ctx, element, base) => {
    if (flag(element, 'triggeredByEvent')) {
      // Not in the flow (nothing connects to it), so it is left out rather than stood in for.
      ctx.unsupported(base.id, 'event subprocess');
      return undefined;
    }
    return { ...base, kind: 'subProcess' };
  },
  'bpmn:Transaction': (ctx, _element, base) => {
    ctx.unsupported(base.id, 'transaction');
    return { ...base, kind: 'subProcess' };
  },
  'bpmn:AdHocSubProcess': (ctx, _element, base) => {
    ctx.unsupported(base.id, 'ad-hoc subprocess');
    return { ...base, kind: 'task' };
  },
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
  'bpmn:ComplexGateway': (ctx, _element, base) => {
    ctx.unsupported(base.id, 'complex gateway');
    return { ...base, kind: 'parallelGateway' };
  },
};

/** Subprocess kinds whose content is compiled as a nested scope. */
const CONTAINERS = new Set(['bpmn:SubProcess', 'bpmn:Transaction']);

const LISTENERS = [
  'zeebe:ExecutionListeners',
  'zeebe:TaskListeners',
  'camunda:ExecutionListener',
  'camunda:TaskListener',
];

export function compileProcess(
  process: ModdleElement,
  dangling: DanglingReferences = new WeakMap(),
): CompiledProcess {
  const id = idOf(process) ?? '';
  const ctx = new CompileContext(id, dangling);
  const elements: ElementDraft[] = [];
  const flows: SequenceFlow[] = [];
  compileScope(ctx, process, id, elements, flows);
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
): void {
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
      compileScope(ctx, element, draft.id, elements, flows);
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
  return draft && activityKinds.has(draft.kind) ? { ...draft, ...loopOf(ctx, element, id) } : draft;
}

/** Features an element can have whatever its kind that core does not run yet. */
function checkActivityMarkers(ctx: CompileContext, element: ModdleElement, id: string): void {
  if (flag(element, 'isForCompensation')) ctx.unsupported(id, 'compensation activity');
  if (element.$instanceOf('bpmn:Activity') && ctx.refId(element, 'default') !== undefined) {
    ctx.unsupported(id, 'activity', 'a default flow on an activity');
  }
  if (LISTENERS.some((type) => extension(element, type)))
    ctx.unsupported(id, 'element', 'execution or task listeners');
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
