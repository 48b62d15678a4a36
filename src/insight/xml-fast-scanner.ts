/**
 * A fast reader for the plain XML that XES files are made of: elements, attributes in
 * quotes, the five predefined entities and character references, comments, processing
 * instructions and ignorable text. It exists because a general parser tops out near
 * 30 MB/s here, and a 70 MB log must import in about a second.
 *
 * It does not handle everything XML allows, and it does not try to explain bad XML: on
 * anything outside its subset (a DOCTYPE, CDATA, an unknown entity) or anything malformed
 * (a mismatched end tag, a second root, a stray `<`), it throws `LeaveFastPath`, and the
 * importer reads the file again with saxes, which accepts all of XML and says precisely
 * what is wrong and where.
 */

export class LeaveFastPath extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LeaveFastPath';
  }
}

/** The attributes of the tag being opened; valid only during the `open` call. */
export interface TagAttributes {
  readonly count: number;
  get(name: string): string | undefined;
  nameAt(index: number): string;
}

export interface XmlHandler {
  open(name: string, attributes: TagAttributes): void;
  /**
   * `<type key="k" value="v"/>` inside the root, with exactly those two attributes: the same
   * as `open` then `close`, told in one call because nine in ten tags of a log are these.
   */
  typedAttribute(type: string, key: string, value: string): void;
  close(): void;
  /** Text that is not only white space, between tags. */
  text(text: string): void;
}

class FlatAttributes implements TagAttributes {
  count = 0;
  readonly names: string[] = [];
  readonly values: string[] = [];

  get(name: string): string | undefined {
    for (let i = 0; i < this.count; i++) if (this.names[i] === name) return this.values[i];
    return undefined;
  }

  nameAt(index: number): string {
    return this.names[index]!;
  }

  push(name: string, value: string): void {
    for (let i = 0; i < this.count; i++)
      if (this.names[i] === name) throw new LeaveFastPath('duplicate attribute');
    this.names[this.count] = name;
    this.values[this.count++] = value;
  }
}

/**
 * The values of `key` attributes, handed out as the same string objects: a log uses a few
 * dozen keys millions of times, and one string object per key lets every later map lookup
 * and comparison skip hashing and comparing characters.
 */
class KeyCache {
  private readonly byLength: string[][] = [];
  private size = 0;

  intern(b: string, from: number, to: number): string {
    const length = to - from;
    const bucket = (this.byLength[length] ??= []);
    for (const key of bucket) if (b.startsWith(key, from)) return key;
    const key = b.slice(from, to);
    // A log with endless distinct keys gains nothing from the cache; stop growing it.
    if (this.size++ < 4096) bucket.push(key);
    return key;
  }
}

/**
 * Short attribute values (resources, lifecycle transitions, codes) handed out as the same
 * string objects while they repeat: a slice this short is a copy, and one object per value
 * spares the collector and lets map lookups reuse its hash. Direct-mapped on the length and
 * the first and last characters; a miss slices and takes the slot.
 */
class ShortValueCache {
  static readonly longest = 12;
  private readonly slots: string[] = new Array<string>(1024).fill('');

  intern(b: string, from: number, to: number): string {
    const length = to - from;
    if (length === 0) return '';
    const slot =
      (length * 31 + b.charCodeAt(from) * 7 + b.charCodeAt(to - 1) * 3 + b.charCodeAt(to - 2)) & 1023;
    const cached = this.slots[slot]!;
    if (cached.length === length && b.startsWith(cached, from)) return cached;
    return (this.slots[slot] = b.slice(from, to));
  }
}

/** Names XES uses, so that the hot path hands out the same string objects and allocates none. */
const KNOWN = [
  'string',
  'date',
  'event',
  'int',
  'float',
  'boolean',
  'id',
  'key',
  'value',
  'trace',
  'list',
  'values',
  'container',
  'global',
  'classifier',
  'extension',
  'log',
  'scope',
  'keys',
  'name',
  'prefix',
  'uri',
];

