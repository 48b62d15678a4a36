/**
 * dmn-moddle ships no declarations. This declares the little the DMN reader uses; element trees
 * are read as loose records in dmn-parse.ts.
 */
declare module 'dmn-moddle' {
  export interface DmnModdleWarning {
    readonly message: string;
    readonly element?: unknown;
    readonly property?: string;
    readonly error?: Error;
  }

  export interface DmnModdleResult {
    readonly rootElement: unknown;
    readonly warnings: readonly DmnModdleWarning[];
    readonly elementsById: Readonly<Record<string, unknown>>;
  }

  /** Rejections carry the warnings gathered before the fatal problem. */
  export interface DmnModdleError extends Error {
    readonly warnings?: readonly DmnModdleWarning[];
  }

  export class DmnModdle {
    constructor(packages?: Readonly<Record<string, unknown>>, options?: Readonly<Record<string, unknown>>);
    fromXML(xml: string, typeName?: string): Promise<DmnModdleResult>;
  }
}
