/**
 * Vendor extensions to graph fields. Camunda 8 (zeebe:*), Camunda 7 (camunda:*) and Sluice's
 * own attributes (sluice:*) can say the same thing; where several are present the most specific
 * wins: sluice, then zeebe, then camunda. Values follow values.ts (`=` marks FEEL, other text is
 * a literal); JUEL is kept as written for validation to report, and code in other script
 * languages is refused here, since models never carry executable code.
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
import { isExpressionText, mappingSource, stripExpressionMark, toValue } from './values.js';

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
  if (!definition) return { source: mappingSource(bodyOf(parameter)), target };
  if (definition.$type === 'camunda:Script' && /^feel$/i.test(attr(definition, 'scriptFormat') ?? '')) {
    return { source: stripExpressionMark(bodyOf(definition) ?? ''), target };
  }
  ctx.error(
    id,
    `parameter '${target}': <camunda:${localKind(definition.$type)}> values are not supported; write a FEEL expression`,
  );
  return { source: 'null', target };
}

/** Task type, retries and headers of a service, send or business-rule task. */
export function jobOf(
  ctx: CompileContext,
  task: ModdleElement,
  id: string,
): Pick<JobTask, 'taskType' | 'retries' | 'headers'> {
  const definition = extension(task, 'zeebe:TaskDefinition');
  const external = attr(task, 'camunda:type') === 'external' ? attr(task, 'camunda:topic') : undefined;
  const type = [attr(task, 'sluice:type'), definition && attr(definition, 'type'), external].find(present);
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
  const entries = headers
    ? many(headers, 'values').map((h) => [attr(h, 'key') ?? '', attr(h, 'value') ?? ''] as const)
    : [];
  return {
    taskType: toValue(type ?? ''),
    retries,
    ...(entries.length > 0 && { headers: Object.fromEntries(entries) }),
  };
}

type UserTaskFields = Pick<
  UserTask,
  'assignee' | 'candidateUsers' | 'candidateGroups' | 'dueDate' | 'followUpDate' | 'priority' | 'formKey'
>;
type UserTaskValue = Exclude<keyof UserTaskFields, 'formKey'>;

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
  ].find(present);
  if (formKey !== undefined) fields.formKey = formKey;
  return fields;
}

/** FEEL only: zeebe:script, or a bpmn:script whose scriptFormat is feel. */
export function scriptOf(
  ctx: CompileContext,
  task: ModdleElement,
  id: string,
): Pick<ScriptTask, 'script' | 'resultVariable'> {
  const zeebe = extension(task, 'zeebe:Script');
  const zeebeExpression = zeebe && attr(zeebe, 'expression');
  const resultVariable = [zeebe && attr(zeebe, 'resultVariable'), attr(task, 'camunda:resultVariable')].find(
    present,
  );
  const result = resultVariable !== undefined ? { resultVariable } : {};
  if (zeebeExpression !== undefined) return { script: stripExpressionMark(zeebeExpression), ...result };
  const format = attr(task, 'scriptFormat');
  const body = attr(task, 'script');
  if (!present(body)) return { script: '', ...result };
  if (present(format) && !/^\s*feel\s*$/i.test(format)) {
    ctx.error(
      id,
      `script format '${format}' is not supported: models carry no code; write the script in FEEL`,
    );
    // Marked as given, so that validation does not also call the script missing.
    return { script: 'null', ...result };
  }
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
