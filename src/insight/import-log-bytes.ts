/**
 * A log that arrives as bytes from someone not trusted (an HTTP upload): XES, gzipped XES or
 * CSV, told apart by the name and else by the first bytes. Before any parser sees it, the
 * text is bounded (a small gzip can inflate to gigabytes) and an XES with a DOCTYPE or an
 * ENTITY declaration is refused (XES needs no DTD, and entities are how XML attacks begin).
 */
import { gunzipSync } from 'node:zlib';
import { type CsvOptions, importCsv } from './csv-import.js';
import { EventLogImportError } from './log-findings.js';
import { type ImportedLog, type XesOptions, importXes } from './xes-import.js';

export interface LogBytesOptions extends XesOptions, CsvOptions {
  /** The most text (after gunzip) that is read; default 128 MiB. */
  readonly maxTextBytes?: number;
}

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

export async function importLogBytes(bytes: Uint8Array, options: LogBytesOptions = {}): Promise<ImportedLog> {
  const name = options.fileName ?? 'upload';
  const limit = options.maxTextBytes ?? 128 * 1024 * 1024;
  let raw: Uint8Array;
  try {
    raw = isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: limit }) : bytes;
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw refused(
      tooBig ? 'log-too-large' : 'gzip-unreadable',
      tooBig
        ? `'${name}' unpacks to more than ${limit} bytes`
        : `'${name}' is not readable gzip: ${(error as Error).message}`,
      name,
    );
  }
  if (raw.length > limit) throw refused('log-too-large', `'${name}' is larger than ${limit} bytes`, name);
  const text = new TextDecoder('utf-8').decode(raw);
  if (isXes(name, text)) {
    if (/<!DOCTYPE|<!ENTITY/i.test(text))
      throw refused(
        'xml-doctype-refused',
        `'${name}' has a DOCTYPE or ENTITY declaration; XES needs none`,
        name,
      );
    return importXes(text, options);
  }
  return importCsv(text, options);
}

function isXes(name: string, text: string): boolean {
  if (/\.xes(\.gz)?$/i.test(name)) return true;
  if (/\.(csv|tsv|txt)$/i.test(name)) return false;
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('<');
}

const refused = (code: string, message: string, file: string): EventLogImportError =>
  new EventLogImportError([{ severity: 'error', code, message, file }]);
