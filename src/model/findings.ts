/** A problem found in user-authored content, pointing at where it is. */
export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The BPMN element the finding is about, when there is one. */
  readonly elementId?: string;
  /** The process the element belongs to, when known. */
  readonly processId?: string;
  /** 1-based position in the XML source, when the parser reported one. */
  readonly line?: number;
  readonly column?: number;
  /**
   * Names a kind of finding that callers act on: `not-executed` marks model code Sluice never
   * runs (a script in another language, a listener), which a strict deploy refuses.
   */
  readonly code?: typeof NOT_EXECUTED;
}

export const NOT_EXECUTED = 'not-executed';

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === 'error');

export const formatFinding = (f: Finding): string => {
  const where = [
    f.elementId ? `element '${f.elementId}'` : undefined,
    f.line !== undefined ? `line ${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${f.severity}: ${f.message}${where ? ` (${where})` : ''}`;
};
