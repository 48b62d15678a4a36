/**
 * JSON typed on a command line. A mistake must say where it is, but V8's JSON.parse names the
 * position only for some errors ("Unexpected token 'o', "nope" is not valid JSON" has none), so
 * on failure a small scanner finds the offset of the first character that cannot be JSON.
 */
import { UsageError } from './cli-errors.js';

/** Parses `text` given to `option`; a syntax error is a usage error naming option and position. */
export function parseJsonOption(text: string, option: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = jsonErrorPosition(text);
    const { line, column } = lineAndColumn(text, position);
    const reason = (error as Error).message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    throw new UsageError(
      'invalid-json',
      `${option} is not valid JSON: ${reason} at position ${position} (line ${line}, column ${column})`,
      `quote the JSON for your shell, e.g. ${option} '{"amount": 42, "express": true}'`,
    );
  }
}

/** A JSON object, as variables must be. */
export function parseJsonObjectOption(text: string, option: string): Record<string, unknown> {
  const value = parseJsonOption(text, option);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new UsageError(
      'invalid-variables',
      `${option} must be a JSON object of variables, got ${kind}`,
      `e.g. ${option} '{"orderId": "A-1001"}'`,
    );
  }
  return value as Record<string, unknown>;
}

/** `--var key=value`: the value is JSON when it parses as JSON (42, true, "x", [1]), else a string. */
export function parseVarAssignments(assignments: readonly string[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) {
      throw new UsageError(
        'invalid-variable',
        `--var expects key=value, got '${assignment}'`,
        'e.g. --var orderId=A-1001 --var amount=42',
      );
    }
    const raw = assignment.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      // not JSON: the text itself is the value
    }
    variables[assignment.slice(0, at)] = value;
  }
  return variables;
}

/** 1-based line and column of a 0-based offset. */
function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Offset of the first character where `text` stops being JSON (text.length if it ends early). */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new StopAt(i);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (chars: string): void => {
    for (const ch of chars) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail();
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const string = (): void => {
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    fail();
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const members = (close: string, member: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else fail();
    }
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      members('}', () => {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        expect(':');
        value();
      });
    } else if (ch === '[') members(']', value);
    else if (ch === '"') string();
    else if (ch === 't') expect('true');
    else if (ch === 'f') expect('false');
    else if (ch === 'n') expect('null');
    else if (ch === '-' || /[0-9]/.test(ch ?? '')) number();
    else fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (error) {
    if (error instanceof StopAt) return error.position;
    throw error;
  }
}

class StopAt extends Error {
  constructor(readonly position: number) {
    super(`JSON stops being valid at position ${position}`);
  }
}