const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 58 ||
  c === 95 ||
  c === 45 ||
  c === 46 ||
  c > 127;

/** Characters that make an attribute value need decoding or normalising. */
const SPECIAL = /[&<\n\t\r]/;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export class FastXmlScanner {
  private buffer = '';
  private at = 0;
  private readonly names: string[] = [];
  private readonly attributes = new FlatAttributes();
  private readonly keys = new KeyCache();
  private readonly shortValues = new ShortValueCache();
  /** Next position of each of SPECIAL_CHARS in the buffer (see `special`). */
  private readonly nextSpecial = [-1, -1, -1, -1, -1];
  private roots = 0;
  /** Lines before the buffer, and a cursor counting lines within it (positions only move on). */
  private linesBefore = 1;
  private countedTo = 0;
  private countedLines = 0;
  private tagStart = 0;

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    if (this.countedTo > this.at) {
      this.countedTo = 0;
      this.countedLines = 0;
    }
    this.linesBefore += this.countedLines + this.linesIn(this.countedTo, this.at);
    this.buffer = this.at < this.buffer.length ? this.buffer.slice(this.at) + chunk : chunk;
    this.nextSpecial.fill(-1);
    this.countedTo = 0;
    this.countedLines = 0;
    this.at = 0;
    this.scan(false);
  }

  close(): void {
    this.scan(true);
    if (this.names.length > 0) throw new LeaveFastPath('unclosed element');
    if (this.at < this.buffer.length && !blank(this.buffer, this.at, this.buffer.length)) {
      throw new LeaveFastPath('text after the root');
    }
  }

  /** 1-based line and column of the tag being handled. */
  position(): { line: number; column: number } {
    const p = this.tagStart;
    if (p < this.countedTo) {
      this.countedTo = 0;
      this.countedLines = 0;
    }
    this.countedLines += this.linesIn(this.countedTo, p);
    this.countedTo = p;
    const lineStart = this.buffer.lastIndexOf('\n', p - 1) + 1;
    return { line: this.linesBefore + this.countedLines, column: p - lineStart + 1 };
  }

  private linesIn(from: number, to: number): number {
    let n = 0;
    for (let i = this.buffer.indexOf('\n', from); i >= 0 && i < to; i = this.buffer.indexOf('\n', i + 1)) n++;
    return n;
  }

  private scan(final: boolean): void {
    const b = this.buffer;
    const n = b.length;
    while (this.at < n) {
      const lt = b.indexOf('<', this.at);
      if (lt < 0) {
        if (final) return;
        if (!blank(b, this.at, n)) this.textOutside(b.slice(this.at), final);
        // keep nothing: white space between tags carries nothing
        this.at = n;
        return;
      }
      if (lt > this.at && !blank(b, this.at, lt)) this.textOutside(b.slice(this.at, lt), true);
      const next = b.charCodeAt(lt + 1);
      let end: number;
      if (next === 47) end = this.endTag(b, lt);
      else if (next === 63) end = this.skipTo(b, lt, '?>');
      else if (next === 33) {
        if (!b.startsWith('<!--', lt)) {
          if (lt + 9 > n && !final) return this.wait(lt);
          throw new LeaveFastPath('DOCTYPE or CDATA');
        }
        end = this.skipTo(b, lt, '-->');
      } else end = this.startTag(b, lt);
      if (end < 0) {
        if (final) throw new LeaveFastPath('the document ends inside a tag');
        return this.wait(lt);
      }
      this.at = end;
    }
  }

  private wait(from: number): void {
    this.at = from;
  }

  private textOutside(text: string, complete: boolean): void {
    if (this.names.length === 0) throw new LeaveFastPath('text outside the root');
    if (text.includes('&') && complete) decode(text);
    this.handler.text(text);
  }

  private skipTo(b: string, from: number, terminator: string): number {
    const end = b.indexOf(terminator, from + 2);
    return end < 0 ? -1 : end + terminator.length;
  }

  private endTag(b: string, lt: number): number {
    const gt = b.indexOf('>', lt);
    if (gt < 0) return -1;
    const name = this.names.pop();
    let i = lt + 2;
    if (name === undefined || !b.startsWith(name, i)) throw new LeaveFastPath('mismatched end tag');
    i += name.length;
    while (i < gt && isSpace(b.charCodeAt(i))) i++;
    if (i !== gt) throw new LeaveFastPath('mismatched end tag');
    this.tagStart = lt;
    this.handler.close();
    return gt + 1;
  }

  /**
   * The hot path: `<string key="k" value="v"/>` exactly as writers write it, read with no
   * per-attribute bookkeeping. Returns the index after the tag, or 0 to read it the general way.
   */
  private keyValueTag(b: string, lt: number, at: number, name: string): number {
    if (!b.startsWith(' key="', at) || this.names.length === 0) return 0;
    const keyFrom = at + 6;
    const keyEnd = b.indexOf('"', keyFrom);
    if (keyEnd < 0 || !b.startsWith(' value="', keyEnd + 1)) return 0;
    const valueFrom = keyEnd + 9;
    const valueEnd = b.indexOf('"', valueFrom);
    if (valueEnd < 0) return 0;
    const close = b.charCodeAt(valueEnd + 1);
    const selfClosing = close === 47 && b.charCodeAt(valueEnd + 2) === 62;
    if (!selfClosing && close !== 62) return 0;
    if (this.special(b, keyFrom, valueEnd)) return 0;
    const key = this.keys.intern(b, keyFrom, keyEnd);
    const value =
      valueEnd - valueFrom <= ShortValueCache.longest
        ? this.shortValues.intern(b, valueFrom, valueEnd)
        : b.slice(valueFrom, valueEnd);
    this.tagStart = lt;
    if (selfClosing) {
      this.handler.typedAttribute(name, key, value);
      return valueEnd + 3;
    }
    const attributes = this.attributes;
    attributes.names[0] = 'key';
    attributes.values[0] = key;
    attributes.names[1] = 'value';
    attributes.values[1] = value;
    attributes.count = 2;
    this.handler.open(name, attributes);
    this.names.push(name);
    return valueEnd + 2;
  }

  /**
   * Whether b[from, to) holds a character that needs the general path (&, <, a tab or line
   * break). The next position of each is remembered, so finding them costs one native search
   * per occurrence rather than a look at every character.
   */
  private special(b: string, from: number, to: number): boolean {
    const next = this.nextSpecial;
    for (let k = 0; k < SPECIAL_CHARS.length; k++) {
      if (next[k]! < from) {
        const found = b.indexOf(SPECIAL_CHARS[k]!, from);
        next[k] = found < 0 ? Infinity : found;
      }
      if (next[k]! < to) return true;
    }
    return false;
  }

  /** Returns the index after the tag, or -1 when the buffer ends inside it. */
  private startTag(b: string, lt: number): number {
    const n = b.length;
    let i = lt + 1;
    let name = knownTypedName(b, i);
    if (name !== undefined) {
      const end = this.keyValueTag(b, lt, i + name.length, name);
      if (end !== 0) return end;
      i += name.length;
    } else {
      while (i < n && isNameChar(b.charCodeAt(i))) i++;
      if (i >= n) return -1;
      if (i === lt + 1) throw new LeaveFastPath('stray <');
      name = nameOf(b, lt + 1, i);
    }
    const attributes = this.attributes;
    attributes.count = 0;
    for (;;) {
      while (i < n && isSpace(b.charCodeAt(i))) i++;
      if (i >= n) return -1;
      const c = b.charCodeAt(i);
      if (c === 62 || c === 47) {
        const selfClosing = c === 47;
        if (selfClosing) {
          if (i + 1 >= n) return -1;
          if (b.charCodeAt(i + 1) !== 62) throw new LeaveFastPath('stray /');
        }
        if (this.names.length === 0 && this.roots++ > 0) throw new LeaveFastPath('second root element');
        this.tagStart = lt;
        this.handler.open(name, attributes);
        if (selfClosing) this.handler.close();
        else this.names.push(name);
        return i + (selfClosing ? 2 : 1);
      }
      const nameStart = i;
      while (i < n && isNameChar(b.charCodeAt(i))) i++;
      if (i === nameStart) throw new LeaveFastPath('bad attribute');
      const attribute = nameOf(b, nameStart, i);
      while (i < n && isSpace(b.charCodeAt(i))) i++;
      if (i >= n) return -1;
      if (b.charCodeAt(i) !== 61) throw new LeaveFastPath('attribute without value');
      i++;
      while (i < n && isSpace(b.charCodeAt(i))) i++;
      if (i >= n) return -1;
      const quote = b.charCodeAt(i);
      if (quote !== 34 && quote !== 39) throw new LeaveFastPath('unquoted attribute value');
      const from = i + 1;
      i = b.indexOf(quote === 34 ? '"' : "'", from);
      if (i < 0) return -1;
      let value = attribute === 'key' ? this.keys.intern(b, from, i) : b.slice(from, i);
      if (SPECIAL.test(value)) value = normalize(value);
      attributes.push(attribute, value);
      i++;
    }
  }
}

