/**
 * Camunda 7's JUEL (`${...}`, `#{...}`) translated to FEEL, for a safe subset: literals,
 * variables and their properties, comparisons, boolean and arithmetic operators, `!x`, `empty`,
 * the ternary, and `execution.getVariable('name')`. Anything else (method calls, engine objects,
 * lambdas) is not translated: the caller gets a problem naming what is outside the subset, and
 * the model is refused with it, because running Java-flavoured code is what models must not do.
 *
 * Text that mixes literal parts with expressions ("Dear ${name}") becomes FEEL string
 * concatenation. The translation is purely textual and deterministic.
 */

export type JuelTranslation = { readonly feel: string } | { readonly problem: string };

/** `${` or `#{` anywhere in the text. */
const JUEL_START = /[$#]\{/;

export function juelToFeel(text: string): JuelTranslation {
  try {
    const parts = splitComposite(text.trim());
    const [only] = parts;
    if (parts.length === 1 && only && typeof only !== 'string') return { feel: print(only, 0) };
    const feel = parts
      .map((part) => (typeof part === 'string' ? JSON.stringify(part) : `string(${print(part, 0)})`))
      .join(' + ');
    return { feel };
  } catch (error) {
    if (error instanceof JuelProblem) return { problem: error.message };
    throw error;
  }
}

class JuelProblem extends Error {}

type Node =
  | { readonly kind: 'literal'; readonly feel: string }
  | { readonly kind: 'name'; readonly path: readonly string[] }
  | { readonly kind: 'index'; readonly target: Node; readonly index: number }
  | { readonly kind: 'unary'; readonly op: '-' | 'not' | 'empty'; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node }
  | { readonly kind: 'if'; readonly test: Node; readonly then: Node; readonly otherwise: Node };

type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | 'mod';

/** Binding strength in FEEL; comparisons do not chain in FEEL, so they share one level. */
const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 3,
  '>': 3,
  '<=': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  mod: 5,
};

/** JUEL's word operators and their symbols. */
const WORD_OPERATORS: Readonly<Record<string, string>> = {
  and: '&&',
  or: '||',
  not: '!',
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  div: '/',
  mod: '%',
};

/** Names FEEL reserves: a variable called so cannot be written as a plain FEEL name. */
const FEEL_RESERVED = new Set([
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'instance',
  'of',
  'function',
  'external',
  'between',
  'and',
  'or',
  'not',
  'true',
  'false',
  'null',
]);

function print(node: Node, parent: number): string {
  switch (node.kind) {
    case 'literal':
      return node.feel;
    case 'name':
      return node.path.join('.');
    case 'index':
      return `${print(node.target, 9)}[${node.index + 1}]`;
    case 'unary':
      if (node.op === 'not') return `not(${print(node.operand, 0)})`;
      if (node.op === 'empty') return emptyTest(print(node.operand, 9));
      return `-${print(node.operand, 8)}`;
    case 'binary': {
      if (node.op === 'mod') return `modulo(${print(node.left, 0)}, ${print(node.right, 0)})`;
      const own = PRECEDENCE[node.op];
      // Left-associative, except comparisons, which FEEL does not chain.
      const text = `${print(node.left, own === 3 ? own + 1 : own)} ${node.op} ${print(node.right, own + 1)}`;
      return own < parent ? `(${text})` : text;
    }
    case 'if': {
      const text = `if ${print(node.test, 0)} then ${print(node.then, 0)} else ${print(node.otherwise, 0)}`;
      return parent > 0 ? `(${text})` : text;
    }
  }
}

/** JUEL's `empty`: null, the empty string, an empty list or an empty map. */
const emptyTest = (x: string): string =>
  `(${x} = null or (${x} instance of string and ${x} = "") or (${x} instance of list and count(${x}) = 0) or (${x} instance of context and count(get entries(${x})) = 0))`;

/** The literal text and the parsed `${...}` parts of an attribute, in order. */
function splitComposite(text: string): (string | Node)[] {
  const parts: (string | Node)[] = [];
  let rest = text;
  for (let start = rest.search(JUEL_START); start >= 0; start = rest.search(JUEL_START)) {
    if (start > 0) parts.push(rest.slice(0, start));
    const parser = new Parser(rest, start + 2);
    parts.push(parser.expression());
    rest = rest.slice(parser.expectClose());
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_$][\w$]*)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:.,()[\]{}]))/y;

interface Token {
  readonly text: string;
  readonly type: 'number' | 'string' | 'word' | 'symbol' | 'end';
}

/** Recursive descent over one `${...}` body, from `position` up to its closing brace. */
class Parser {
  private token: Token;

  constructor(
    private readonly source: string,
    private position: number,
  ) {
    this.token = this.read();
  }

  private read(): Token {
    TOKEN.lastIndex = this.position;
    const match = TOKEN.exec(this.source);
    if (!match) {
      if (/^\s*$/.test(this.source.slice(this.position))) return { text: '', type: 'end' };
      throw new JuelProblem(`'${this.source.slice(this.position).trim()[0]}' is not JUEL`);
    }
    this.position = TOKEN.lastIndex;
    const [, number, string, word, symbol] = match;
    if (number !== undefined) return { text: number, type: 'number' };
    if (string !== undefined) return { text: string, type: 'string' };
    if (word !== undefined)
      return { text: WORD_OPERATORS[word] ?? word, type: WORD_OPERATORS[word] ? 'symbol' : 'word' };
    return { text: symbol ?? '', type: 'symbol' };
  }

