/**
 * Checks on single elements: gateways and their conditions, events and their triggers, and
 * what each task needs in order to run. Part of validateProcess.
 */
import { checkTimer } from '../expr/timer-spec.js';
import {
  type Activity,
  type EventDefinition,
  type EventType,
  type FlowElement,
  type Gateway,
  type Mapping,
  type ProcessGraph,
  type Value,
  isActivity,
} from './graph.js';
import { type Report, describe } from './validation-report.js';
import { isJuel } from './values.js';

type EventKind = Extract<FlowElement, { event: unknown }>['kind'];

/** The triggers core runs on each kind of event. */
const TRIGGERS: Readonly<Record<EventKind, readonly EventType[]>> = {
  startEvent: ['none', 'message', 'timer', 'signal', 'conditional', 'error', 'escalation', 'compensate'],
  endEvent: ['none', 'message', 'error', 'escalation', 'signal', 'terminate', 'compensate', 'cancel'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'link', 'conditional'],
  intermediateThrowEvent: ['none', 'message', 'escalation', 'signal', 'link', 'compensate'],
  boundaryEvent: ['message', 'timer', 'error', 'escalation', 'signal', 'conditional', 'compensate', 'cancel'],
};

/** Start triggers only an event subprocess can have: they catch something inside a running scope. */
const EVENT_SUBPROCESS_STARTS: ReadonlySet<EventType> = new Set([
  'conditional',
  'error',
  'escalation',
  'compensate',
]);

const TASK_TYPE_HELP =
  'set zeebe:taskDefinition type, camunda:type="external" with camunda:topic, or sluice:type';

const isBlank = (value: Value): boolean =>
  ('literal' in value ? value.literal : value.expression).trim() === '';

export function checkElements(graph: ProcessGraph, report: Report): void {
  for (const element of Object.values(graph.elements)) {
    checkMappings(element, report);
    if ('event' in element) checkEvent(graph, element, report);
    else if (isGateway(element)) checkGateway(graph, element, report);
    else checkTask(element, report);
    if (isActivity(element)) checkLoop(element, report);
  }
  checkLinks(graph, report);
}

/** A multi-instance activity needs its items; a standard loop needs its condition. */
function checkLoop(activity: Activity, report: Report): void {
  const { multiInstance: mi, loop } = activity;
  if (mi && loop) {
    report('error', activity.id, `${describe(activity)} is both multi-instance and a loop; it can be one`);
  }
  if (mi) {
    if (mi.collection === undefined && mi.cardinality === undefined) {
      report(
        'error',
        activity.id,
        `multi-instance ${describe(activity)} has neither an input collection nor a loop cardinality`,
      );
    } else if (mi.collection !== undefined && mi.cardinality !== undefined) {
      report(
        'warning',
        activity.id,
        `the loop cardinality of multi-instance ${describe(activity)} is ignored: it runs once per item of its input collection`,
      );
    }
    if (mi.outputElement !== undefined && mi.outputCollection === undefined) {
      report(
        'warning',
        activity.id,
        `the output element of multi-instance ${describe(activity)} is not collected: it has no output collection`,
      );
    }
    if (mi.outputCollection !== undefined && mi.outputElement === undefined) {
      report(
        'warning',
        activity.id,
        `the output collection of multi-instance ${describe(activity)} will hold only nulls: it has no output element`,
      );
    }
  }
  if (loop) {
    if (loop.condition.trim() === '') {
      report('error', activity.id, `loop ${describe(activity)} has no loop condition`);
    }
    if (loop.maximum !== undefined && (!Number.isInteger(loop.maximum) || loop.maximum < 1)) {
      report(
        'error',
        activity.id,
        `loop ${describe(activity)} has loop maximum '${loop.maximum}'; it must be a whole number, 1 or more`,
      );
    }
  }
}

type Linked = Extract<FlowElement, { kind: 'intermediateCatchEvent' | 'intermediateThrowEvent' }>;

