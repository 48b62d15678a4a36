/**
 * One entry for any log file: XES (`.xes`, `.xes.gz`) or CSV (`.csv`), chosen by the name,
 * or by the first bytes when the name says neither (`<` means XML).
 */
import { open } from 'node:fs/promises';
import { type CsvOptions, importCsvFile } from './csv-import.js';
import { EventLogImportError } from './log-findings.js';
import { type ImportedLog, type XesOptions, importXesFile } from './xes-import.js';

export type LogFileOptions = XesOptions & CsvOptions;

export async function importLogFile(path: string, options: LogFileOptions = {}): Promise<ImportedLog> {
  const format = await formatOf(path);
  return format === 'xes' ? importXesFile(path, options) : importCsvFile(path, options);
}

export async function formatOf(path: string): Promise<'xes' | 'csv'> {
  const lower = path.toLowerCase();
  if (/\.xes(\.gz)?$/.test(lower)) return 'xes';
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EventLogImportError([
      {
        severity: 'error',
        code: 'file-unreadable',
        message: `cannot read '${path}': ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      },
    ]);
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0x1f && head[1] === 0x8b) return 'xes';
    return head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<')
      ? 'xes'
      : 'csv';
  } finally {
    await handle.close();
  }
}
