/**
 * moddle-xml ships no declarations. Export uses its Writer directly, as bpmn-moddle's own
 * `toXML` does inside a promise: the writer is synchronous, so `exportBpmn` can be too.
 */
declare module 'moddle-xml' {
  export class Writer {
    constructor(options?: { readonly format?: boolean; readonly preamble?: boolean });
    toXML(element: unknown): string;
  }
}
