/**
 * A discovered model is one an operator can run. Given the running example's log, when a model
 * is discovered from it, read back through the model layer and deployed, then a case started
 * on it follows a path of the log as its tasks are completed, each naming the next activity in
 * the `route` variable, and every element of the model has its place in the diagram.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSluice, type Sluice } from '../../src/index.js';
import { discoverProcess, routeCondition } from '../../src/insight/discovery.js';
import { type EventLog, caseActivities } from '../../src/insight/event-log.js';
import { importLogFile } from '../../src/insight/import-log-file.js';
import { importBpmn } from '../../src/model/index.js';
import { haveLogs, logsDir } from './log-files.js';

describe.runIf(haveLogs)('a model discovered from the running example', () => {
  let log: EventLog;
  let bpmn: string;
  let sluice: Sluice;

  beforeAll(async () => {
    log = (await importLogFile(join(logsDir, 'running-example.xes'))).log;
    bpmn = discoverProcess(log, { processId: 'mined' }).bpmn;
    sluice = await createSluice({ db: ':memory:' });
  });
  afterAll(() => sluice.close());

  it('imports as an executable process with a shape for every flow node and an edge for every flow', async () => {
    const imported = await importBpmn(bpmn, 'mined.bpmn');
    expect(imported.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const [process] = imported.processes;
    expect(process?.executable).toBe(true);
    const graph = process!.graph!;
    expect(Object.keys(process!.layout!.shapes).sort()).toEqual(Object.keys(graph.elements).sort());
    expect(Object.keys(process!.layout!.edges).sort()).toEqual(Object.keys(graph.flows).sort());
    const tasks = Object.values(graph.elements).filter((e) => e.kind === 'userTask');
    expect(tasks.map((t) => t.name).sort()).toEqual([...log.activities].sort());
  });

  it('deploys, and a case walks a path of the log with a loop and two choices to its end', async () => {
    await sluice.deploy([{ name: 'mined.bpmn', content: bpmn }]);
    // Case 3: examined casually, reinitiated, examined thoroughly, then paid.
    const path = caseActivities(log, log.caseIds.indexOf('3'));
    expect(path).toContain('reinitiate request');
    const { instanceId } = await sluice.start('mined');
    for (const [i, activity] of path.entries()) {
      const open = (await sluice.tasks({ state: 'open' })).items.filter((t) => t.instanceId === instanceId);
      const task = open.find((t) => t.name === activity);
      expect(task, `an open task '${activity}' among ${open.map((t) => t.name).join(', ')}`).toBeDefined();
      await sluice.completeTask(task!.id, { variables: { route: path[i + 1] ?? 'end' } });
    }
    const details = await sluice.instance(instanceId);
    expect(details.status).toBe('completed');
    const done = details.history.filter(
      (e) => e.type === 'element.completed' && e.elementType === 'userTask',
    );
    expect(done).toHaveLength(path.length);
  });

  it('writes routes as FEEL that survives quotes in activity names', () => {
    expect(routeCondition(['pay', 'say "no"'])).toBe('route = "pay" or route = "say \\"no\\""');
  });
});
