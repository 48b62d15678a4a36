/**
 * XES in, EventLog out, streaming: saxes reads the text chunk by chunk and the reader keeps
 * only the open elements and the event being read, so a log of any size costs its columns
 * and nothing more. What the importer enforces and what it only warns about is set out in
 * xes-schema.ts; the first error stops the import with its line and column.
 *
 * A case is a `<trace>`, named by its `concept:name` (its ordinal when it has none); events
 * keep document order. The activity is `concept:name` unless a classifier or other keys are
 * asked for. Only an event's own attributes count: a `concept:name` nested in a list or in
 * another attribute is metadata of that attribute, not the event's name. Globals are
 * declarations, not defaults: an event without `concept:name` has no activity.
 */
import type { EventLog } from './event-log.js';
import { EventLogBuilder } from './event-log-builder.js';
import { EventCapture } from './xes-event-capture.js';
import { EventLogImportError, type LogFinding, Warnings } from './log-findings.js';
import type { ReadProgress } from './log-source.js';
import { parseIsoTime } from './timestamps.js';
import type { TagAttributes, XmlHandler } from './xml-fast-scanner.js';
import {
  CHILD_RANKS,
  EXPECTED_FORM,
  type ElementKind,
  HEADER_ORDER,
  STANDARD_KEYS,
  XML_ATTRIBUTES,
  describeRank,
  kindOf,
  validValue,
} from './xes-schema.js';

export interface XesOptions {
  /** Attribute keys whose values, joined by '+', make the activity. Default `concept:name`. */
  readonly activityKeys?: readonly string[];
  /** Name of a classifier declared in the log, used instead of `activityKeys`. */
  readonly classifier?: string;
  /** Named in findings and in the log's metadata. */
  readonly fileName?: string;
  readonly onProgress?: (progress: ReadProgress) => void;
}

export interface ImportedLog {
  readonly log: EventLog;
  /** Warnings; errors are thrown as EventLogImportError. */
  readonly findings: readonly LogFinding[];
}

interface Frame {
  kind: ElementKind;
  name: string;
  rank: number;
  rankKind: ElementKind | undefined;
  keys: string[];
  keyCount: number;
}

export type Position = () => { line: number; column: number };

/**
 * Turns the elements of an XES document into an EventLog. It hears elements from either XML
 * reader (the fast scanner or saxes) and asks the reader for positions only when it reports.
 */
export class XesReader implements XmlHandler {
  private readonly builder = new EventLogBuilder();
  private readonly warnings = new Warnings();
  private readonly stack: Frame[] = [];
  private depth = 0;
  private rootSeen = false;
  private nested = false;
  private readonly extensions = new Set<string>();
  private readonly globals: Record<'trace' | 'event', Set<string>> = { trace: new Set(), event: new Set() };
  private globalScope: 'trace' | 'event' = 'event';
  private readonly classifiers: { name: string; keys: string[] }[] = [];
  private readonly logAttributes: Record<string, string> = {};
  private looseEvents = 0;
  private headerOrder = 0;
  private readonly headerKeys: string[] = [];
  private headerKind: ElementKind | undefined;
  /** Keys whose extension check passed, with the type they passed with (checked once each). */
  private readonly checkedKeys = new Map<string, string>();
  private traces = 0;
  private readonly event: EventCapture;

  constructor(
    private readonly options: XesOptions,
    private readonly position: Position,
  ) {
    this.event = new EventCapture(this.builder, options.activityKeys ?? ['concept:name']);
  }

  text(text: string): void {
    if (this.depth > 0) {
      this.warn(
        'unexpected-text',
        `text '${text.trim().slice(0, 20)}' inside <${this.top().name}> is ignored`,
      );
    }
  }

  /** The XML reader found the document malformed. */
  malformed(message: string): never {
    if (!this.rootSeen && /root element/i.test(message)) this.fail('no-log', 'the file has no <log> element');
    this.fail('not-well-formed', `the XML is not well-formed: ${message}`);
  }

