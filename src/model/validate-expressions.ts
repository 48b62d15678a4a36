/**
 * Every FEEL expression in a graph must parse, and no text may be Camunda 7's JUEL (`${...}`)
 * left over: the importer translates the subset juel.ts knows, and what remains is refused. Finding a broken condition when the model is deployed is much
 * cheaper than finding it as an incident when a token first reaches it. Part of validateProcess.
 */
import { checkFeel } from '../expr/feel.js';
import type { FlowElement, ProcessGraph, Value } from './graph.js';
import type { Report } from './validation-report.js';
import { juelToFeel } from './juel.js';
import { isJuel } from './values.js';

/** A piece of model text: FEEL source, or a literal that must at least not be JUEL. */
interface Text {
  readonly elementId: string;
  readonly where: string;
  readonly text: string;
  readonly feel: boolean;
}

export function checkExpressions(graph: ProcessGraph, report: Report): void {
  const texts: Text[] = [];
  for (const flow of Object.values(graph.flows)) {
    if (flow.condition !== undefined) {
      texts.push({
        elementId: flow.id,
        where: `the condition of sequence flow '${flow.id}'`,
        text: flow.condition,
        feel: true,
      });
    }
  }
  for (const element of Object.values(graph.elements)) texts.push(...textsOf(element));
  for (const { elementId, where, text, feel } of texts) {
    if (isJuel(text)) {
      const translation = juelToFeel(text);
      const reason = 'problem' in translation ? translation.problem : 'it is marked as FEEL with a leading =';
      report(
        'error',
        elementId,
        `${where} is JUEL that Sluice cannot translate to FEEL (${reason}); rewrite it in FEEL: ${text}`,
      );
      continue;
    }
    const problem = feel ? checkFeel(text) : undefined;
    if (problem) report('error', elementId, `${where} is not valid FEEL (${problem}): ${text}`);
  }
}

function textsOf(element: FlowElement): Text[] {
  const found: Text[] = [];
  const feel = (where: string, text: string | undefined): void => {
    if (text !== undefined)
      found.push({ elementId: element.id, where: `${where} of '${element.id}'`, text, feel: true });
  };
  const value = (where: string, v: Value | undefined): void => {
    if (v && 'expression' in v) feel(where, v.expression);
    else if (v)
      found.push({
        elementId: element.id,
        where: `${where} of '${element.id}'`,
        text: v.literal,
        feel: false,
      });
  };
  for (const m of element.inputs ?? []) feel(`input mapping '${m.target}'`, m.source);
  for (const m of element.outputs ?? []) feel(`output mapping '${m.target}'`, m.source);
  if ('event' in element) {
    const trigger = element.event;
    if (trigger.type === 'message') {
      value('the message name', trigger.messageName);
      feel('the correlation key', trigger.correlationKey);
    }
    if (trigger.type === 'timer') value('the timer', trigger.timer.value);
    if (trigger.type === 'signal') value('the signal name', trigger.signalName);
    // An empty condition is reported as missing, not as bad FEEL.
    if (trigger.type === 'conditional' && trigger.condition.trim() !== '')
      feel('the condition', trigger.condition);
  }
  if ('multiInstance' in element && element.multiInstance) {
    const mi = element.multiInstance;
    feel('the multi-instance input collection', mi.collection);
    feel('the multi-instance loop cardinality', mi.cardinality);
    feel('the multi-instance completion condition', mi.completionCondition);
    feel('the multi-instance output element', mi.outputElement);
  }
  // An empty loop condition is reported as missing, not as bad FEEL.
  if ('loop' in element && element.loop && element.loop.condition.trim() !== '') {
    feel('the loop condition', element.loop.condition);
  }
  switch (element.kind) {
    case 'serviceTask':
    case 'sendTask':
    case 'businessRuleTask':
      value('the task type', element.taskType);
      break;
    case 'userTask':
      value('the assignee', element.assignee);
      value('the candidate users', element.candidateUsers);
      value('the candidate groups', element.candidateGroups);
      value('the due date', element.dueDate);
      value('the follow-up date', element.followUpDate);
      value('the priority', element.priority);
      break;
    case 'scriptTask':
      // An empty script is reported as missing, not as bad FEEL.
      if (element.script.trim() !== '') feel('the script', element.script);
      break;
    case 'receiveTask':
      value('the message name', element.messageName);
      feel('the correlation key', element.correlationKey);
      break;
    case 'callActivity':
      value('the called element', element.calledElement);
      break;
    case 'complexGateway':
      feel('the activation condition', element.activationCondition);
      break;
    case 'subProcess':
      feel('the ad-hoc completion condition', element.adHoc?.completionCondition);
      break;
    default:
      break;
  }
  return found;
}
