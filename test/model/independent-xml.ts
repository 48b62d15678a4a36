/**
 * A second reading of BPMN files that shares nothing with the importer: its own decoding (byte
 * order mark, else the declared encoding, else UTF-8) and saxes, a strict namespace-aware XML
 * parser, instead of bpmn-moddle and saxen. The import tests hold the importer to it.
 */
import { SaxesParser } from 'saxes';

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

export const families = ['activities', 'events', 'gateways', 'sequenceFlows'] as const;
export type Family = (typeof families)[number];
export type Counts = Record<Family, number>;

/** The element family of each counted BPMN element, by local name. */
export const elementFamily: Readonly<Record<string, Family>> = {
  task: 'activities',
  userTask: 'activities',
  serviceTask: 'activities',
  sendTask: 'activities',
  receiveTask: 'activities',
  manualTask: 'activities',
  scriptTask: 'activities',
  businessRuleTask: 'activities',
  subProcess: 'activities',
  transaction: 'activities',
  adHocSubProcess: 'activities',
  callActivity: 'activities',
  startEvent: 'events',
  endEvent: 'events',
  intermediateCatchEvent: 'events',
  intermediateThrowEvent: 'events',
  boundaryEvent: 'events',
  exclusiveGateway: 'gateways',
  inclusiveGateway: 'gateways',
  parallelGateway: 'gateways',
  eventBasedGateway: 'gateways',
  complexGateway: 'gateways',
  sequenceFlow: 'sequenceFlows',
};

export const noCounts = (): Counts => ({ activities: 0, events: 0, gateways: 0, sequenceFlows: 0 });

export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return new TextDecoder().decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/.exec(head)?.[1] ?? 'utf-8';
  return new TextDecoder(label).decode(bytes);
}

export interface XmlReading {
  /** Where saxes stopped, when the text is not (namespace-)well-formed. */
  readonly error?: { readonly line: number; readonly column: number; readonly message: string };
  /**
   * Flow elements of the BPMN namespace per family, inside the file's processes. An element
   * whose id an earlier element already has is skipped with everything inside it, as XML ids
   * are unique (the importer drops it with a finding).
   */
  readonly counts: Counts;
}

export function readXml(text: string): XmlReading {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const counts = noCounts();
  const ids = new Set<string>();
  let depth = 0;
  let skipUntil: number | undefined; // depth of a duplicate element being skipped
  let inProcess = 0;
  const open: boolean[] = []; // per open element: is it a process
  let error: XmlReading['error'];
  parser.on('opentag', (node) => {
    depth++;
    const isProcess = node.uri === BPMN_MODEL && node.local === 'process';
    open.push(isProcess);
    if (skipUntil !== undefined) return;
    const id = node.attributes.id;
    const idValue = typeof id === 'object' ? id.value : id;
    if (idValue !== undefined) {
      if (ids.has(idValue)) {
        skipUntil = depth;
        return;
      }
      ids.add(idValue);
    }
    if (isProcess) inProcess++;
    const family = node.uri === BPMN_MODEL ? elementFamily[node.local] : undefined;
    if (family && inProcess > 0) counts[family]++;
  });
  parser.on('closetag', () => {
    const wasProcess = open.pop();
    if (skipUntil === depth) skipUntil = undefined;
    else if (skipUntil === undefined && wasProcess) inProcess--;
    depth--;
  });
  parser.on('error', (e) => {
    error ??= { line: parser.line, column: parser.column, message: e.message };
  });
  parser.write(text).close();
  return { ...(error && { error }), counts };
}
