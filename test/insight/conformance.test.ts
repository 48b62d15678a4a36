/**
 * Conformance and discovery. Given the reference models of the running example and of the
 * receipt process, their logs replay without a missing or remaining token; a log that skips
 * or reorders work is told where it deviates, element by element. A model discovered from any
 * reference log replays that log perfectly and is BPMN that the model layer reads, with a
 * diagram for every element.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';
import { checkConformance } from '../../src/insight/conformance.js';
import { discoverProcess } from '../../src/insight/discovery.js';
import { eventLogOf } from '../../src/insight/event-log-builder.js';
import { importLogFile } from '../../src/insight/import-log-file.js';
import { processModel } from '../../src/insight/process-model.js';
import { treeText } from '../../src/insight/process-tree.js';
import { groundTruths, haveLogs, logsDir } from './log-files.js';

const model = (file: string) => processModel(readFileSync(join(logsDir, file)), file);
const log = async (file: string) => (await importLogFile(join(logsDir, file))).log;

describe.runIf(haveLogs)('token replay on the reference models', () => {
  it('fits the running example to its model perfectly', async () => {
    const result = checkConformance(await log('running-example.xes'), await model('running-example.bpmn'));
    expect(result).toMatchObject({
      fitness: 1,
      fittingCases: 6,
      cases: 6,
      deviations: [],
      unknownActivities: {},
    });
    expect(result.tokens.missing + result.tokens.remaining).toBe(0);
  });

  it('fits the receipt log to its model perfectly', async () => {
    const result = checkConformance(await log('08_receipt.xes.gz'), await model('receipt.bpmn'));
    expect(result).toMatchObject({ fitness: 1, fittingCases: 1434, cases: 1434 });
  });

  it('says where cases deviate: a skipped check waits forever, an early decision lacked its inputs', async () => {
    const deviating = eventLogOf({
      fits: ['register request', 'examine casually', 'check ticket', 'decide', 'pay compensation'],
      skips: ['register request', 'examine casually', 'decide', 'reject request'],
      stranger: [
        'register request',
        'examine casually',
        'check ticket',
        'call the boss',
        'decide',
        'pay compensation',
      ],
    });
    const result = checkConformance(deviating, await model('running-example.bpmn'));
    expect(result.fittingCases).toBe(2);
    expect(result.fitness).toBeLessThan(1);
    expect(result.fitness).toBeGreaterThan(0.8);
    expect(result.deviations).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'check ticket', remaining: 1, missing: 0 })]),
    );
    expect(result.deviations.some((d) => d.missing > 0)).toBe(true);
    expect(result.unknownActivities).toEqual({ 'call the boss': 1 });
  });
});

describe.runIf(haveLogs)('discovery with the inductive miner', () => {
  it('finds the textbook model of the running example', async () => {
    const { tree } = discoverProcess(await log('running-example.xes'));
    expect(treeText(tree)).toBe(
      "→('register request', ↺(→(∧(×('examine casually', 'examine thoroughly'), 'check ticket'), 'decide'), 'reinitiate request'), ×('pay compensation', 'reject request'))",
    );
  });

  it.each(groundTruths().map((t) => t.file))(
    'discovers from %s a model that replays it perfectly, as BPMN with a diagram',
    async (file) => {
      const mined = await log(file);
      const discovered = discoverProcess(mined, { processId: 'mined' });
      expect(checkConformance(mined, discovered.graph).fitness).toBe(1);
      const imported = await importBpmn(discovered.bpmn, 'mined.bpmn');
      expect(imported.parsed).toBe(true);
      expect(imported.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const fromXml = await processModel(discovered.bpmn, 'mined.bpmn');
      expect(checkConformance(mined, fromXml).fitness).toBe(1);
      const shapes = [...discovered.bpmn.matchAll(/<bpmndi:BPMNShape [^>]*bpmnElement="([^"]+)"/g)].map(
        (m) => m[1],
      );
      expect(shapes.sort()).toEqual(Object.keys(discovered.graph.elements).sort());
    },
  );
});