  /** The document ended; the XML reader has checked that it was well-formed. */
  finish(): ImportedLog {
    if (!this.rootSeen) this.fail('no-log', 'the file has no <log> element');
    if (this.traces === 0) this.checkHeaderKeys();
    if (
      this.options.classifier !== undefined &&
      !this.classifiers.some((c) => c.name === this.options.classifier)
    ) {
      this.fail('unknown-classifier', `the log declares no classifier named '${this.options.classifier}'`);
    }
    if (this.looseEvents > 0) {
      this.warnings.add({
        code: 'events-outside-traces',
        message: `${this.looseEvents} event(s) stand outside any trace; they belong to no case`,
        ...(this.options.fileName !== undefined && { file: this.options.fileName }),
      });
    }
    const log = this.builder.build({
      source: this.options.fileName ?? 'xes',
      format: 'xes',
      attributes: this.logAttributes,
      classifiers: this.classifiers,
      activityKeys: this.event.activityKeys,
      eventsOutsideTraces: this.looseEvents,
    });
    return { log, findings: this.warnings.list() };
  }

  private top(): Frame {
    return this.stack[this.depth - 1]!;
  }

  typedAttribute(type: string, key: string, value: string): void {
    // What `open` and `close` would do for this element, without a frame of its own.
    this.place('attribute', type);
    this.readAttribute(type, key, value, this.top());
  }

  open(name: string, attributes: TagAttributes): void {
    const kind = kindOf(name);
    if (this.depth === 0) {
      if (name !== 'log')
        this.fail('no-log', `the root element is <${name}>, not <log>: this is not an XES log`);
      this.rootSeen = true;
    } else {
      if (kind === undefined) {
        this.fail('unknown-element', `<${name}> is not an XES element (inside <${this.top().name}>)`);
      }
      this.place(kind, name);
    }
    this.checkXmlAttributes(name, attributes);
    this.push(kind!, name);
    switch (kind) {
      case 'log':
        this.openLog(attributes);
        break;
      case 'extension':
        this.extensions.add(attributes.get('prefix')!);
        break;
      case 'global':
        this.openGlobal(attributes.get('scope'));
        break;
      case 'classifier':
        this.openClassifier(attributes);
        break;
      case 'trace':
        if (this.traces === 0) this.checkHeaderKeys();
        this.builder.startCase(String(++this.traces));
        break;
      case 'event':
        if (this.stack[this.depth - 2]!.kind === 'trace') this.event.start();
        else this.looseEvents++;
        break;
      case 'attribute':
        this.readAttribute(
          name,
          attributes.get('key')!,
          attributes.get('value'),
          this.stack[this.depth - 2]!,
        );
        break;
      default:
        break;
    }
  }

  /** Checks that `kind` may stand here, and in this order. */
  private place(kind: ElementKind, name: string): void {
    const parent = this.top();
    const rank = CHILD_RANKS[parent.kind][kind];
    const inList = parent.name === 'list';
    if (rank === undefined || (kind === 'values' && !inList)) {
      this.fail('misplaced-element', `<${name}> cannot stand inside <${parent.name}>`);
    }
    if (rank < parent.rank) {
      this.fail(
        'out-of-order',
        `<${name}> comes after the ${describeRank(parent.rankKind!)} of <${parent.name}>; XES puts it before them`,
      );
    }
    if (parent.kind === 'log' && rank === 0) this.checkHeaderOrder(kind, name);
    parent.rank = rank;
    parent.rankKind = kind;
    if (
      kind === 'attribute' &&
      parent.kind === 'attribute' &&
      !inList &&
      parent.name !== 'container' &&
      !this.nested
    ) {
      this.warn(
        'nested-not-declared',
        `<${parent.name}> holds nested attributes but the log does not declare xes.features="nested-attributes"`,
      );
    }
  }

  /** Header keys wait for the whole header, since writers may declare extensions after them. */
  private checkHeaderKeys(): void {
    for (const key of this.headerKeys) {
      const prefix = key.slice(0, Math.max(0, key.indexOf(':')));
      if (STANDARD_KEYS[prefix] && !this.extensions.has(prefix)) {
        this.warn(
          'undeclared-extension',
          `key '${key}' uses prefix '${prefix}', but no <extension> declares it`,
          prefix,
        );
      }
    }
  }

