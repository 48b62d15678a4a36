/**
 * An expression that cannot be evaluated: a syntax error, a broken limit, a budget spent or a
 * failing function. Carries the source and, for syntax errors, where in it the problem is, so
 * that callers can turn it into a finding with an element id.
 */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly position?: { from: number; to: number },
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Shortens a source for messages: a hostile expression must not make a hostile message. */
export function excerpt(source: string, max = 80): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
