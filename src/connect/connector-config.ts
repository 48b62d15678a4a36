/**
 * How a connector task says what to do: its task headers (zeebe:taskHeaders). A header whose
 * value starts with `=` is FEEL, evaluated on the job's variables (with the engine's limits);
 * any other value is a literal.
 */
import { evaluateFeel } from '../expr/feel.js';
import type { JobContext } from '../engine/job-executor.js';

/** The task is configured wrongly: retrying cannot help, so it is an incident at once. */
export class ConnectorMisconfigured extends Error {
  readonly retryable = false;
}

export class ConnectorConfig {
  constructor(
    private readonly job: JobContext,
    private readonly connector: string,
  ) {}

  /** The value of a header, evaluated; undefined when the task has no such header. */
  value(name: string): unknown {
    const text = this.job.headers[name];
    if (text === undefined) return undefined;
    return /^\s*=/.test(text) ? evaluateFeel(text.replace(/^\s*=/, ''), this.job.variables).value : text;
  }

  text(name: string): string | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  required(name: string): string {
    const value = this.text(name);
    if (value === undefined || value === '')
      throw new ConnectorMisconfigured(
        `the ${this.connector} connector of '${this.job.elementId}' needs the task header '${name}'`,
      );
    return value;
  }

  number(name: string, fallback: number): number {
    const value = Number(this.value(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0)
      throw new ConnectorMisconfigured(
        `task header '${name}' of '${this.job.elementId}' must be a positive number`,
      );
    return value;
  }

  /** A context header (`={"Accept": "application/json"}`) as string values. */
  record(name: string): Record<string, string> {
    const value = this.value(name);
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw new ConnectorMisconfigured(
        `task header '${name}' of '${this.job.elementId}' must be a FEEL context`,
      );
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
}
