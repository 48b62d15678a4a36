/**
 * bpmn-moddle ships no declarations for its main entry (only generated element types behind
 * `bpmn-moddle/types`), so TypeScript sees `any`. This declares the little the importer uses and
 * nothing more; element trees are read through `ModdleElement` in moddle-element.ts, and built
 * for export through `ModdleObject`.
 */
declare module 'bpmn-moddle' {
  /** A problem moddle-xml tolerated while reading (it runs in lax mode). */
  export interface ModdleWarning {
    readonly message: string;
    /** The element that holds an unresolved reference or an unknown attribute. */
    readonly element?: unknown;
    /** The property involved, prefixed (`bpmn:sourceRef`). */
    readonly property?: string;
    /** The unresolved id or the unknown attribute's value. */
    readonly value?: unknown;
    readonly error?: Error;
  }

  export interface ModdleParseResult {
    readonly rootElement: unknown;
    readonly warnings: readonly ModdleWarning[];
    readonly elementsById: Readonly<Record<string, unknown>>;
  }

  /** Rejections carry the warnings gathered before the fatal problem. */
  export interface ModdleParseError extends Error {
    readonly warnings?: readonly ModdleWarning[];
  }

  /** An element made with `create`: properties, references and extension attributes by name. */
  export interface ModdleObject {
    readonly $type: string;
    get(name: string): unknown;
    set(name: string, value: unknown): void;
  }

  export class BpmnModdle {
    constructor(packages?: Readonly<Record<string, unknown>>, options?: Readonly<Record<string, unknown>>);
    create(type: string, properties?: Readonly<Record<string, unknown>>): ModdleObject;
    fromXML(xml: string, typeName?: string): Promise<ModdleParseResult>;
  }
}
