/**
 * Problems found in an event log file. Like the model's findings they say what is wrong and
 * where (line and column, 1-based), so a bad file comes back as a message a person can act
 * on, never as a stack trace. Errors stop an import; warnings are kept beside the log.
 *
 * A log of a million events can repeat one harmless quirk a million times, so warnings of the
 * same code and topic are folded into one, with a count and the first position.
 */

export interface LogFinding {
  readonly severity: 'error' | 'warning';
  /** Stable, kebab-case: `out-of-order`, `invalid-value`, `unknown-element` ... */
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** How many times a folded warning occurred. */
  readonly count?: number;
}

export class EventLogImportError extends Error {
  readonly code: string;

  constructor(readonly findings: readonly LogFinding[]) {
    const first = findings[0];
    super(first ? formatLogFinding(first) : 'the event log could not be read');
    this.name = 'EventLogImportError';
    this.code = first?.code ?? 'unreadable-log';
  }
}

export const formatLogFinding = (f: LogFinding): string => {
  const where = [f.file, f.line, f.line !== undefined ? f.column : undefined]
    .filter((p) => p !== undefined)
    .join(':');
  const times = f.count !== undefined && f.count > 1 ? ` (${f.count} times)` : '';
  return `${where ? `${where}: ` : ''}${f.severity}: ${f.message}${times}`;
};

/** Collects warnings, folding repeats. */
export class Warnings {
  private readonly folded = new Map<string, { finding: LogFinding; count: number }>();

  /** Warnings with the same code and topic fold into the first one. */
  add(finding: Omit<LogFinding, 'severity'>, topic = ''): void {
    const key = `${finding.code}\u0000${topic}`;
    const seen = this.folded.get(key);
    if (seen) seen.count++;
    else this.folded.set(key, { finding: { severity: 'warning', ...finding }, count: 1 });
  }

  /** Counts one more of a warning already seen; false when it is new. */
  repeat(code: string, topic = ''): boolean {
    const seen = this.folded.get(`${code}\u0000${topic}`);
    if (seen) seen.count++;
    return seen !== undefined;
  }

  list(): LogFinding[] {
    return [...this.folded.values()].map(({ finding, count }) =>
      count > 1 ? { ...finding, count } : finding,
    );
  }
}
