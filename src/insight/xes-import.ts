/**
 * XES in, EventLog out, streaming. The text is read chunk by chunk and the reader keeps only
 * the open elements and the event being read, so a log of any size costs its columns and
 * nothing more. The fast scanner reads first; if the file strays outside the XML it knows,
 * or is malformed, the file is read again with saxes, which handles all of XML and names the
 * exact problem. What is enforced and what only warns is set out in xes-schema.ts.
 */
import { SaxesParser } from 'saxes';
import { EventLogImportError } from './log-findings.js';
import { fileText, type LogInput, textOf } from './log-source.js';
import { type ImportedLog, type XesOptions, XesReader } from './xes-reader.js';
import { FastXmlScanner, LeaveFastPath, type TagAttributes } from './xml-fast-scanner.js';

export type { ImportedLog, XesOptions } from './xes-reader.js';

type Chunks = () => AsyncIterable<string> | Iterable<string>;

export async function importXesFile(path: string, options: XesOptions = {}): Promise<ImportedLog> {
  return readTwice(() => fileText(path, options.onProgress), { fileName: path, ...options });
}

/** An in-memory XES text, or its bytes (gzipped or not). */
export async function importXes(input: LogInput, options: XesOptions = {}): Promise<ImportedLog> {
  return readTwice(() => textOf(input), options);
}

async function readTwice(chunks: Chunks, options: XesOptions): Promise<ImportedLog> {
  try {
    return await readFast(chunks, options);
  } catch (error) {
    if (!(error instanceof LeaveFastPath)) throw error;
    return readWithSaxes(chunks, options);
  }
}

async function readFast(chunks: Chunks, options: XesOptions): Promise<ImportedLog> {
  // The reader asks the scanner for positions, and the scanner reports to the reader.
  const scanner: { current?: FastXmlScanner } = {};
  const reader = new XesReader(options, () => scanner.current!.position());
  const fast = (scanner.current = new FastXmlScanner(reader));
  for await (const chunk of chunks()) fast.write(chunk);
  fast.close();
  return reader.finish();
}

async function readWithSaxes(chunks: Chunks, options: XesOptions): Promise<ImportedLog> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const reader = new XesReader(options, () => ({ line: parser.line, column: parser.column }));
  parser.on('opentag', (tag) => reader.open(tag.name, recordAttributes(tag.attributes)));
  parser.on('closetag', () => reader.close());
  parser.on('text', (text) => {
    if (/\S/.test(text)) reader.text(text);
  });
  parser.on('error', (error) => reader.malformed(error.message.replace(/^[^:]*:\d+:\d+: /, '')));
  try {
    for await (const chunk of chunks()) parser.write(chunk);
    parser.close();
  } catch (error) {
    if (error instanceof EventLogImportError) throw error;
    reader.malformed(error instanceof Error ? error.message : String(error));
  }
  return reader.finish();
}

function recordAttributes(record: Record<string, string>): TagAttributes {
  const names = Object.keys(record);
  return { count: names.length, get: (name) => record[name], nameAt: (i) => names[i]! };
}
