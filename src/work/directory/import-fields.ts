/**
 * Reading one imported record, from a JSON object or a CSV row alike: field names are matched
 * loosely (`timeZone`, `time_zone`, `Time Zone`), text is trimmed, numbers and booleans may be
 * written as text, lists may be arrays or 'a, b; c'. Every problem names the field and where
 * it was found; unknown fields are reported so that a misspelt column is not silently lost.
 */
import type { DirectoryEntity, DirectoryProblem, Origin } from './directory-checks.js';

/** `Time Zone`, `time_zone`, `timeZone` → `timezone`. */
export const fieldKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface FieldSpec {
  /** The name problems use, as the docs write it. */
  readonly name: string;
  /** Further spellings, e.g. `calendarId` for `calendar`. */
  readonly aliases?: readonly string[];
}

export class RecordReader {
  private readonly used = new Set<string>();
  private readonly byKey = new Map<string, { name: string; value: unknown }>();

  constructor(
    raw: Readonly<Record<string, unknown>>,
    readonly entity: DirectoryEntity,
    private readonly fields: readonly FieldSpec[],
    private readonly origin: (field?: string) => Origin,
    private readonly problems: DirectoryProblem[],
  ) {
    for (const [name, value] of Object.entries(raw)) this.byKey.set(fieldKey(name), { name, value });
  }

  /** The id of the record, once read, for problems to name it. */
  id: string | undefined;

  problem(field: string, message: string, severity: 'error' | 'warning' = 'error'): void {
    const at = this.spec(field);
    this.problems.push({
      severity,
      entity: this.entity,
      ...(this.id !== undefined && { id: this.id }),
      field,
      message,
      ...this.origin(at && this.find(at)?.name),
    });
  }

  private spec(field: string): FieldSpec | undefined {
    return this.fields.find((f) => f.name === field);
  }

  private find(spec: FieldSpec): { name: string; value: unknown } | undefined {
    for (const key of [spec.name, ...(spec.aliases ?? [])].map(fieldKey)) {
      const entry = this.byKey.get(key);
      if (entry) {
        this.used.add(key);
        return entry;
      }
    }
    return undefined;
  }

  /** The raw value; empty text and null count as not given. */
  raw(field: string): unknown {
    const spec = this.spec(field);
    if (!spec) throw new Error(`field '${field}' is not declared for ${this.entity}`);
    const value = this.find(spec)?.value;
    if (value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
    return value;
  }

  /** Whether the field is present at all, even empty: an empty list still replaces. */
  has(field: string): boolean {
    const spec = this.spec(field);
    return spec !== undefined && this.find(spec) !== undefined;
  }

  text(field: string, required = false): string | undefined {
    const value = this.raw(field);
    if (value === undefined) {
      if (required) this.problem(field, `${field} is required`);
      return undefined;
    }
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.problem(field, `${field} must be text, not ${kind(value)}`);
    return undefined;
  }

  integer(field: string): number | undefined {
    const value = this.raw(field);
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number)) return number;
    this.problem(field, `${field} must be a whole number; got ${show(value)}`);
    return undefined;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.raw(field);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    const word =
      typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : '';
    if (['true', 'yes', 'y', '1'].includes(word)) return true;
    if (['false', 'no', 'n', '0'].includes(word)) return false;
    this.problem(field, `${field} must be true or false (yes/no, 1/0); got ${show(value)}`);
    return fallback;
  }

  /** An array of text, or text listing items separated by commas or semicolons. */
  list(field: string): string[] | undefined {
    const value = this.raw(field);
    if (value === undefined) return this.has(field) ? [] : undefined;
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;]/) : undefined;
    if (!items || items.some((item) => typeof item !== 'string')) {
      this.problem(field, `${field} must be a list of ids (an array, or text such as 'a, b')`);
      return undefined;
    }
    return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
  }

  /** Reports the fields no spec claimed. */
  finish(): void {
    const known = this.fields.map((f) => f.name).join(', ');
    for (const [key, { name }] of this.byKey) {
      if (
        !this.used.has(key) &&
        !this.fields.some((f) => [f.name, ...(f.aliases ?? [])].map(fieldKey).includes(key))
      ) {
        this.problems.push({
          severity: 'error',
          entity: this.entity,
          ...(this.id !== undefined && { id: this.id }),
          field: name,
          message: `unknown field '${name}'; a ${this.entity} has ${known}`,
          ...this.origin(name),
        });
      }
    }
  }
}

export const kind = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'an object'
        : `a ${typeof value}`;

export const show = (value: unknown): string =>
  typeof value === 'string'
    ? `'${value}'`
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : kind(value);
