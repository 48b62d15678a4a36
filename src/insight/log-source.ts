/**
 * Bytes of a log file as a stream of text chunks: gzip is recognised by its magic number, not
 * by the file name, and the text is decoded as UTF-8 (a byte-order mark is dropped). Reading
 * in chunks keeps memory flat for a gigabyte log; `onProgress` hears the compressed bytes read.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip, gunzipSync } from 'node:zlib';

export type LogInput = string | Uint8Array;

export interface ReadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Text chunks of an in-memory log (a string, or bytes that may be gzipped). */
export function* textOf(input: LogInput): Generator<string> {
  if (typeof input === 'string') {
    yield input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return;
  }
  const bytes = isGzip(input) ? gunzipSync(input) : input;
  yield new TextDecoder('utf-8').decode(bytes);
}

/** Text chunks of a file, gunzipped when it is gzip. */
export async function* fileText(
  path: string,
  onProgress?: (progress: ReadProgress) => void,
): AsyncGenerator<string> {
  const totalBytes = (await stat(path)).size;
  const head = await firstBytes(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  if (onProgress) {
    raw.on('data', (chunk: Buffer | string) => {
      bytesRead += chunk.length;
      onProgress({ bytesRead, totalBytes });
    });
  }
  const stream = isGzip(head) ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  raw.on('error', (error) => stream.destroy(error));
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

async function firstBytes(path: string): Promise<Uint8Array> {
  for await (const chunk of createReadStream(path, { start: 0, end: 1 }) as AsyncIterable<Buffer>)
    return chunk;
  return new Uint8Array();
}
