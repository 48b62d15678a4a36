/**
 * The builder's working state and its option-to-graph conversions. All scope builders of one
 * process add to one ProcessDraftState; problems that only the builder can make (a reused id,
 * two triggers on one event) are collected here and reported with validation's findings.
 */
import type { ElementDraft } from './assemble-graph.js';
import type {
  ActivityOptions,
  ErrorOption,
  EscalationOption,
  FlowOptions,
  MessageOption,
  Text,
  TimerOption,
} from './builder-options.js';
import type { Finding } from './findings.js';
import {
  type EventDefinition,
  type FlowElement,
  isActivity,
  type MultiInstance,
  type SequenceFlow,
  type StandardLoop,
  type TimerSpec,
  type Value,
} from './graph.js';
import { stripExpressionMark, toValue } from './values.js';

/** What all scope builders of one process add to. */
export class ProcessDraftState {
  readonly elements: ElementDraft[] = [];
  readonly flows: SequenceFlow[] = [];
  /** Gateway id → default flow id, applied when the graph is assembled. */
  readonly defaults = new Map<string, string>();
  readonly findings: Finding[] = [];
  private readonly ids = new Set<string>();
  /** Compensation boundary event id → its handler (the association BPMN draws between them). */
  private readonly handlers = new Map<string, string>();

  constructor(readonly processId: string) {
    this.checkXmlId(processId);
  }

  problem(elementId: string, message: string): void {
    this.findings.push({ severity: 'error', message, elementId, processId: this.processId });
  }

  /** Ids are unique across elements and flows, as in BPMN XML. */
  claim(id: string): boolean {
    if (id.trim() === '') {
      this.problem(this.processId, 'an element or flow needs a non-empty id');
      return false;
    }
    if (this.ids.has(id)) {
      this.problem(id, `duplicate id '${id}': the second element or flow with it is ignored`);
      return false;
    }
    this.ids.add(id);
    this.checkXmlId(id);
    return true;
  }

  /** Any text runs, but BPMN XML takes only XML names as ids: an export would not import. */
  private checkXmlId(id: string): void {
    if (id === '' || XML_ID.test(id)) return;
    this.findings.push({
      severity: 'warning',
      message: `'${id}' is not a valid BPMN id (a letter or '_' first, then letters, digits, '_', '-' or '.'): the process runs, but its BPMN export will not import`,
      elementId: id,
      processId: this.processId,
    });
  }

  isCompensationBoundary(id: string): boolean {
    const element = this.elements.find((e) => e.id === id);
    return element?.kind === 'boundaryEvent' && element.event.type === 'compensate';
  }

  /** The node built right after a compensation boundary event is its activity's handler. */
  associate(boundaryId: string, handler: ElementDraft): void {
    if (!('forCompensation' in handler) || handler.forCompensation !== true) {
      this.problem(
        handler.id,
        `'${handler.id}' follows compensation boundary event '${boundaryId}', so it is its handler: give it forCompensation: true`,
      );
    }
    this.handlers.set(boundaryId, handler.id);
  }

  addFlow(source: string, target: string, options: FlowOptions = {}): void {
    const id = options.id ?? this.freeId(`${source}-${target}`);
    if (!this.claim(id)) return;
    const condition = options.condition === undefined ? undefined : stripExpressionMark(options.condition);
    this.flows.push({
      id,
      ...(options.name !== undefined && { name: options.name }),
      source,
      target,
      ...(condition !== undefined && { condition }),
    });
    if (options.default) this.defaults.set(source, id);
  }

  private freeId(base: string): string {
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    return id;
  }

