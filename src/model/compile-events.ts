/**
 * Event definitions (and receive tasks' messages) to graph form. Which trigger is allowed on
 * which kind of event is checked by validation, for both the XML and the builder path; here only
 * what the graph cannot express at all is reported.
 */
import type { CompileContext } from './compile-context.js';
import type { EventDefinition, TimerSpec, Value } from './graph.js';
import { type ModdleElement, attr, bodyOf, extension, idOf, many, ref } from './moddle-element.js';
import { isExpressionText, stripExpressionMark, toValue } from './values.js';

const THROW_EVENTS = new Set(['bpmn:EndEvent', 'bpmn:IntermediateThrowEvent']);

/** The element's trigger. Unsupported ones are reported and read as `none`, keeping the rest. */
export function eventDefinitionOf(ctx: CompileContext, event: ModdleElement, id: string): EventDefinition {
  const definitions = many(event, 'eventDefinitions');
  if (many(event, 'eventDefinitionRef').length > 0) {
    ctx.unsupported(id, 'event', 'it refers to a shared event definition (eventDefinitionRef)');
    return { type: 'none' };
  }
  if (definitions.length > 1) {
    ctx.unsupported(id, 'multiple event', 'it has several event definitions');
    return { type: 'none' };
  }
  const definition = definitions[0];
  if (!definition) return { type: 'none' };
  switch (definition.$type) {
    case 'bpmn:MessageEventDefinition':
      // Camunda 8 runs a message throw event as a job when it has a task definition.
      if (THROW_EVENTS.has(event.$type) && extension(event, 'zeebe:TaskDefinition')) {
        ctx.unsupported(id, 'message event', 'it is a job (zeebe:taskDefinition); model it as a send task');
        return { type: 'none' };
      }
      return { type: 'message', ...messageOf(ref(definition, 'messageRef')) };
    case 'bpmn:TimerEventDefinition':
      return { type: 'timer', timer: timerOf(definition) };
    case 'bpmn:ErrorEventDefinition':
      return errorOf(ctx, ref(definition, 'errorRef'), id);
    case 'bpmn:EscalationEventDefinition':
      return escalationOf(ctx, ref(definition, 'escalationRef'), id);
    case 'bpmn:SignalEventDefinition': {
      // A missing signal gives an empty name, which validation reports.
      const signal = ref(definition, 'signalRef');
      return { type: 'signal', signalName: toValue((signal && attr(signal, 'name')) ?? '') };
    }
    case 'bpmn:LinkEventDefinition':
      return { type: 'link', linkName: (attr(definition, 'name') ?? '').trim() };
    case 'bpmn:TerminateEventDefinition':
      return { type: 'terminate' };
    case 'bpmn:ConditionalEventDefinition': {
      // A missing condition gives an empty one, which validation reports.
      const body = bodyOf(ref(definition, 'condition'));
      return { type: 'conditional', condition: body ? stripExpressionMark(body) : '' };
    }
    case 'bpmn:CompensateEventDefinition': {
      const activityRef = ctx.refId(definition, 'activityRef');
      return { type: 'compensate', ...(activityRef !== undefined && { activityRef }) };
    }
    case 'bpmn:CancelEventDefinition':
      return { type: 'cancel' };
    default: {
      ctx.unsupported(id, `event with ${definition.$type}`);
      return { type: 'none' };
    }
  }
}

/**
 * A message's name and, from Camunda 8's `zeebe:subscription`, its correlation key. A missing
 * message gives an empty name, which validation reports for every path alike.
 */
export function messageOf(message: ModdleElement | undefined): {
  messageName: Value;
  correlationKey?: string;
} {
  const name = message ? (attr(message, 'name') ?? '') : '';
  const subscription = message && extension(message, 'zeebe:Subscription');
  const key = subscription && attr(subscription, 'correlationKey');
  return {
    messageName: toValue(name),
    ...(key !== undefined && key.trim() !== '' && { correlationKey: stripExpressionMark(key) }),
  };
}

const TIMER_KINDS = [
  ['timeDate', 'date'],
  ['timeDuration', 'duration'],
  ['timeCycle', 'cycle'],
] as const;

/** A timer with none of the three values reads as an empty duration; validation reports it. */
function timerOf(definition: ModdleElement): TimerSpec {
  for (const [property, kind] of TIMER_KINDS) {
    const text = bodyOf(ref(definition, property));
    if (text !== undefined && text !== '') return { kind, value: toValue(text) };
  }
  return { kind: 'duration', value: { literal: '' } };
}

function errorOf(ctx: CompileContext, error: ModdleElement | undefined, id: string): EventDefinition {
  const code = error && attr(error, 'errorCode');
  const message = error && attr(error, 'camunda:errorMessage');
  if (code !== undefined && isExpressionText(code)) {
    ctx.unsupported(id, 'error event', `its error '${idOf(error!) ?? ''}' gives the code as an expression`);
  }
  return {
    type: 'error',
    ...(code !== undefined && code !== '' && { errorCode: code }),
    ...(message !== undefined && message !== '' && { errorMessage: message }),
  };
}

/** An escalation's code; an event without one (or without an escalation) catches every code. */
function escalationOf(
  ctx: CompileContext,
  escalation: ModdleElement | undefined,
  id: string,
): EventDefinition {
  const code = escalation && attr(escalation, 'escalationCode');
  if (code !== undefined && isExpressionText(code)) {
    ctx.unsupported(
      id,
      'escalation event',
      `its escalation '${idOf(escalation!) ?? ''}' gives the code as an expression`,
    );
  }
  return { type: 'escalation', ...(code !== undefined && code !== '' && { escalationCode: code }) };
}
