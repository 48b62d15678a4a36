/**
 * An independent count of BPMN elements, for checking the importer against: a plain scan of
 * start tags by local name (whatever the prefix), each attributed to the <process> it sits in.
 * It knows nothing of bpmn-moddle, so agreeing with it means the importer lost nothing.
 */

import { type Counts, elementFamily } from './independent-xml.js';

export type TagCounts = Counts;

/** Counts per process id, in document order. */
export function countTagsByProcess(xml: string): Map<string, TagCounts> {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const result = new Map<string, TagCounts>();
  let current: TagCounts | undefined;
  for (const match of text.matchAll(/<(\/?)([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, , local, attributes = '', selfClosing] = match;
    if (local === 'process') {
      if (closing) current = undefined;
      else {
        const id = /\bid\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1] ?? '';
        current = { activities: 0, events: 0, gateways: 0, sequenceFlows: 0 };
        result.set(id, current);
        if (selfClosing) current = undefined;
      }
      continue;
    }
    const family = local === undefined ? undefined : elementFamily[local];
    if (!closing && family && current) current[family]++;
  }
  return result;
}