const linkName = (element: FlowElement): string | undefined =>
  (element.kind === 'intermediateCatchEvent' || element.kind === 'intermediateThrowEvent') &&
  element.event.type === 'link'
    ? element.event.linkName
    : undefined;

/**
 * A link throw event continues at the link catch event of the same name in its own scope: that
 * catch must exist and be the only one of its name there.
 */
function checkLinks(graph: ProcessGraph, report: Report): void {
  const catches = new Map<string, Linked[]>();
  const throws: Linked[] = [];
  for (const element of Object.values(graph.elements)) {
    const name = linkName(element);
    if (name === undefined) continue;
    const event = element as Linked;
    if (name.trim() === '') {
      report('error', event.id, `link ${describe(event)} has no link name`);
      continue;
    }
    if (event.kind === 'intermediateThrowEvent') throws.push(event);
    else {
      const key = JSON.stringify([event.scope, name]);
      catches.set(key, [...(catches.get(key) ?? []), event]);
    }
  }
  for (const same of catches.values()) {
    if (same.length < 2) continue;
    for (const event of same) {
      report(
        'error',
        event.id,
        `link ${describe(event)} shares the link name '${linkName(event)}' with ${same
          .filter((other) => other !== event)
          .map((other) => `'${other.id}'`)
          .join(', ')} in the same scope; link names must be unique per scope`,
      );
    }
  }
  for (const event of throws) {
    const name = linkName(event)!;
    if (!catches.has(JSON.stringify([event.scope, name]))) {
      report(
        'error',
        event.id,
        `link ${describe(event)} jumps to link '${name}', but no link catch event of that name is in its scope`,
      );
    }
    if (event.outgoing.length > 0) {
      report(
        'error',
        event.id,
        `link ${describe(event)} cannot have outgoing sequence flows: the token continues at the link catch event`,
      );
    }
  }
}

/** What each kind of activity needs before a token can run it. */
function checkTask(element: FlowElement, report: Report): void {
  const missing = (what: string): void => report('error', element.id, `${describe(element)} ${what}`);
  switch (element.kind) {
    case 'serviceTask':
    case 'sendTask':
    case 'businessRuleTask': {
      if (isBlank(element.taskType)) missing(`has no task type: ${TASK_TYPE_HELP}`);
      const { retries } = element;
      if (!Number.isInteger(retries) || retries < 0) {
        missing(`has retries '${retries}'; retries must be a whole number, 0 or more`);
      }
      break;
    }
    case 'receiveTask': {
      if (isBlank(element.messageName)) missing('has no message name');
      break;
    }
    case 'scriptTask': {
      if (element.script.trim() === '') missing('has no FEEL script');
      break;
    }
    case 'callActivity': {
      if (isBlank(element.calledElement)) missing('does not name the process to call');
      break;
    }
    default:
      break;
  }
}

const isGateway = (element: FlowElement): element is Gateway => element.kind.endsWith('Gateway');

function checkMappings(element: FlowElement, report: Report): void {
  const check = (mappings: readonly Mapping[] | undefined, kind: string): void => {
    for (const mapping of mappings ?? []) {
      if (mapping.target.trim() === '')
        report('error', element.id, `${describe(element)} has an ${kind} mapping without a target variable`);
    }
  };
  check(element.inputs, 'input');
  check(element.outputs, 'output');
}

