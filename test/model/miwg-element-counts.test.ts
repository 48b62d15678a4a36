/**
 * The MIWG tool exports against the reference model of their test case. Rule: the importer must
 * keep exactly the flow elements a file holds (counted per family by an independent saxes
 * reading, independent-xml.ts), and a family agrees with the reference wherever the tool kept
 * all of its elements. Where a tool dropped elements (fewer than the reference), only what it
 * kept is asserted; where a file holds more than the reference (a tool that exports extra
 * copies or extra processes), the file is listed below, so a new difference shows up.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';
import { type Counts, decodeXml, families, noCounts, readXml } from './independent-xml.js';

const miwgDir = join(import.meta.dirname, '../../../shared/data/bpmn/miwg');
const caseOf = (file: string): string | undefined => /^([A-C]\.\d+\.\d+)/.exec(file)?.[1];
const countsOf = (path: string): Counts => readXml(decodeXml(readFileSync(path))).counts;

const references = new Map(
  readdirSync(join(miwgDir, 'Reference'))
    .filter((name) => name.endsWith('.bpmn'))
    .map((name) => [caseOf(name)!, countsOf(join(miwgDir, 'Reference', name))]),
);
const exports = readdirSync(miwgDir)
  .filter((name) => name !== 'Reference' && statSync(join(miwgDir, name)).isDirectory())
  .flatMap((tool) =>
    readdirSync(join(miwgDir, tool))
      .filter((name) => name.endsWith('.bpmn') && references.has(caseOf(name) ?? ''))
      .map((name) => join(tool, name)),
  );

/** Files holding more elements of a family than their reference model. */
const holdsMore: Record<string, string> = {
  'Bonita BPM 7.2.3/B.2.0-roundtrip.bpmn': 'activities',
  'Cardanit (prev. BeePMN) 4.9.1/C.6.0-export.bpmn': 'sequenceFlows',
  'OMNITRACKER BPMN 12.3/B.1.0-export.bpmn': 'activities events gateways sequenceFlows',
  'OMNITRACKER BPMN 12.3/C.9.0-export.bpmn': 'activities events gateways sequenceFlows',
  'OMNITRACKER BPMN 12.3/C.9.2-export.bpmn': 'activities events sequenceFlows',
  'Trisotech Workflow Modeler 12.6.3/C.8.0-export.bpmn': 'activities events gateways sequenceFlows',
  'Trisotech Workflow Modeler 12.6.3/C.8.1-export.bpmn': 'activities events gateways sequenceFlows',
  'iGrafx Process 2013 for Six Sigma 15.0.4.1565/A.3.0-export.bpmn': 'sequenceFlows',
  'iGrafx Process 2013 for Six Sigma 15.0.4.1565/B.2.0-export.bpmn': 'activities',
};

describe('MIWG tool exports against their reference models', () => {
  const verdicts = new Map<string, { agree: Family[]; dropped: Family[]; more: Family[] }>();
  type Family = (typeof families)[number];

  it('cover every test case with a reference, from many tools', () => {
    expect(references.size).toBe(21);
    expect(exports.length).toBeGreaterThan(450);
  });

  it.each(exports)(
    '%s: the importer keeps what the tool kept, and that agrees with the reference',
    async (file) => {
      const bytes = readFileSync(join(miwgDir, file));
      const imported = await importBpmn(bytes, file);
      expect(imported.parsed).toBe(true);
      const got = noCounts();
      for (const process of imported.processes) for (const f of families) got[f] += process.counts[f];
      const kept = readXml(decodeXml(bytes)).counts;
      expect(got).toEqual(kept);

      const reference = references.get(caseOf(file.split('/')[1]!)!)!;
      const verdict = { agree: [] as Family[], dropped: [] as Family[], more: [] as Family[] };
      for (const f of families) {
        verdict[got[f] === reference[f] ? 'agree' : got[f] < reference[f] ? 'dropped' : 'more'].push(f);
      }
      verdicts.set(file, verdict);
      expect(verdict.more.join(' ')).toBe(holdsMore[file] ?? '');
    },
  );

  it('agree with the reference in most families: tools drop elements far less often than they keep them', () => {
    const all = [...verdicts.values()];
    const agree = all.reduce((n, v) => n + v.agree.length, 0);
    const dropped = all.reduce((n, v) => n + v.dropped.length, 0);
    expect(all).toHaveLength(exports.length);
    expect(agree).toBeGreaterThan(dropped * 5);
  });
});
