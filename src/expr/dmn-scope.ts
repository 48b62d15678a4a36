/**
 * What compiled DMN expressions share: the names in scope at compile time, the warnings of one
 * evaluation, and the error that fails an element. Kept apart so that decision-table.ts and
 * boxed-expressions.ts need not import each other.
 */
import type { DmnFinding } from './dmn-read.js';
import type { TypeSystem } from './dmn-types.js';
import type { FeelLibrary, LibraryWarning } from './feel-library.js';
import type { FeelLimits } from './feel-limits.js';

/** Values by name, as FEEL sees them (a plain object: the libraries read only those as contexts). */
export type Scope = Record<string, unknown>;

export interface DecisionWarning {
  readonly severity: 'error' | 'warning';
  /** The DMN element whose evaluation raised it. */
  readonly elementId: string;
  readonly message: string;
}

/** One evaluation: where warnings go, and how deep business knowledge calls nest. */
export interface Run {
  readonly warnings: DecisionWarning[];
  depth: number;
}

export type Evaluate = (scope: Scope, run: Run) => unknown;

export interface Compiled {
  readonly evaluate: Evaluate;
  /** It can loop or recurse, so the whole evaluation runs under the time budget. */
  readonly loops: boolean;
}

export interface CompileEnv {
  readonly library: FeelLibrary;
  readonly limits: FeelLimits | undefined;
  readonly types: TypeSystem;
  readonly findings: DmnFinding[];
}

/** A failure of one element: the decision it belongs to evaluates to null with this as an error. */
export class ElementError extends Error {
  constructor(
    readonly elementId: string,
    message: string,
  ) {
    super(message);
    this.name = 'ElementError';
  }
}

export function addWarnings(run: Run, elementId: string, warnings: readonly LibraryWarning[]): void {
  for (const w of warnings) run.warnings.push({ severity: 'warning', elementId, message: w.message });
}

/** A scope with more names; the original is not changed. */
export function extend(scope: Scope, names: Readonly<Record<string, unknown>>): Scope {
  return Object.assign({}, scope, names);
}