  /** Drafts with gateway defaults filled in; a default on anything but a gateway is a finding. */
  finish(): { elements: ElementDraft[]; findings: Finding[] } {
    const findings = [...this.findings];
    for (const [source, flowId] of this.defaults) {
      const element = this.elements.find((e) => e.id === source);
      if (element && !GATEWAYS.has(element.kind)) {
        findings.push({
          severity: 'error',
          message: `flow '${flowId}' is marked default, but '${source}' is not a gateway`,
          elementId: flowId,
          processId: this.processId,
        });
      }
    }
    const compensatedBy = new Map<string, string>();
    for (const [boundaryId, handler] of this.handlers) {
      const boundary = this.elements.find((e) => e.id === boundaryId);
      if (boundary?.kind === 'boundaryEvent') compensatedBy.set(boundary.attachedTo, handler);
    }
    const elements = this.elements.map((element): ElementDraft => {
      const defaultFlow = this.defaults.get(element.id);
      const handler = compensatedBy.get(element.id);
      if (defaultFlow !== undefined && GATEWAYS.has(element.kind))
        return { ...element, default: defaultFlow } as ElementDraft;
      if (handler !== undefined && isActivity(element as FlowElement))
        return { ...element, compensation: handler } as ElementDraft;
      return element;
    });
    return { elements, findings };
  }
}

/** The ids moddle accepts when it reads BPMN (its check, an ASCII XML name). */
const XML_ID = /^([a-z][\w.-]*:)?[a-z_][\w.-]*$/i;

const GATEWAYS: ReadonlySet<string> = new Set([
  'exclusiveGateway',
  'inclusiveGateway',
  'parallelGateway',
  'eventBasedGateway',
  'complexGateway',
]);

export const valueOf = (text: Text | undefined): Value | undefined =>
  text === undefined ? undefined : typeof text === 'string' ? toValue(text) : text;

export function messageOf(option: MessageOption): { messageName: Value; correlationKey?: string } {
  const { name, correlationKey } =
    typeof option === 'object' && 'name' in option ? option : { name: option, correlationKey: undefined };
  return {
    messageName: valueOf(name) ?? { literal: '' },
    ...(correlationKey !== undefined && { correlationKey: stripExpressionMark(correlationKey) }),
  };
}

export function timerOf(option: TimerOption): TimerSpec {
  if ('date' in option) return { kind: 'date', value: toValue(option.date) };
  if ('duration' in option) return { kind: 'duration', value: toValue(option.duration) };
  return { kind: 'cycle', value: toValue(option.cycle) };
}

export function errorOf(option: ErrorOption): EventDefinition {
  const { code, message } = typeof option === 'string' ? { code: option, message: undefined } : option;
  return {
    type: 'error',
    ...(code !== undefined && code !== '' && { errorCode: code }),
    ...(message !== undefined && message !== '' && { errorMessage: message }),
  };
}

export function escalationOf(option: EscalationOption): EventDefinition {
  const code = typeof option === 'string' ? option : option.code;
  return { type: 'escalation', ...(code !== undefined && code !== '' && { escalationCode: code }) };
}

/** An activity's multi-instance or loop, as the importer reads it from XML. */
export function loopOf(options: ActivityOptions): { multiInstance?: MultiInstance; loop?: StandardLoop } {
  const { multiInstance: mi, loop } = options;
  const feel = (text: string | undefined): string | undefined =>
    text === undefined || text.trim() === '' ? undefined : stripExpressionMark(text);
  const name = (text: string | undefined): string | undefined =>
    text === undefined || text.trim() === '' ? undefined : text.trim();
  const multiInstance = mi && {
    sequential: mi.sequential ?? false,
    ...optional('collection', feel(mi.collection)),
    ...optional('cardinality', feel(mi.cardinality === undefined ? undefined : String(mi.cardinality))),
    ...optional('elementVariable', name(mi.elementVariable)),
    ...optional('completionCondition', feel(mi.completionCondition)),
    ...optional('outputCollection', name(mi.outputCollection)),
    ...optional('outputElement', feel(mi.outputElement)),
  };
  return {
    ...(multiInstance && { multiInstance }),
    ...(loop && {
      loop: {
        condition: stripExpressionMark(loop.condition),
        testBefore: loop.testBefore ?? false,
        ...(loop.maximum !== undefined && { maximum: loop.maximum }),
      },
    }),
  };
}

const optional = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