  private checkHeaderOrder(kind: ElementKind, name: string): void {
    const order = HEADER_ORDER[kind]!;
    if (order < this.headerOrder) {
      this.warn(
        'header-order',
        `<${name}> follows the ${describeRank(this.headerKind!)} of <log>; IEEE 1849 puts it before them`,
        name,
      );
    } else {
      this.headerOrder = order;
      this.headerKind = kind;
    }
  }

  private push(kind: ElementKind, name: string): void {
    let frame = this.stack[this.depth];
    if (frame === undefined) {
      frame = { kind, name, rank: 0, rankKind: undefined, keys: [], keyCount: 0 };
      this.stack[this.depth] = frame;
    } else {
      frame.kind = kind;
      frame.name = name;
      frame.rank = 0;
      frame.rankKind = undefined;
      frame.keyCount = 0;
    }
    this.depth++;
  }

  close(): void {
    const frame = this.stack[--this.depth]!;
    if (frame.kind === 'event' && this.event.reading) this.event.end();
    else if (frame.kind === 'global') this.globalScope = 'event';
  }

  private checkXmlAttributes(name: string, attributes: TagAttributes): void {
    const count = attributes.count;
    const typed = ATTRIBUTE_NAMES.has(name);
    // The hot path: a typed attribute with exactly its key and value.
    if (typed && count === 2 && attributes.get('key') !== undefined && attributes.get('value') !== undefined)
      return;
    if (count === 0 && (name === 'event' || name === 'trace' || name === 'values')) return;
    const rules = XML_ATTRIBUTES[typed ? 'typed' : name];
    if (rules === undefined) return;
    for (let i = 0; i < count; i++) {
      const attribute = attributes.nameAt(i);
      if (!rules.allowed.includes(attribute) && attribute !== 'xmlns' && !attribute.startsWith('xmlns:')) {
        this.warn(
          'unknown-xml-attribute',
          `<${name}> has attribute '${attribute}', which XES does not define; it is ignored`,
          `${name} ${attribute}`,
        );
      }
    }
    for (const required of rules.required) {
      if (attributes.get(required) === undefined) {
        this.fail('missing-attribute', `<${name}> has no '${required}' attribute, which XES requires`);
      }
    }
  }

  private openLog(attributes: TagAttributes): void {
    if (attributes.get('xes.version') === undefined) {
      this.warn('no-xes-version', '<log> has no xes.version; it is read as IEEE 1849-2016');
    }
    this.nested = /\bnested-attributes\b/.test(attributes.get('xes.features') ?? '');
  }

  private openGlobal(scope: string | undefined): void {
    if (scope !== undefined && scope !== 'trace' && scope !== 'event') {
      this.fail('invalid-scope', `<global> has scope '${scope}'; XES allows 'trace' or 'event'`);
    }
    this.globalScope = scope === 'trace' ? 'trace' : 'event';
  }

