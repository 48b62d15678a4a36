import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';

const miwgDir = join(import.meta.dirname, '../../../shared/data/bpmn/miwg');
const toolFolders = readdirSync(miwgDir).filter(
  (name) => name !== 'Reference' && statSync(join(miwgDir, name)).isDirectory(),
);
const toolFiles = toolFolders.flatMap((folder) =>
  readdirSync(join(miwgDir, folder))
    .filter((name) => name.endsWith('.bpmn'))
    .map((name) => join(folder, name)),
);

describe('the models other tools exported for the MIWG suite', () => {
  it('are many, from many tools', () => {
    expect(toolFolders.length).toBeGreaterThan(10);
    expect(toolFiles.length).toBeGreaterThan(400);
  });

  it.each(toolFiles)('%s imports without throwing, every finding placed', async (file) => {
    const imported = await importBpmn(readFileSync(join(miwgDir, file)), file);

    if (!imported.parsed) {
      expect(imported.findings.some((f) => f.severity === 'error' && f.line !== undefined)).toBe(true);
      return;
    }
    for (const finding of imported.findings) {
      // A finding names an element, or at least says where in the file it is.
      expect(finding.elementId !== undefined || finding.line !== undefined, finding.message).toBe(true);
    }
    for (const process of imported.processes) {
      expect(process.graph === undefined || process.executable).toBe(true);
    }
  });
});
