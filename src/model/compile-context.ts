/**
 * What the BPMN compiler carries while it walks one process: the findings it makes, and how it
 * reads references. Problems are reported, never thrown: the compiler keeps going so that one
 * import lists everything that is wrong with a model. (Attribute text becomes values as
 * values.ts says; JUEL is carried through as written, for validation to report.)
 */
import type { Finding } from './findings.js';
import { type ModdleElement, idOf, ref } from './moddle-element.js';
import type { DanglingReferences } from './parse-findings.js';

export class CompileContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly processId: string,
    private readonly dangling: DanglingReferences,
  ) {}

  error(elementId: string, message: string): void {
    this.findings.push({ severity: 'error', message, elementId, processId: this.processId });
  }

  /** `complex gateway 'g' is not supported yet`: core cannot run it, so the model cannot deploy. */
  unsupported(elementId: string, thing: string, detail?: string): void {
    this.error(elementId, `${thing} '${elementId}' is not supported yet${detail ? `: ${detail}` : ''}`);
  }

  /**
   * The id a reference names. An unresolved reference still names its id, so that validation
   * can say which element is missing rather than that nothing was named.
   */
  refId(element: ModdleElement, property: string): string | undefined {
    const target = ref(element, property);
    return (target && idOf(target)) ?? this.dangling.get(element)?.get(property);
  }
}
