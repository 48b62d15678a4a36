/**
 * DMN types: FEEL's built-in types and the model's item definitions, and the conversions DMN
 * 1.3 applies where a value meets a declared type (10.3.2.9.4): a value that conforms passes,
 * a singleton list meets a non-list type as its element, a single value meets a list type as a
 * one-item list, and anything else becomes null with a warning.
 */
import type { ItemDefinitionModel } from './dmn-model.js';
import type { FeelKind, FeelLibrary } from './feel-library.js';
import { type CompiledUnaryTests, compileUnaryTests } from './unary-tests.js';
import type { FeelLimits } from './feel-limits.js';

type DmnType =
  | { readonly kind: 'any' }
  | { readonly kind: 'builtin'; readonly name: FeelKind }
  | {
      readonly kind: 'collection';
      readonly name: string;
      readonly item: DmnType;
      readonly allowed?: CompiledUnaryTests;
    }
  | {
      readonly kind: 'item';
      readonly name: string;
      readonly base?: DmnType;
      readonly components?: readonly { readonly name: string; readonly type: DmnType }[];
      readonly allowed?: CompiledUnaryTests;
    };

const BUILTIN: Readonly<Record<string, FeelKind | 'any'>> = {
  any: 'any',
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  'date and time': 'date and time',
  datetime: 'date and time',
  'days and time duration': 'days and time duration',
  daytimeduration: 'days and time duration',
  'years and months duration': 'years and months duration',
  yearmonthduration: 'years and months duration',
  context: 'context',
  list: 'list',
  function: 'function',
  range: 'range',
};

export interface Coerced {
  readonly value: unknown;
  /** Why the value did not meet the type (it became null). */
  readonly problem?: string;
}

export interface TypeSystem {
  /** Whether the type reference names a type this system knows (undefined: no type, passes). */
  knows(typeRef: string | undefined): boolean;
  coerce(value: unknown, typeRef: string | undefined): Coerced;
}

export function createTypeSystem(
  itemDefinitions: readonly ItemDefinitionModel[],
  library: FeelLibrary,
  limits?: FeelLimits,
): TypeSystem {
  const byName = new Map<string, ItemDefinitionModel>();
  for (const item of itemDefinitions)
    byName.set(item.prefix ? `${item.prefix}.${item.name}` : item.name, item);
  const resolved = new Map<string, DmnType | undefined>();
  const resolving = new Set<string>();

  const builtin = (ref: string): DmnType | undefined => {
    const name =
      BUILTIN[
        ref
          .replace(/^feel:/, '')
          .trim()
          .toLowerCase()
      ];
    if (name === undefined) return undefined;
    return name === 'any' ? { kind: 'any' } : { kind: 'builtin', name };
  };

  const allowedOf = (item: ItemDefinitionModel): CompiledUnaryTests | undefined => {
    if (!item.allowedValues || item.allowedValues.text.trim() === '') return undefined;
    return compileUnaryTests(item.allowedValues.text, { library, ...(limits && { limits }) });
  };

  const fromItem = (item: ItemDefinitionModel, prefix: string): DmnType => {
    const allowed = allowedOf(item);
    const components = item.components.length
      ? item.components.map((c) => ({ name: c.name, type: fromItem(c, prefix) }))
      : undefined;
    const base = item.typeRef !== undefined ? lookup(item.typeRef, prefix) : undefined;
    const single: DmnType = {
      kind: 'item',
      name: item.name,
      ...(base && { base }),
      ...(components && { components }),
      ...(allowed && !item.isCollection && { allowed }),
    };
    if (!item.isCollection) return single;
    return {
      kind: 'collection',
      name: item.name,
      item: { ...single, allowed: undefined },
      ...(allowed && { allowed }),
    };
  };

  const lookups = new Map<string, DmnType | undefined>();

  function lookup(ref: string, prefix = ''): DmnType | undefined {
    const key = `${prefix}\u0000${ref}`;
    if (lookups.has(key)) return lookups.get(key);
    const type = resolve(ref, prefix);
    lookups.set(key, type);
    return type;
  }

  function resolve(ref: string, prefix: string): DmnType | undefined {
    const clean = ref.trim().replace(/^[\w-]+:(?!\/)/, (m) => (m === 'feel:' ? m : ''));
    const local = prefix ? `${prefix}.${clean}` : clean;
    for (const key of [local, clean]) {
      if (resolved.has(key)) return resolved.get(key);
      const item = byName.get(key);
      if (!item) continue;
      if (resolving.has(key)) return { kind: 'any' }; // a recursive type: accept what is inside
      resolving.add(key);
      const type = fromItem(item, item.prefix);
      resolving.delete(key);
      resolved.set(key, type);
      return type;
    }
    return builtin(clean);
  }

  const conforms = (value: unknown, type: DmnType): boolean => {
    if (value === null || value === undefined) return true;
    switch (type.kind) {
      case 'any':
        return true;
      case 'builtin': {
        const kind = library.kindOf(value);
        return kind === type.name || (type.name === 'list' && kind === 'list');
      }
      case 'collection':
        return (
          Array.isArray(value) &&
          value.every((v) => conforms(v, type.item)) &&
          (!type.allowed || value.every((v) => type.allowed!.test(v, {}).value === true))
        );
      case 'item': {
        if (type.base && !conforms(value, type.base)) return false;
        if (type.components) {
          if (library.kindOf(value) !== 'context') return false;
          const record = value as Record<string, unknown>;
          if (!type.components.every((c) => conforms(record[c.name], c.type))) return false;
        }
        return !type.allowed || type.allowed.test(value, {}).value === true;
      }
    }
  };

  return {
    knows: (typeRef) => typeRef === undefined || lookup(typeRef) !== undefined,
    coerce(value, typeRef) {
      if (typeRef === undefined || value === null || value === undefined) return { value: value ?? null };
      const type = lookup(typeRef);
      if (!type || conforms(value, type)) return { value };
      if (
        type.kind !== 'collection' &&
        Array.isArray(value) &&
        value.length === 1 &&
        conforms(value[0], type)
      ) {
        return { value: value[0] };
      }
      if (type.kind === 'collection' && !Array.isArray(value) && conforms([value], type))
        return { value: [value] };
      return { value: null, problem: `${describe(value, library)} does not conform to type '${typeRef}'` };
    },
  };
}

function describe(value: unknown, library: FeelLibrary): string {
  const kind = library.kindOf(value);
  if (kind === 'string') return `the string "${String(value).slice(0, 40)}"`;
  if (kind === 'number' || kind === 'boolean') return `the ${kind} ${String(value)}`;
  return `a value of type ${kind}`;
}