const SPECIAL_CHARS = ['&', '<', '\n', '\t', '\r'] as const;

/** The typed attribute element named at `at` when a space follows its name. */
function knownTypedName(b: string, at: number): string | undefined {
  let name: string;
  switch (b.charCodeAt(at)) {
    case 115: // s
      name = 'string';
      break;
    case 100: // d
      name = 'date';
      break;
    case 105: // i
      name = b.charCodeAt(at + 1) === 110 ? 'int' : 'id';
      break;
    case 102: // f
      name = 'float';
      break;
    case 98: // b
      name = 'boolean';
      break;
    default:
      return undefined;
  }
  return b.charCodeAt(at + name.length) === 32 && b.startsWith(name, at) ? name : undefined;
}

function nameOf(b: string, from: number, to: number): string {
  const length = to - from;
  const first = b.charCodeAt(from);
  for (const known of KNOWN_BY_LENGTH[length] ?? []) {
    if (known.charCodeAt(0) === first && b.startsWith(known, from)) return known;
  }
  return b.slice(from, to);
}

const KNOWN_BY_LENGTH: string[][] = [];
for (const known of KNOWN) (KNOWN_BY_LENGTH[known.length] ??= []).push(known);

const SPACES = /[ \t\r\n]*/y;

/**
 * Whether b[from, to) is white space only. The indentation between tags is a few characters,
 * looked at one by one; longer stretches go to a native regex, which is faster on them.
 */
function blank(b: string, from: number, to: number): boolean {
  if (to - from <= 16) {
    for (let i = from; i < to; i++) if (!isSpace(b.charCodeAt(i))) return false;
    return true;
  }
  SPACES.lastIndex = from;
  SPACES.test(b);
  return SPACES.lastIndex >= to;
}

/** Attribute-value normalisation: entities decoded, line breaks and tabs become spaces. */
function normalize(raw: string): string {
  if (raw.includes('<')) throw new LeaveFastPath('< in an attribute value');
  return decode(raw.replace(/\r\n|[\n\r\t]/g, ' '));
}

function decode(text: string): string {
  return text.replace(/&([^;&]*);?/g, (match, entity: string) => {
    if (!match.endsWith(';')) throw new LeaveFastPath('bad entity');
    const named = ENTITIES[entity];
    if (named !== undefined) return named;
    const code = /^#x[0-9a-fA-F]+$/.test(entity)
      ? parseInt(entity.slice(2), 16)
      : /^#[0-9]+$/.test(entity)
        ? parseInt(entity.slice(1), 10)
        : NaN;
    if (Number.isNaN(code) || code > 0x10ffff || code === 0) throw new LeaveFastPath('unknown entity');
    return String.fromCodePoint(code);
  });
}