  private openClassifier(attributes: TagAttributes): void {
    const scope = attributes.get('scope');
    const name = attributes.get('name')!;
    if (scope !== undefined && scope !== 'trace' && scope !== 'event') {
      this.fail(
        'invalid-scope',
        `<classifier> '${name}' has scope '${scope}'; XES allows 'trace' or 'event'`,
      );
    }
    // Keys are separated by spaces; a key that contains spaces is written in single quotes.
    const keys = [...attributes.get('keys')!.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    if (keys.length === 0) this.fail('empty-classifier', `<classifier> '${name}' has no keys`);
    const declared = this.globals[scope === 'trace' ? 'trace' : 'event'];
    for (const key of keys.filter((k) => !declared.has(k))) {
      this.warn(
        'classifier-key-not-global',
        `classifier '${name}' uses key '${key}', which no ${scope ?? 'event'} global declares`,
        key,
      );
    }
    this.classifiers.push({ name, keys });
    if (name === this.options.classifier) {
      this.event.activityKeys = keys;
    }
  }

  private readAttribute(type: string, key: string, value: string | undefined, parent: Frame): void {
    if (parent.kind !== 'values') {
      for (let i = 0; i < parent.keyCount; i++) {
        if (parent.keys[i] === key)
          this.fail('duplicate-key', `<${parent.name}> has two attributes with key '${key}'`);
      }
      parent.keys[parent.keyCount++] = key;
    }
    let time = Number.NaN;
    if (value !== undefined) time = this.checkValue(type, key, value, parent.kind);
    this.checkExtensionKey(type, key);
    if (value === undefined) return;
    switch (parent.kind) {
      case 'event':
        if (this.event.reading) this.event.attribute(type, key, value, time);
        break;
      case 'trace':
        if (key === 'concept:name') this.builder.renameCase(value);
        break;
      case 'global':
        this.globals[this.globalScope].add(key);
        this.headerKeys.push(key);
        break;
      case 'log':
        this.logAttributes[key] = value;
        this.headerKeys.push(key);
        break;
      default:
        break;
    }
  }

  /** Validates a typed value; returns the time a date or an event's timestamp holds. */
  private checkValue(type: string, key: string, value: string, parent: ElementKind): number {
    if (type === 'date') {
      const parsed = parseIsoTime(value);
      if (parsed === undefined) {
        this.fail(
          'invalid-value',
          `<date key="${key}"> has value '${value}', which is not ${EXPECTED_FORM.date}`,
        );
      }
      if (parsed.lenient)
        this.warn('lenient-date', `dates such as '${value}' are not xs:dateTime; read leniently`);
      return parsed.ms;
    }
    if (!validValue(type, value)) {
      this.fail(
        'invalid-value',
        `<${type} key="${key}"> has value '${value}', which is not ${EXPECTED_FORM[type]}`,
      );
    }
    if (key === 'time:timestamp' && parent === 'event' && type === 'string') {
      const parsed = parseIsoTime(value);
      if (parsed === undefined) {
        this.warn(
          'unreadable-timestamp',
          `time:timestamp '${value}' is not a date; such events have no time`,
        );
        return Number.NaN;
      }
      this.warn('timestamp-as-string', `time:timestamp is written as <string> ('${value}'); read as a date`);
      return parsed.ms;
    }
    return Number.NaN;
  }

  private checkExtensionKey(type: string, key: string): void {
    if (this.checkedKeys.get(key) === type) return;
    const colon = key.indexOf(':');
    if (colon < 0) return;
    const prefix = key.slice(0, colon);
    const standard = STANDARD_KEYS[prefix];
    if (!this.extensions.has(prefix)) {
      // Writers may declare extensions after the log's attributes: judge once traces begin.
      if (standard && this.traces > 0) {
        this.warn(
          'undeclared-extension',
          `key '${key}' uses prefix '${prefix}', but no <extension> declares it`,
          prefix,
        );
      }
      if (this.traces > 0) this.checkedKeys.set(key, type);
      return;
    }
    if (!standard) return this.ok(key, type);
    const expected = standard[key.slice(colon + 1)];
    if (expected === undefined) {
      this.warn('unknown-extension-key', `key '${key}' is not one the '${prefix}' extension defines`, key);
    } else if (expected !== type) {
      this.warn(
        'type-mismatch',
        `key '${key}' is a <${type}> here; the '${prefix}' extension defines it as <${expected}>`,
        key,
      );
    } else {
      this.ok(key, type);
    }
  }

  private ok(key: string, type: string): void {
    this.checkedKeys.set(key, type);
  }

  private where(): Pick<LogFinding, 'file' | 'line' | 'column'> {
    return {
      ...(this.options.fileName !== undefined && { file: this.options.fileName }),
      ...this.position(),
    };
  }

  /** Repeats of a warning only count; the position is looked up for the first alone. */
  private warn(code: string, message: string, topic = ''): void {
    if (!this.warnings.repeat(code, topic)) this.warnings.add({ code, message, ...this.where() }, topic);
  }

  private fail(code: string, message: string): never {
    throw new EventLogImportError([{ severity: 'error', code, message, ...this.where() }]);
  }
}

const ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);
