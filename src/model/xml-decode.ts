/**
 * Bytes to text for XML files. moddle-xml only reads strings and assumes UTF-8, but modellers
 * still write ISO-8859-1 and windows-1252 files (several MIWG reference models are Latin-1), so
 * the encoding named in the XML declaration is honoured here, before parsing. A byte-order mark
 * wins over the declaration, as the XML specification says.
 */
import { TextDecoder } from 'node:util';
import type { Finding } from './findings.js';

export interface DecodedXml {
  readonly text: string;
  readonly findings: readonly Finding[];
}

const BYTE_ORDER_MARKS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
] as const;

const DECLARED_ENCODING = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  const mark = BYTE_ORDER_MARKS.find((m) => m.bytes.every((b, i) => bytes[i] === b));
  return mark && { encoding: mark.encoding, length: mark.bytes.length };
}

/** The declaration is ASCII in every encoding we accept, so a Latin-1 peek can read it. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256));
  return DECLARED_ENCODING.exec(head)?.[1];
}

function decoderFor(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

export function decodeXml(source: string | Uint8Array, fileName?: string): DecodedXml {
  if (typeof source === 'string') {
    return { text: source.charCodeAt(0) === 0xfeff ? source.slice(1) : source, findings: [] };
  }
  const file = fileName ? `'${fileName}'` : 'the file';
  const findings: Finding[] = [];
  const bom = byteOrderMark(source);
  const label = bom?.encoding ?? declaredEncoding(source) ?? 'utf-8';
  let decoder = decoderFor(label);
  if (!decoder) {
    findings.push({
      severity: 'warning',
      message: `${file} declares the unknown encoding '${label}'; it was read as UTF-8`,
    });
    decoder = new TextDecoder('utf-8', { fatal: true });
  }
  const body = source.subarray(bom?.length ?? 0);
  if (decoder.encoding === 'windows-1252') return { text: decodeWindows1252(body), findings };
  try {
    return { text: decoder.decode(body), findings };
  } catch {
    findings.push({
      severity: 'warning',
      message: `${file} is not valid ${decoder.encoding}; undecodable bytes were replaced with U+FFFD`,
    });
    return { text: new TextDecoder(decoder.encoding).decode(body), findings };
  }
}

/**
 * Windows-1252 is Latin-1 except for 0x80-0x9F (the WHATWG index, which ISO-8859-1 labels use
 * too). Node 20.18.3+ and 22.13+ decode that label as plain Latin-1 (nodejs/node#60888), turning
 * € and typographic quotes into control characters, so it is decoded here.
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const codes = Array.from(bytes.subarray(start, start + chunk), (b) =>
      b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80]! : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}
