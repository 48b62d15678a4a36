/**
 * FEEL values at the edges. Inside, values stay as the FEEL library made them (its date, time
 * and duration objects, its function values); what leaves for JSON, the store or the command
 * line is plain: temporal values become ISO strings, functions a short description.
 */

/** FEEL temporal values become ISO strings so that results store as JSON. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') {
    if (typeof value === 'function') return '<function>';
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  if (typeof (value as { fn?: unknown }).fn === 'function') return '<function>';
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return json.call(value);
  return describeValue(value);
}

/** A value's own text (temporal values print as ISO 8601), for messages and reports. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  if (typeof value === 'function') return '<function>';
  return (value as { toString(): string }).toString();
}
