/**
 * Bounds on FEEL, so that a hostile model cannot hang or exhaust the engine. The FEEL libraries
 * are synchronous and neither bounds its own work: parsing a 109 KB list literal takes feelin
 * seconds and gigabytes, `for i in 1..1e9` allocates until the heap gives up, and a recursive
 * context function runs for ever. So the text is scanned before any parser sees it (length,
 * nesting, list literals, literal ranges), expressions that can loop run under a wall-clock
 * watchdog (feel-budget.ts), and results are measured before they leave.
 */

export interface FeelLimits {
  /** Longest expression source accepted, in characters. */
  readonly maxLength: number;
  /** Deepest nesting of brackets, parentheses and braces accepted. */
  readonly maxDepth: number;
  /** Most items in a list literal, a literal range that is iterated, or a result list. */
  readonly maxListItems?: number;
  /** Longest string a result may hold, in characters. */
  readonly maxStringLength?: number;
  /** Wall-clock time an evaluation that can loop (for, some, every, functions) may take. */
  readonly maxTimeMs?: number;
}

export const defaultFeelLimits = {
  maxLength: 16_384,
  maxDepth: 64,
  maxListItems: 10_000,
  maxStringLength: 1_000_000,
  maxTimeMs: 250,
} as const satisfies Required<FeelLimits>;

export function resolvedLimits(limits: FeelLimits | undefined): Required<FeelLimits> {
  return limits === undefined || limits === defaultFeelLimits
    ? defaultFeelLimits
    : { ...defaultFeelLimits, ...limits };
}

/** What one pass over the source text learns without parsing it. */
export interface SourceScan {
  readonly depth: number;
  readonly balanced: boolean;
  /** Items of the largest list literal. */
  readonly listItems: number;
  /** Size of the largest range with numeric literal bounds (`1..1000000`). */
  readonly rangeSize: number;
  /** for, some, every, function or a regular expression: the expression can take unbounded time. */
  readonly loops: boolean;
  /** Offsets of `?` outside strings and comments (the input of a unary test). */
  readonly questionMarks: readonly number[];
  /** Offsets of commas outside strings, comments and brackets (unary test separators). */
  readonly topLevelCommas: readonly number[];
}

// Loops and recursion, and the builtins that run a caller's regular expression (a pattern like
// `(a+)+$` backtracks exponentially): these are what can take unbounded time.
const LOOP_KEYWORD = /(?:^|[^\w$])(for|some|every|function|matches|replace|split)(?=[\s(])/;
const LITERAL_RANGE = /(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)/g;

export function scanSource(source: string): SourceScan {
  let depth = 0;
  let deepest = 0;
  let balanced = true;
  let listItems = 0;
  const brackets: { char: string; items: number }[] = [];
  const questionMarks: number[] = [];
  const topLevelCommas: number[] = [];
  // Code outside strings and comments, for the keyword and range patterns.
  let code = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '"') {
      const end = stringEnd(source, i);
      code += ' '.repeat(end - i);
      i = end - 1;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      code += ' '.repeat(stop - i);
      i = stop - 1;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      code += ' '.repeat(stop - i);
      i = stop - 1;
      continue;
    }
    code += c;
    if (c === '(' || c === '[' || c === '{') {
      brackets.push({ char: c, items: 1 });
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === ')' || c === ']' || c === '}') {
      const open = brackets.pop();
      depth--;
      if (!open) balanced = false;
      else if (open.char === '[' && open.items > listItems) listItems = open.items;
    } else if (c === ',') {
      const top = brackets[brackets.length - 1];
      if (top) top.items++;
      else topLevelCommas.push(i);
    } else if (c === '?') {
      questionMarks.push(i);
    }
  }
  // An unclosed `[` is still a list literal (and `]a..b[` intervals close with `[`).
  for (const open of brackets) if (open.char === '[' && open.items > listItems) listItems = open.items;
  if (depth !== 0) balanced = false;
  let rangeSize = 0;
  for (const match of code.matchAll(LITERAL_RANGE)) {
    const size = Math.abs(Number(match[2]) - Number(match[1])) + 1;
    if (size > rangeSize) rangeSize = size;
  }
  return {
    depth: deepest,
    balanced,
    listItems,
    rangeSize,
    loops: LOOP_KEYWORD.test(code),
    questionMarks,
    topLevelCommas,
  };
}

/** The offset just past the string literal that opens at `start`. */
export function stringEnd(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '"') return i + 1;
  }
  return source.length;
}

/** Why the source breaks a limit, or undefined. */
export function sourceViolation(
  source: string,
  scan: SourceScan,
  limits: Required<FeelLimits>,
): string | undefined {
  if (scan.depth > limits.maxDepth) return `expression nests deeper than ${limits.maxDepth} levels`;
  if (scan.listItems > limits.maxListItems) {
    return `a list literal has ${scan.listItems} items; the limit is ${limits.maxListItems}`;
  }
  if (scan.loops && scan.rangeSize > limits.maxListItems) {
    return `a range of ${scan.rangeSize} numbers is iterated; the limit is ${limits.maxListItems}`;
  }
  return undefined;
}

/** Why a result is too big to hand back, or undefined. Walks at most the limit's worth of items. */
export function resultViolation(value: unknown, limits: Required<FeelLimits>): string | undefined {
  let budget = limits.maxListItems * 10;
  const visit = (v: unknown, depth: number): string | undefined => {
    if (--budget < 0) return `the result holds more than ${limits.maxListItems * 10} values`;
    if (depth > limits.maxDepth) return `the result nests deeper than ${limits.maxDepth} levels`;
    if (typeof v === 'string') {
      return v.length > limits.maxStringLength
        ? `the result holds a string of ${v.length} characters; the limit is ${limits.maxStringLength}`
        : undefined;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.maxListItems) {
        return `the result holds a list of ${v.length} items; the limit is ${limits.maxListItems}`;
      }
      for (const item of v) {
        const problem = visit(item, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      for (const item of Object.values(v)) {
        const problem = visit(item, depth + 1);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return visit(value, 0);
}
