/**
 * Where a command's words go. With `--json` stdout carries exactly one JSON document (the
 * result, or `{"error": ...}`) and nothing else; without it stdout carries compact lines for
 * people and stderr carries errors, hints and warnings.
 */
import type { Failure, FileFinding } from './cli-errors.js';
import { findingView } from './json-views.js';

export interface Streams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export class Output {
  constructor(
    readonly json: boolean,
    private readonly streams: Streams,
  ) {}

  /** The command's result: `value` as JSON, or the human lines. */
  result(value: unknown, human: () => string | readonly string[]): void {
    if (this.json) {
      this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    const lines = human();
    const text = typeof lines === 'string' ? lines : lines.join('\n');
    if (text !== '') this.streams.stdout.write(`${text}\n`);
  }

  /** A line for people only (progress, warnings); never part of the JSON contract. */
  note(text: string): void {
    if (!this.json) this.streams.stderr.write(`${text}\n`);
  }

  /** A line of a human-readable stream on stdout (what `sluice run` sees happen). */
  line(text: string): void {
    if (!this.json) this.streams.stdout.write(`${text}\n`);
  }

  /** A line of a stream of JSON documents (one per line), for long-running commands. */
  jsonLine(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** `extra` joins the error document with --json (deploy keeps its own shape on model errors). */
  failure(failure: Failure, extra: Record<string, unknown> = {}): void {
    if (this.json) {
      const error = {
        code: failure.code,
        message: failure.message,
        ...(failure.hint !== undefined && { hint: failure.hint }),
        ...(failure.findings && !('findings' in extra) && { findings: failure.findings.map(findingView) }),
      };
      this.streams.stdout.write(`${JSON.stringify({ ...extra, error }, null, 2)}\n`);
      return;
    }
    const lines = [`error: ${failure.message}`];
    if (failure.hint !== undefined) lines.push(`hint: ${failure.hint}`);
    for (const finding of failure.findings ?? []) lines.push(findingLine(finding));
    this.streams.stderr.write(`${lines.join('\n')}\n`);
  }
}

/** `<file>:<line>:<col> <severity> <elementId>: <message>`, leaving out what is not known. */
export function findingLine(finding: FileFinding): string {
  const where = [finding.file, finding.line, finding.line !== undefined ? finding.column : undefined]
    .filter((part) => part !== undefined)
    .join(':');
  const subject = [where || undefined, finding.severity, finding.elementId]
    .filter((part) => part !== undefined)
    .join(' ');
  return `${subject}: ${finding.message}`;
}
