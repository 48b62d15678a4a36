/**
 * The shape of an XES document (IEEE 1849-2016), as the importer enforces it.
 *
 * What stops an import (each would change what the log says, or make it unreadable): XML that
 * is not well-formed, a root other than `<log>`, an element XES does not have, an element in
 * the wrong parent or out of the order the standard prescribes (a streaming reader applies
 * globals and classifiers to the traces that follow them, so a late one would silently not
 * apply), a required XML attribute missing, a typed value that does not parse, a scope other
 * than trace or event, a classifier without keys, and one key twice in one element.
 *
 * What only warns (real logs do it, and nothing is lost): XML attributes XES does not define
 * (OpenXES writes `openxes.version`), a log without `xes.version`, keys of an extension that
 * is not declared or that the extension does not define, nested attributes without the
 * `nested-attributes` feature, a standard key with a type other than its extension's, dates
 * in near-ISO forms, and classifier keys that no global declares.
 */

export const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set([
  'string',
  'date',
  'int',
  'float',
  'boolean',
  'id',
  'list',
  'container',
]);

export type ElementKind =
  'log' | 'extension' | 'global' | 'classifier' | 'trace' | 'event' | 'attribute' | 'values';

export const kindOf = (name: string): ElementKind | undefined =>
  ATTRIBUTE_TYPES.has(name)
    ? 'attribute'
    : name === 'log' ||
        name === 'extension' ||
        name === 'global' ||
        name === 'classifier' ||
        name === 'trace' ||
        name === 'event' ||
        name === 'values'
      ? name
      : undefined;

/**
 * For each parent, the children it may hold and their rank: children must come in
 * non-decreasing rank. The standard orders the log's header too (extensions, globals,
 * classifiers, attributes), but widely used writers put the log's attributes first, so the
 * header may come in any order as long as all of it precedes the traces; `HEADER_ORDER` is
 * only warned about.
 */
export const CHILD_RANKS: Readonly<Record<ElementKind, Partial<Record<ElementKind, number>>>> = {
  log: { extension: 0, global: 0, classifier: 0, attribute: 0, trace: 1, event: 2 },
  trace: { attribute: 0, event: 1 },
  event: { attribute: 0 },
  global: { attribute: 0 },
  attribute: { attribute: 0, values: 1 },
  values: { attribute: 0 },
  extension: {},
  classifier: {},
};

export const HEADER_ORDER: Partial<Record<ElementKind, number>> = {
  extension: 0,
  global: 1,
  classifier: 2,
  attribute: 3,
};

const RANK_NAMES: Readonly<Record<ElementKind, string>> = {
  log: 'log',
  extension: 'extensions',
  global: 'globals',
  classifier: 'classifiers',
  attribute: 'attributes',
  trace: 'traces',
  event: 'events',
  values: '<values>',
};

export const describeRank = (kind: ElementKind): string => RANK_NAMES[kind];

/** XML attributes each element defines, and which of them are required. */
export const XML_ATTRIBUTES: Readonly<
  Record<string, { readonly allowed: readonly string[]; readonly required: readonly string[] }>
> = {
  log: { allowed: ['xes.version', 'xes.features'], required: [] },
  extension: { allowed: ['name', 'prefix', 'uri'], required: ['name', 'prefix', 'uri'] },
  global: { allowed: ['scope'], required: [] },
  classifier: { allowed: ['name', 'scope', 'keys'], required: ['name', 'keys'] },
  trace: { allowed: [], required: [] },
  event: { allowed: [], required: [] },
  values: { allowed: [], required: [] },
  list: { allowed: ['key'], required: ['key'] },
  container: { allowed: ['key'], required: ['key'] },
  typed: { allowed: ['key', 'value'], required: ['key', 'value'] },
};

const INT = /^[+-]?\d+$/;
const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]?INF)$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BOOLEAN = /^(?:true|false|1|0)$/i;

/** Whether a typed value is lexically valid; dates are checked by the time parser instead. */
export function validValue(type: string, value: string): boolean {
  switch (type) {
    case 'int':
      return INT.test(value.trim());
    case 'float':
      return FLOAT.test(value.trim());
    case 'boolean':
      return BOOLEAN.test(value.trim());
    case 'id':
      return UUID.test(value.trim());
    default:
      return true;
  }
}

export const EXPECTED_FORM: Readonly<Record<string, string>> = {
  int: 'an integer such as 42',
  float: 'a number such as 1.5',
  boolean: 'true or false',
  id: 'a UUID such as 550e8400-e29b-41d4-a716-446655440000',
  date: 'an xs:dateTime such as 2011-04-13T14:02:31.199+02:00',
};

/** Keys the standard extensions define, with their types. */
export const STANDARD_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  concept: { name: 'string', instance: 'string' },
  lifecycle: { model: 'string', transition: 'string', state: 'string' },
  org: { resource: 'string', role: 'string', group: 'string' },
  time: { timestamp: 'date' },
  semantic: { modelReference: 'string' },
  identity: { id: 'id' },
  cost: { total: 'float', currency: 'string', amount: 'float', driver: 'string', type: 'string' },
  micro: { level: 'int', parentId: 'id', length: 'int' },
  artifactlifecycle: { model: 'string', instance: 'string', transition: 'string' },
};
