import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BpmnImport, importBpmn } from '../../src/model/index.js';
import { countTagsByProcess } from './xml-tag-counts.js';
import { anyNumber, containing, like, matching } from './matchers.js';

const zeebeDir = join(import.meta.dirname, '../../../shared/data/bpmn/zeebe-model');
const modelDir = join(zeebeDir, 'zeebe/bpmn-model/src/test/resources/io/camunda/zeebe/model/bpmn');
const zeebeFiles = readdirSync(zeebeDir, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.bpmn'))
  .map((name) => join(zeebeDir, name))
  .sort();

const load = (path: string): Promise<BpmnImport> => importBpmn(readFileSync(join(modelDir, path)), path);
const errors = (imported: BpmnImport) => imported.findings.filter((f) => f.severity === 'error');

describe('the Camunda 8 (Zeebe) model test files', () => {
  it('are there to test against', () => {
    expect(zeebeFiles.length).toBeGreaterThanOrEqual(25);
  });

  it.each(zeebeFiles.map((path) => relative(zeebeDir, path)))(
    '%s imports, counting what a plain scan counts',
    async (name) => {
      const bytes = readFileSync(join(zeebeDir, name));

      const imported = await importBpmn(bytes, name);

      if (!imported.parsed) {
        expect(errors(imported)).toContainEqual(like({ line: anyNumber() }));
        return;
      }
      const expected = countTagsByProcess(bytes.toString('utf8'));
      expect(imported.processes.map((p) => p.processId)).toEqual([...expected.keys()]);
      for (const process of imported.processes)
        expect(process.counts).toEqual(expected.get(process.processId));
    },
  );

  it('finds the stray closing tag in the file that is not well-formed', async () => {
    const imported = await load('DefinitionsTest.shouldNotAffectCommentsResult.bpmn');

    expect(imported.parsed).toBe(false);
    expect(errors(imported)).toEqual([like({ message: containing('missing open tag'), line: 7 })]);
  });

  it('compiles a Zeebe process with properties, a default flow, a FEEL condition and a timer', async () => {
    const imported = await load('instance/zeebe/ZeebePropertiesTest.bpmn');
    const graph = imported.processes[0]?.graph;

    expect(imported.findings).toEqual([]);
    expect(graph?.elements.fork).toMatchObject({ kind: 'exclusiveGateway', default: 'Flow_0829k0f' });
    expect(graph?.flows.Flow_1yxvdzm?.condition).toBe('day of week(today()) = "Tuesday"');
    expect(graph?.elements.task).toMatchObject({
      kind: 'serviceTask',
      taskType: { literal: 'task' },
      retries: 3,
    });
    expect(graph?.elements.timer).toMatchObject({
      event: { type: 'timer', timer: { kind: 'duration', value: { literal: 'PT15S' } } },
    });
  });

  it('ignores data objects, data stores and annotations, which take no part in execution', async () => {
    const imported = await load('validation/non-executable-elements.bpmn');

    expect(imported.findings).toEqual([]);
    expect(Object.keys(imported.processes[0]?.graph?.elements ?? {})).toEqual([
      'EndEvent_18f6cgv',
      'StartEvent_1',
    ]);
  });

  it.each([
    'validation/LinkEventTest.testValidEventLink.bpmn',
    'validation/LinkEventTest.testEventLinkMultipleSources.bpmn',
  ])('compiles the link events of %s', async (path) => {
    const imported = await load(path);

    expect(imported.findings).toEqual([]);
    const links = Object.values(imported.processes[0]!.graph!.elements).filter(
      (e) => 'event' in e && e.event.type === 'link',
    );
    expect(links.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [
      'validation/default-flow.bpmn',
      'gateway',
      /default flow 'SequenceFlow_0s7tk8n' .* not one of its outgoing flows/,
    ],
    ['validation/no-start-event-sub-process.bpmn', 'subProcess', /exactly one start event, it has 0/],
    [
      'validation/multiple-timer-start-event-sub-process.bpmn',
      'SubProcess_1h0ttun',
      /exactly one start event, it has 2/,
    ],
    ['validation/AdHocSubProcess.bpmn', 'adhocsubprocess', /ad-hoc subprocess .* has no activity to offer/],
    [
      'validation/LinkEventTest.testInvalidEventLinkMultipleTarget.bpmn',
      'Event_1l6b80w',
      /shares the link name 'LinkA' with 'Event_19tuemi' in the same scope/,
    ],
    [
      'validation/LinkEventTest.testCatchLinkEventAfterEventBasedGatewayNotAllowed.bpmn',
      'Flow_0c62udf',
      /leads to intermediate catch event 'Event_1xpudal'; it may only lead to message, timer or signal/,
    ],
  ])('rejects %s with an error on %s', async (path, elementId, message) => {
    const imported = await load(path);

    expect(errors(imported)).toContainEqual(like({ elementId, message: matching(message) }));
    expect(imported.processes.every((p) => p.graph === undefined)).toBe(true);
  });
});
