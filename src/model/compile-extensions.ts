/**
 * Vendor extensions to graph fields. Camunda 8 (zeebe:*), Camunda 7 (camunda:*) and Sluice's
 * own attributes (sluice:*) can say the same thing; where several are present the most specific
 * wins: sluice, then zeebe, then camunda. Values follow values.ts (`=` marks FEEL, `${...}` JUEL
 * is translated to FEEL, other text is a literal). Code in other script languages compiles to
 * nothing here (a null value, a script with no effect); camunda-code.ts reports each as a
 * warning, since models never carry executable code.
 */
import type { CompileContext } from './compile-context.js';
import type { CallActivity, JobTask, Mapping, ScriptTask, UserTask, Value } from './graph.js';
import {
  type ModdleElement,
  attr,
  bodyOf,
  extension,
  extensions,
  flag,
  localKind,
  many,
  ref,
} from './moddle-element.js';
import { feelString, isExpressionText, mappingSource, stripExpressionMark, toValue } from './values.js';

export const DEFAULT_RETRIES = 3;

export interface Mappings {
  inputs?: Mapping[];
  outputs?: Mapping[];
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

/** zeebe:ioMapping and camunda:inputOutput, in that order. */
export function mappingsOf(ctx: CompileContext, element: ModdleElement, id: string): Mappings {
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  const io = extension(element, 'zeebe:IoMapping');
  if (io) {
    inputs.push(...many(io, 'inputParameters').map(zeebeMapping));
    outputs.push(...many(io, 'outputParameters').map(zeebeMapping));
  }
  const camundaIo = extension(element, 'camunda:InputOutput');
  if (camundaIo) {
    inputs.push(...many(camundaIo, 'inputParameters').map((p) => camundaMapping(ctx, p, id)));
    outputs.push(...many(camundaIo, 'outputParameters').map((p) => camundaMapping(ctx, p, id)));
  }
  return { ...(inputs.length > 0 && { inputs }), ...(outputs.length > 0 && { outputs }) };
}

const zeebeMapping = (parameter: ModdleElement): Mapping => ({
  source: mappingSource(attr(parameter, 'source')),
  target: attr(parameter, 'target') ?? '',
});

/** A camunda:inputParameter's value is its text, or a nested script, list or map. */
function camundaMapping(ctx: CompileContext, parameter: ModdleElement, id: string): Mapping {
  const target = attr(parameter, 'name') ?? '';
  const definition = ref(parameter, 'definition');
  return {
    source: definition ? parameterSource(ctx, definition, id, target) : mappingSource(bodyOf(parameter)),
    target,
  };
}

/**
 * camunda:list becomes a FEEL list, camunda:map a FEEL context, a FEEL camunda:script its
 * expression; their texts read as mapping sources do. A script in another language is null.
 */
function parameterSource(ctx: CompileContext, definition: ModdleElement, id: string, target: string): string {
  const nested = (d: ModdleElement | undefined, text: string | undefined): string =>
    d ? parameterSource(ctx, d, id, target) : mappingSource(text);
  switch (definition.$type) {
    case 'camunda:Script': {
      const format = attr(definition, 'scriptFormat');
      return format === undefined || /^\s*feel\s*$/i.test(format)
        ? stripExpressionMark(bodyOf(definition) ?? '')
        : 'null';
    }
    case 'camunda:Value':
      return mappingSource(bodyOf(definition));
    case 'camunda:List':
      return `[${many(definition, 'items')
        .map((item) => nested(item, undefined))
        .join(', ')}]`;
    case 'camunda:Map':
      return `{${many(definition, 'entries')
        .map((e) => `${feelString(attr(e, 'key') ?? '')}: ${nested(ref(e, 'definition'), attr(e, 'value'))}`)
        .join(', ')}}`;
    default:
      ctx.error(
        id,
        `parameter '${target}': <camunda:${localKind(definition.$type)}> values are not supported; write a FEEL expression`,
      );
      return 'null';
  }
}

/**
 * A Camunda 7 Java delegate as a job type, named as written without its `${}`:
 * camunda:class="com.acme.Charge" → `com.acme.Charge`, camunda:delegateExpression="${charge}" →
 * `charge`, camunda:expression="${orders.charge(execution)}" → `orders.charge(execution)`. The
 * expression is never evaluated; a handler or worker registered for that type does the work.
 */
function delegateType(task: ModdleElement): string | undefined {
  const connector = extension(task, 'camunda:Connector');
  return [
    attr(task, 'camunda:class'),
    ...['camunda:delegateExpression', 'camunda:expression'].map((name) =>
      attr(task, name)?.replace(/^\s*[$#]\{([\s\S]*)\}\s*$/, '$1'),
    ),
    connector && attr(connector, 'connectorId'),
  ]
    .map((text) => text?.trim())
    .find(present);
}

/** Camunda 7 field injections (camunda:field) as headers: their text as written. */
function fieldHeaders(task: ModdleElement): (readonly [string, string])[] {
  return extensions(task, 'camunda:Field').map((field) => {
    const text = attr(field, 'stringValue') ?? attr(field, 'string') ?? attr(field, 'expression') ?? '';
    return [attr(field, 'name') ?? '', text.trim()] as const;
  });
}

/** Task type, retries and headers of a service, send or business-rule task. */
export function jobOf(
  ctx: CompileContext,
  task: ModdleElement,
  id: string,
): Pick<JobTask, 'taskType' | 'retries' | 'headers'> {
  const definition = extension(task, 'zeebe:TaskDefinition');
  const external = attr(task, 'camunda:type') === 'external' ? attr(task, 'camunda:topic') : undefined;
  const type = [
    attr(task, 'sluice:type'),
    definition && attr(definition, 'type'),
    external,
    delegateType(task),
  ].find(present);
  if (type === undefined && extension(task, 'zeebe:CalledDecision')) {
    ctx.unsupported(
      id,
      'business rule task',
      'it calls a DMN decision (zeebe:calledDecision); give it a job type instead',
    );
  }
  const retriesText = [attr(task, 'sluice:retries'), definition && attr(definition, 'retries')].find(present);
  let retries = DEFAULT_RETRIES;
  if (retriesText !== undefined && isExpressionText(retriesText)) {
    ctx.unsupported(id, 'task', `its retries are an expression ('${retriesText}')`);
  } else if (retriesText !== undefined) {
    // Text that is not a number stays NaN, which validation reports, as it does for the builder.
    retries = Number(retriesText.trim());
  }
  const headers = extension(task, 'zeebe:TaskHeaders');
  const entries = [
    ...fieldHeaders(task),
    ...(headers
      ? many(headers, 'values').map((h) => [attr(h, 'key') ?? '', attr(h, 'value') ?? ''] as const)
      : []),
  ];
  return {
    taskType: toValue(type ?? ''),
    retries,
    ...(entries.length > 0 && { headers: Object.fromEntries(entries) }),
  };
}

type UserTaskFields = Pick<
  UserTask,
  | 'assignee'
  | 'candidateUsers'
  | 'candidateGroups'
  | 'dueDate'
  | 'followUpDate'
  | 'priority'
  | 'formKey'
  | 'work'
>;
type UserTaskValue = Exclude<keyof UserTaskFields, 'formKey' | 'work'>;

/** Where each user-task value is written: the zeebe element and attribute, then the camunda attribute. */
const USER_TASK_SOURCES: Readonly<Record<UserTaskValue, readonly [string, string, string]>> = {
  assignee: ['zeebe:AssignmentDefinition', 'assignee', 'camunda:assignee'],
  candidateUsers: ['zeebe:AssignmentDefinition', 'candidateUsers', 'camunda:candidateUsers'],
  candidateGroups: ['zeebe:AssignmentDefinition', 'candidateGroups', 'camunda:candidateGroups'],
  dueDate: ['zeebe:TaskSchedule', 'dueDate', 'camunda:dueDate'],
  followUpDate: ['zeebe:TaskSchedule', 'followUpDate', 'camunda:followUpDate'],
  priority: ['zeebe:PriorityDefinition', 'priority', 'camunda:priority'],
};

export function userTaskOf(task: ModdleElement): UserTaskFields {
  const fields: { -readonly [K in UserTaskValue]?: Value } & { formKey?: string } = {};
  for (const [field, [zeebeType, zeebeAttribute, camundaAttribute]] of Object.entries(USER_TASK_SOURCES)) {
    const zeebe = extension(task, zeebeType);
    const text = [zeebe && attr(zeebe, zeebeAttribute), attr(task, camundaAttribute)].find(present);
    if (text !== undefined) fields[field as UserTaskValue] = toValue(text);
  }
  const form = extension(task, 'zeebe:FormDefinition');
  const formKey = [
    form && attr(form, 'formKey'),
    form && attr(form, 'formId'),
    form && attr(form, 'externalReference'),
    attr(task, 'camunda:formKey'),
    attr(task, 'camunda:formRef'),
  ].find(present);
  if (formKey !== undefined) fields.formKey = formKey;
  const attrs = (task as ModdleElement & { $attrs?: Record<string, unknown> }).$attrs ?? {};
  const work = Object.entries(attrs).flatMap(([name, value]) =>
    /^sluice:(?!type$|retries$)/.test(name) && typeof value === 'string' ? [[name, value] as const] : [],
  );
  return work.length > 0 ? { ...fields, work: Object.fromEntries(work) } : fields;
}

/**
 * FEEL only: zeebe:script, or a bpmn:script whose scriptFormat is feel (or absent). The context
 * and id are unused: a script in another language is reported by camunda-code.ts instead.
 */
export function scriptOf(
  _ctx: CompileContext,
  task: ModdleElement,
  _id: string,
): Pick<ScriptTask, 'script' | 'resultVariable'> {
  const zeebe = extension(task, 'zeebe:Script');
  const zeebeExpression = zeebe && attr(zeebe, 'expression');
  const resultVariable = [zeebe && attr(zeebe, 'resultVariable'), attr(task, 'camunda:resultVariable')].find(
    present,
  );
  const result = resultVariable !== undefined ? { resultVariable } : {};
  if (zeebeExpression !== undefined) return { script: stripExpressionMark(zeebeExpression), ...result };
  const format = attr(task, 'scriptFormat');
  // Never run (camunda-code.ts warns): `null` has no effect, and validation sees a script given.
  if (present(format) && !/^\s*feel\s*$/i.test(format)) return { script: 'null' };
  const body = attr(task, 'script');
  if (!present(body)) return { script: '', ...result };
  return { script: stripExpressionMark(body), ...result };
}

type CallFields = Pick<
  CallActivity,
  'calledElement' | 'propagateAllParentVariables' | 'propagateAllChildVariables'
>;

/**
 * What to call and which variables cross. Camunda 8's zeebe:calledElement propagates all
 * variables both ways unless told otherwise; Camunda 7's camunda:in/out propagate only what they
 * name, or everything with variables="all".
 */
export function callOf(call: ModdleElement): CallFields & Mappings {
  const zeebe = extension(call, 'zeebe:CalledElement');
  const calledElement = [zeebe && attr(zeebe, 'processId'), attr(call, 'calledElement')].find(present) ?? '';
  const ins = extensions(call, 'camunda:In');
  const outs = extensions(call, 'camunda:Out');
  const camundaStyle = !zeebe && (ins.length > 0 || outs.length > 0);
  const all = (bindings: ModdleElement[]): boolean => bindings.some((b) => attr(b, 'variables') === 'all');
  const inputs = ins.flatMap(binding);
  const outputs = outs.flatMap(binding);
  return {
    calledElement: toValue(calledElement),
    propagateAllParentVariables: camundaStyle
      ? all(ins)
      : ((zeebe && flag(zeebe, 'propagateAllParentVariables')) ?? true),
    propagateAllChildVariables: camundaStyle
      ? all(outs)
      : ((zeebe && flag(zeebe, 'propagateAllChildVariables')) ?? true),
    ...(inputs.length > 0 && { inputs }),
    ...(outputs.length > 0 && { outputs }),
  };
}

/** One camunda:in/out variable binding; `variables="all"` is a flag, not a mapping. */
function binding(element: ModdleElement): Mapping[] {
  const target = attr(element, 'target');
  const source = attr(element, 'source');
  const sourceExpression = attr(element, 'sourceExpression');
  if (!present(target)) return [];
  if (present(sourceExpression)) return [{ source: mappingSource(sourceExpression), target }];
  return present(source) ? [{ source, target }] : [];
}