  private next(): Token {
    const current = this.token;
    this.token = this.read();
    return current;
  }

  private accept(...symbols: string[]): string | undefined {
    if (this.token.type !== 'symbol' || !symbols.includes(this.token.text)) return undefined;
    return this.next().text;
  }

  private expect(symbol: string): void {
    if (!this.accept(symbol))
      throw new JuelProblem(`expected '${symbol}' but found '${this.token.text || 'the end'}'`);
  }

  /** Where the text after the closing `}` starts. */
  expectClose(): number {
    if (this.token.type !== 'symbol' || this.token.text !== '}') {
      throw new JuelProblem(`expected '}' but found '${this.token.text || 'the end'}'`);
    }
    return this.position;
  }

  expression(): Node {
    const test = this.binary(1);
    if (!this.accept('?')) return test;
    const then = this.expression();
    this.expect(':');
    return { kind: 'if', test, then, otherwise: this.expression() };
  }

  private static readonly LEVELS: readonly Readonly<Record<string, BinaryOp>>[] = [
    {},
    { '||': 'or' },
    { '&&': 'and' },
    { '==': '=', '!=': '!=' },
    { '<': '<', '>': '>', '<=': '<=', '>=': '>=' },
    { '+': '+', '-': '-' },
    { '*': '*', '/': '/', '%': 'mod' },
  ];

  private binary(level: number): Node {
    if (level >= Parser.LEVELS.length) return this.unary();
    const operators = Parser.LEVELS[level]!;
    let left = this.binary(level + 1);
    for (let op = this.accept(...Object.keys(operators)); op; op = this.accept(...Object.keys(operators))) {
      left = { kind: 'binary', op: operators[op]!, left, right: this.binary(level + 1) };
    }
    return left;
  }

  private unary(): Node {
    if (this.accept('!')) return { kind: 'unary', op: 'not', operand: this.unary() };
    if (this.accept('-')) return { kind: 'unary', op: '-', operand: this.unary() };
    if (this.token.type === 'word' && this.token.text === 'empty') {
      this.next();
      return { kind: 'unary', op: 'empty', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const token = this.next();
    if (token.type === 'number') {
      if (/[eE]/.test(token.text))
        throw new JuelProblem(`the number ${token.text} has an exponent, which FEEL cannot write`);
      return { kind: 'literal', feel: token.text };
    }
    if (token.type === 'string') return { kind: 'literal', feel: JSON.stringify(unquote(token.text)) };
    if (token.type === 'word') {
      if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
        return { kind: 'literal', feel: token.text };
      }
      if (token.text === 'execution') return this.executionCall();
      return { kind: 'name', path: [feelName(token.text)] };
    }
    if (token.text === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    throw new JuelProblem(`'${token.text || 'the end'}' cannot start an expression`);
  }

  /** `execution.getVariable('x')` is the variable x; every other use of the engine object is Java. */
  private executionCall(): Node {
    if (this.accept('.') && this.token.text === 'getVariable') {
      this.next();
      this.expect('(');
      const name = this.next();
      this.expect(')');
      if (name.type === 'string') return { kind: 'name', path: [feelName(unquote(name.text))] };
    }
    throw new JuelProblem(
      "it uses the Java 'execution' object; only execution.getVariable('name') with a literal name translates",
    );
  }

  private postfix(target: Node): Node {
    let node = target;
    for (;;) {
      if (this.accept('.')) {
        const property = this.next();
        if (property.type !== 'word') throw new JuelProblem(`'.' must be followed by a property name`);
        if (this.token.text === '(')
          throw new JuelProblem(`it calls the method '${property.text}()'; Sluice runs no Java`);
        node = withProperty(node, property.text);
      } else if (this.accept('[')) {
        const key = this.next();
        this.expect(']');
        if (key.type === 'string') node = withProperty(node, unquote(key.text));
        else if (key.type === 'number' && /^\d+$/.test(key.text))
          node = { kind: 'index', target: node, index: Number(key.text) };
        else throw new JuelProblem(`the index '${key.text}' is not a literal number or name`);
      } else if (this.token.text === '(') {
        throw new JuelProblem(`it calls the function '${print(node, 9)}()'; Sluice runs no Java`);
      } else {
        return node;
      }
    }
  }
}

function withProperty(node: Node, property: string): Node {
  const name = feelName(property);
  return node.kind === 'name'
    ? { kind: 'name', path: [...node.path, name] }
    : { kind: 'name', path: [print(node, 9), name] };
}

function feelName(name: string): string {
  if (!/^[A-Za-z_][\w]*$/.test(name)) throw new JuelProblem(`'${name}' is not a name FEEL can write`);
  if (FEEL_RESERVED.has(name))
    throw new JuelProblem(`'${name}' is a FEEL keyword, so it cannot name a variable`);
  return name;
}

const unquote = (literal: string): string => literal.slice(1, -1).replace(/\\(.)/g, '$1');
