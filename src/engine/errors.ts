/**
 * Errors the engine gives its callers: a stable code, a message that names the problem and
 * where it is, and a hint saying what to do next. The CLI and the HTTP layer map them in one
 * place each; nothing else needs to know their shape.
 */
import type { Finding } from '../model/findings.js';

export const errorKinds = {
  invalid: 'invalid',
  notFound: 'not-found',
  conflict: 'conflict',
  rejected: 'rejected',
} as const;

export type ErrorKind = (typeof errorKinds)[keyof typeof errorKinds];

export class SluiceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly findings?: readonly Finding[],
  ) {
    super(message);
    this.name = 'SluiceError';
  }
}

/** A handler's business outcome: caught by an error boundary event, never retried. */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message?: string,
    readonly variables?: Record<string, unknown>,
  ) {
    super(message ?? code);
    this.name = 'BpmnError';
  }
}