function checkGateway(graph: ProcessGraph, gateway: Gateway, report: Report): void {
  const choosing = gateway.kind === 'exclusiveGateway' || gateway.kind === 'inclusiveGateway';
  if (gateway.default !== undefined) {
    if (!choosing) report('error', gateway.id, `${describe(gateway)} cannot have a default flow`);
    else if (!gateway.outgoing.includes(gateway.default)) {
      report(
        'error',
        gateway.id,
        `the default flow '${gateway.default}' of ${describe(gateway)} is not one of its outgoing flows`,
      );
    } else if (graph.flows[gateway.default]?.condition !== undefined) {
      report(
        'warning',
        gateway.default,
        `the condition of default flow '${gateway.default}' is never evaluated`,
      );
    }
  }
  for (const flowId of gateway.outgoing) {
    const flow = graph.flows[flowId];
    if (!flow) continue;
    if (
      choosing &&
      gateway.outgoing.length > 1 &&
      flowId !== gateway.default &&
      flow.condition === undefined
    ) {
      report(
        'error',
        flowId,
        `sequence flow '${flowId}' leaves ${describe(gateway)} with other flows but has no condition and is not the default flow`,
      );
    }
    if (!choosing && flow.condition !== undefined) {
      report(
        'warning',
        flowId,
        `the condition of sequence flow '${flowId}' is ignored: it leaves ${describe(gateway)}`,
      );
    }
  }
  if (gateway.kind === 'eventBasedGateway') checkEventGateway(graph, gateway, report);
}

/** An event-based gateway waits for the first of its events: each branch must start with one. */
function checkEventGateway(graph: ProcessGraph, gateway: FlowElement, report: Report): void {
  if (gateway.outgoing.length < 2)
    report('error', gateway.id, `${describe(gateway)} needs at least two outgoing flows`);
  for (const flowId of gateway.outgoing) {
    const target = graph.elements[graph.flows[flowId]?.target ?? ''];
    if (!target) continue;
    const waits =
      target.kind === 'receiveTask' ||
      (target.kind === 'intermediateCatchEvent' &&
        (target.event.type === 'message' || target.event.type === 'timer' || target.event.type === 'signal'));
    if (!waits) {
      report(
        'error',
        flowId,
        `${describe(gateway)} leads to ${describe(target)}; it may only lead to message, timer or signal catch events and receive tasks`,
      );
    }
  }
}

function checkEvent(
  graph: ProcessGraph,
  event: Extract<FlowElement, { event: unknown }>,
  report: Report,
): void {
  const trigger = event.event;
  if (!TRIGGERS[event.kind].includes(trigger.type)) {
    const what = trigger.type === 'none' ? 'a plain' : `a ${trigger.type}`;
    report(
      'error',
      event.id,
      `${describe(event)} cannot be ${what} event; allowed: ${TRIGGERS[event.kind].join(', ')}`,
    );
  }
  if (trigger.type === 'message' && isBlank(trigger.messageName)) {
    report('error', event.id, `${describe(event)} has no message name`);
  }
  if (trigger.type === 'timer') {
    const { kind, value } = trigger.timer;
    if ('literal' in value && value.literal.trim() === '') {
      report('error', event.id, `${describe(event)} has no timeDate, timeDuration or timeCycle`);
    } else if ('literal' in value && !isJuel(value.literal)) {
      const problem = checkTimer(kind, value.literal);
      if (problem) report('error', event.id, `${describe(event)}: ${problem}`);
    }
  }
  if (trigger.type === 'error' && event.kind === 'endEvent' && !trigger.errorCode) {
    report('error', event.id, `${describe(event)} throws an error without an error code`);
  }
  if (
    trigger.type === 'escalation' &&
    (event.kind === 'endEvent' || event.kind === 'intermediateThrowEvent') &&
    !trigger.escalationCode
  ) {
    report('error', event.id, `${describe(event)} throws an escalation without an escalation code`);
  }
  if (trigger.type === 'signal' && isBlank(trigger.signalName)) {
    report('error', event.id, `${describe(event)} has no signal name`);
  }
  if (trigger.type === 'conditional' && trigger.condition.trim() === '') {
    report(
      'error',
      event.id,
      `${describe(event)} has no condition: write a FEEL condition in the conditional event definition`,
    );
  }
  if (event.kind === 'startEvent' && EVENT_SUBPROCESS_STARTS.has(trigger.type)) {
    const host = graph.elements[event.scope];
    if (!(host?.kind === 'subProcess' && host.triggeredByEvent)) {
      report(
        'error',
        event.id,
        `${describe(event)} cannot be a ${trigger.type} start event: only an event subprocess starts so`,
      );
    }
  }
  if (trigger.type === 'cancel') checkCancel(graph, event, report);
  if (event.kind === 'startEvent' && event.scope === graph.id) checkProcessStart(event, report);
  if ((event.kind === 'endEvent' || event.kind === 'intermediateThrowEvent') && trigger.type === 'message') {
    report(
      'warning',
      event.id,
      `${describe(event)} does not send its message: Sluice passes message throw events like plain ones; send messages from a send task`,
    );
  }
  if (event.kind === 'boundaryEvent') checkBoundary(graph, event, report);
}

