/**
 * Positions in the XML source. bpmn-moddle keeps no source positions on elements, so findings
 * about an element are placed by finding its start tag: a light scan of the tags (not a second
 * parser) that records where each one starts, its id and its parent. Built lazily, once per
 * import, and only when a finding needs it.
 */

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export interface SourceTag {
  readonly offset: number;
  readonly name: string;
  readonly id?: string;
  readonly parent?: SourceTag;
}

// Comments, CDATA, processing instructions and DOCTYPE are skipped so that markup inside them
// does not count; attribute values may contain '>' and are matched whole.
const TOKENS =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/[^>]*>|<([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ID_ATTRIBUTE = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const LINE_BREAK = /\r\n|\r|\n/g;

export class SourcePositions {
  private lineStarts?: number[];
  private tagIndex?: { byOffset: Map<number, SourceTag>; byId: Map<string, SourceTag> };

  constructor(private readonly text: string) {}

  /** Line and column of an offset, counting CRLF, CR and LF as one break each. */
  positionOf(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  /** The offset of a 0-based line and column, as moddle-xml (saxen) reports them. */
  offsetOf(line: number, column: number): number {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    return (starts[Math.min(Math.max(line, 0), starts.length - 1)] ?? 0) + column;
  }

  /** The end of the text: where errors about a truncated document point. */
  end(): Position {
    return this.positionOf(this.text.length);
  }

  /** The offset of the first occurrence of some text, if any. */
  find(text: string): number | undefined {
    const offset = this.text.indexOf(text);
    return offset === -1 ? undefined : offset;
  }

  /** The start tag of the first element with this id. */
  tagById(id: string): SourceTag | undefined {
    return this.tags().byId.get(id);
  }

  /** The start tag that begins at this offset. */
  tagAt(offset: number): SourceTag | undefined {
    return this.tags().byOffset.get(offset);
  }

  private tags(): { byOffset: Map<number, SourceTag>; byId: Map<string, SourceTag> } {
    if (this.tagIndex) return this.tagIndex;
    const byOffset = new Map<number, SourceTag>();
    const byId = new Map<string, SourceTag>();
    const open: SourceTag[] = [];
    for (const match of this.text.matchAll(TOKENS)) {
      const token = match[0];
      if (token.startsWith('</')) {
        open.pop();
        continue;
      }
      const name = match[1];
      if (name === undefined) continue;
      const attributes = match[2] ?? '';
      const idMatch = ID_ATTRIBUTE.exec(attributes);
      const id = idMatch?.[1] ?? idMatch?.[2];
      const tag: SourceTag = {
        offset: match.index,
        name,
        ...(id !== undefined && { id }),
        parent: open.at(-1),
      };
      byOffset.set(tag.offset, tag);
      if (id !== undefined && !byId.has(id)) byId.set(id, tag);
      if (!attributes.endsWith('/')) open.push(tag);
    }
    return (this.tagIndex = { byOffset, byId });
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return starts;
}

/** The local name of a tag (`bpmn2:process` → `process`). */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** The id of the nearest tag, this one or an ancestor, that has one. */
export function nearestId(tag: SourceTag | undefined): string | undefined {
  for (let t = tag; t; t = t.parent) if (t.id !== undefined) return t.id;
  return undefined;
}

/** The id of the enclosing `<process>`, whatever its prefix. */
export function processIdOf(tag: SourceTag | undefined): string | undefined {
  for (let t = tag; t; t = t.parent) if (localName(t.name) === 'process') return t.id;
  return undefined;
}
