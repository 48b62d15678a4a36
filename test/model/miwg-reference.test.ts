import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';
import { countTagsByProcess } from './xml-tag-counts.js';

const referenceDir = join(import.meta.dirname, '../../../shared/data/bpmn/miwg/Reference');
const referenceModels = readdirSync(referenceDir)
  .filter((name) => name.endsWith('.bpmn'))
  .sort();

describe('the MIWG reference models', () => {
  it('are the 21 models of the suite', () => {
    expect(referenceModels).toHaveLength(21);
  });

  it.each(referenceModels)(
    '%s imports, with the processes and element counts a plain scan of its XML finds',
    async (name) => {
      const bytes = readFileSync(join(referenceDir, name));
      const expected = countTagsByProcess(new TextDecoder('latin1').decode(bytes));

      const imported = await importBpmn(bytes, name);

      expect(imported.parsed).toBe(true);
      expect(imported.findings.filter((f) => f.message.includes('not well-formed'))).toEqual([]);
      expect(imported.processes.map((p) => p.processId)).toEqual([...expected.keys()]);
      for (const process of imported.processes) {
        expect(process.counts, `counts of process ${process.processId}`).toEqual(
          expected.get(process.processId),
        );
      }
    },
  );

  it('gives executable processes without errors a graph, and documentation processes counts only', async () => {
    const bytes = readFileSync(join(referenceDir, 'C.9.1.bpmn'));
    const { processes } = await importBpmn(bytes, 'C.9.1.bpmn');
    expect(processes).toHaveLength(1);
    expect(processes[0]!.executable).toBe(true);
    expect(processes[0]!.graph?.id).toBe('requestDocument_en');

    const documentation = await importBpmn(readFileSync(join(referenceDir, 'A.1.0.bpmn')), 'A.1.0.bpmn');
    expect(documentation.processes.every((p) => !p.executable && p.graph === undefined)).toBe(true);
    expect(documentation.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reads ISO-8859-1 models as ISO-8859-1', async () => {
    const name = referenceModels.find((n) =>
      /encoding="ISO-8859-1"/i.test(readFileSync(join(referenceDir, n), 'latin1').slice(0, 200)),
    );
    expect(name).toBeDefined();
    const imported = await importBpmn(readFileSync(join(referenceDir, name!)), name);
    expect(imported.parsed).toBe(true);
    expect(imported.findings.filter((f) => /encoding|UTF-8/.test(f.message))).toEqual([]);
  });
});
