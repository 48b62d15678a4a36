/**
 * JSON.parse that also remembers on which line each value starts, keyed by its path
 * (`users[3].capacity`), so that an import can say "line 41, users[3].capacity" instead of
 * leaving a person to count array items. Syntax errors name the line and column.
 */

export interface LocatedJson {
  readonly value: unknown;
  /** 1-based line on which the value at a path starts. */
  readonly lines: ReadonlyMap<string, number>;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = 'JsonSyntaxError';
  }
}

const LITERALS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;

export function parseLocatedJson(text: string): LocatedJson {
  const lines = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, i - lineStart + 1);
  };
  const space = (): void => {
    for (;;) {
      const c = text[i];
      if (c === '\n') {
        line++;
        lineStart = ++i;
      } else if (c === ' ' || c === '\t' || c === '\r') i++;
      else return;
    }
  };
  const expect = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const describe = (): string => (i >= text.length ? 'end of input' : `character '${text[i]}'`);

  const string = (): string => {
    const start = i;
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === '\n') fail('unterminated string');
      if (c === '"') break;
      if (c === '\\') i++;
      i++;
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad escape in string');
    }
  };

  const value = (path: string): unknown => {
    space();
    lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      const object: Record<string, unknown> = {};
      space();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const key = string();
        space();
        if (text[i] !== ':') fail(`expected ':' after "${key}", found ${describe()}`);
        i++;
        object[key] = value(path === '' ? key : `${path}.${key}`);
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return object;
        } else fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const array: unknown[] = [];
      space();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(`${path}[${array.length}]`));
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return array;
        } else fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') return string();
    for (const [word, literal] of LITERALS) {
      if (c === word[0]) {
        expect(word);
        return literal;
      }
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!number) return fail(`unexpected ${describe()}`);
    i += number[0].length;
    return Number(number[0]);
  };

  const result = value('');
  space();
  if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
  return { value: result, lines };
}
