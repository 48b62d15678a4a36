/**
 * Code in a model that Sluice never runs: scripts in languages other than FEEL (script tasks,
 * Camunda 7 script parameters) and listeners (Camunda 7 execution and task listeners, Camunda 8
 * execution and task listeners). Each is reported once, against its element, as a warning
 * marked `not-executed`: the model deploys and runs without it, and a strict deploy refuses it.
 * Conditions in other languages are not here: a flow cannot be chosen without its condition,
 * so the compiler refuses those outright.
 */
import { type Finding, NOT_EXECUTED } from './findings.js';
import { type ModdleElement, attr, extension, extensions, idOf, many, ref } from './moddle-element.js';

const LISTENERS: readonly (readonly [type: string, what: string])[] = [
  ['camunda:ExecutionListener', 'a Camunda 7 execution listener'],
  ['camunda:TaskListener', 'a Camunda 7 task listener'],
  ['zeebe:ExecutionListeners', 'Camunda 8 execution listeners'],
  ['zeebe:TaskListeners', 'Camunda 8 task listeners'],
];

const isFeel = (format: string | undefined): boolean => format === undefined || /^\s*feel\s*$/i.test(format);

/** Every piece of code in the process that will not run, in document order. */
export function codeNotExecuted(process: ModdleElement): Finding[] {
  const processId = idOf(process) ?? '';
  const findings: Finding[] = [];
  const warn = (element: ModdleElement, message: string): void => {
    const elementId = idOf(element) ?? processId;
    findings.push({ severity: 'warning', code: NOT_EXECUTED, message, elementId, processId });
  };
  const visit = (element: ModdleElement): void => {
    const id = idOf(element) ?? processId;
    for (const [type, what] of LISTENERS) {
      const found = extensions(element, type);
      if (found.length > 0) {
        const events = found.map((l) => attr(l, 'event')).filter((e) => e !== undefined);
        const on = events.length > 0 ? ` (on ${[...new Set(events)].join(', ')})` : '';
        warn(
          element,
          `'${id}' has ${what}${on}, which Sluice does not run: listeners are code; do that work in a service task or a job handler`,
        );
      }
    }
    if (element.$type === 'bpmn:ScriptTask' && !extension(element, 'zeebe:Script')) {
      const format = attr(element, 'scriptFormat');
      if (!isFeel(format)) {
        warn(
          element,
          `script task '${id}' is written in ${format} and will not run: models carry no code, so the task passes the token on without a result; rewrite the script in FEEL, or make it a service task whose handler does the work`,
        );
      }
    }
    for (const parameter of camundaParameters(element)) {
      const language = otherScriptLanguage(ref(parameter, 'definition'));
      if (language !== undefined) {
        warn(
          element,
          `parameter '${attr(parameter, 'name') ?? ''}' of '${id}' is a ${language} script, which Sluice does not run: the parameter is null; write it as FEEL (scriptFormat="feel")`,
        );
      }
    }
    for (const child of many(element, 'flowElements')) visit(child);
  };
  visit(process);
  return findings;
}

function camundaParameters(element: ModdleElement): ModdleElement[] {
  const io = extension(element, 'camunda:InputOutput');
  return io ? [...many(io, 'inputParameters'), ...many(io, 'outputParameters')] : [];
}

/** The language of a non-FEEL script anywhere in a parameter's value (lists and maps nest). */
function otherScriptLanguage(definition: ModdleElement | undefined): string | undefined {
  if (!definition) return undefined;
  if (definition.$type === 'camunda:Script') {
    const format = attr(definition, 'scriptFormat');
    return isFeel(format) ? undefined : (format ?? 'an unnamed language');
  }
  const nested = [
    ...many(definition, 'items'),
    ...many(definition, 'entries').flatMap((entry) => ref(entry, 'definition') ?? []),
  ];
  return nested.map(otherScriptLanguage).find((language) => language !== undefined);
}
