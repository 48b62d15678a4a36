/**
 * Every file of the import sweep (the MIWG exports and the Zeebe models in ../shared/data/bpmn)
 * is read twice: by the importer, and by saxes, a strict XML parser that shares no code with it
 * (independent-xml.ts). A file the importer calls not well-formed must be one saxes rejects
 * too, and the importer must say where (line and column); every file saxes reads imports.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';
import { decodeXml, readXml } from './independent-xml.js';

const dataDir = join(import.meta.dirname, '../../../shared/data/bpmn');
const files: string[] = [];
const walk = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.bpmn') || name.endsWith('.xml')) files.push(relative(dataDir, path));
  }
};
walk(dataDir);

describe('well-formedness over the import sweep, checked by an independent parser', () => {
  const rejected: string[] = [];

  it.each(files)('%s', async (file) => {
    const bytes = readFileSync(join(dataDir, file));
    const imported = await importBpmn(bytes, file);
    const independent = readXml(decodeXml(bytes));
    if (!independent.error) expect(imported.parsed, `saxes reads ${file}, the importer does not`).toBe(true);
    if (imported.parsed) return; // the importer may be more tolerant than saxes, never less
    rejected.push(file);
    const where =
      independent.error &&
      `saxes: ${independent.error.line}:${independent.error.column} ${independent.error.message}`;
    expect(independent.error, `${file} imports as not well-formed, but saxes reads it`).toBeDefined();
    const fatal = imported.findings.find(
      (f) => f.severity === 'error' && /not well-formed|not BPMN/.test(f.message),
    );
    expect(fatal, where).toBeDefined();
    const lines = decodeXml(bytes).split('\n').length;
    expect(fatal!.line, `${fatal!.message} (${where})`).toBeGreaterThanOrEqual(1);
    expect(fatal!.line).toBeLessThanOrEqual(lines);
    expect(fatal!.column).toBeGreaterThanOrEqual(1);
  });

  it('finds the files that are not well-formed, and only those', () => {
    expect(files.length).toBeGreaterThan(500);
    expect(rejected).toEqual([
      'zeebe-model/zeebe/bpmn-model/src/test/resources/io/camunda/zeebe/model/bpmn/DefinitionsTest.shouldNotAffectCommentsResult.bpmn',
    ]);
  });
});