/**
 * A process's message, signal and timer start events listen from the moment it is deployed, before any
 * variable exists: their message name and timer must be literals, not expressions.
 */
function checkProcessStart(event: Extract<FlowElement, { kind: 'startEvent' }>, report: Report): void {
  const trigger = event.event;
  const value =
    trigger.type === 'message'
      ? trigger.messageName
      : trigger.type === 'signal'
        ? trigger.signalName
        : trigger.type === 'timer'
          ? trigger.timer.value
          : undefined;
  if (value && 'expression' in value) {
    const what = trigger.type === 'timer' ? 'timer' : `${trigger.type} name`;
    report(
      'error',
      event.id,
      `the ${what} of ${describe(event)} is an expression, but a process's start events listen from deployment, before there are variables: write it as a literal`,
    );
  }
}

/** Cancel events belong to transactions: the end event inside one, the boundary event on one. */
function checkCancel(
  graph: ProcessGraph,
  event: Extract<FlowElement, { event: unknown }>,
  report: Report,
): void {
  const transaction = graph.elements[event.kind === 'boundaryEvent' ? event.attachedTo : event.scope];
  if (!(transaction?.kind === 'subProcess' && transaction.transaction)) {
    report(
      'error',
      event.id,
      `${describe(event)} is a cancel event outside a transaction: cancel end events go inside a transaction subprocess, cancel boundary events on one`,
    );
  } else if (
    event.kind === 'endEvent' &&
    !transaction.boundaryEvents?.some(
      (id) =>
        graph.elements[id]?.kind === 'boundaryEvent' &&
        (graph.elements[id] as { event: EventDefinition }).event.type === 'cancel',
    )
  ) {
    report(
      'error',
      event.id,
      `${describe(event)} cancels transaction '${transaction.id}', which has no cancel boundary event to leave by: attach one`,
    );
  }
}

function checkBoundary(
  graph: ProcessGraph,
  event: Extract<FlowElement, { kind: 'boundaryEvent' }>,
  report: Report,
): void {
  const host = graph.elements[event.attachedTo];
  if (event.attachedTo === '') report('error', event.id, `${describe(event)} is not attached to an activity`);
  else if (!host)
    report(
      'error',
      event.id,
      `${describe(event)} is attached to '${event.attachedTo}', which is not in process '${graph.id}'`,
    );
  else if (!isActivity(host)) {
    report(
      'error',
      event.id,
      `${describe(event)} is attached to ${describe(host)}; boundary events attach to activities`,
    );
  } else if (host.scope !== event.scope) {
    report('error', event.id, `${describe(event)} is not in the same scope as ${describe(host)}`);
  }
  if (event.event.type === 'escalation' && host && isActivity(host) && host.kind !== 'subProcess') {
    report(
      'warning',
      event.id,
      `${describe(event)} catches escalations, but ${describe(host)} cannot throw one: only escalation events inside a subprocess reach its boundary`,
    );
  }
  if ((event.event.type === 'cancel' || event.event.type === 'compensate') && !event.cancelActivity) {
    report(
      'error',
      event.id,
      `${describe(event)} is a ${event.event.type} boundary event, which always interrupts: remove cancelActivity="false"`,
    );
  }
  if (event.event.type === 'error' && !event.cancelActivity) {
    report(
      'error',
      event.id,
      `${describe(event)} catches an error, so it must interrupt the activity (cancelActivity)`,
    );
  }
}
