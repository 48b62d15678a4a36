/**
 * What every workflow-pattern test needs: a model in BPMN XML (the usual namespaces plus
 * Sluice's), an in-memory engine on a virtual clock with recording job handlers, and short ways
 * to say what happened. Used by the control-flow and the data pattern tests.
 */
import type { JobContext, JobHandler } from '../../../src/index.js';
import { type Harness, harness } from '../../support/engine.js';

export { flows } from '../../support/bpmn.js';

/** A process body wrapped in definitions; `extra` goes after the process (messages, signals, more processes). */
export function model(processId: string, body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:sluice="https://sluice.dev/schema/bpmn/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d-${processId}" targetNamespace="https://sluice.dev/patterns">
  <bpmn:process id="${processId}" isExecutable="true">${body}</bpmn:process>${extra}
</bpmn:definitions>`;
}

/** A service task whose job type is its id, so one recording handler serves every task. */
export const job = (id: string, inner = ''): string =>
  `<bpmn:serviceTask id="${id}" sluice:type="${id}">${inner}</bpmn:serviceTask>`;

export const userTask = (id: string, inner = ''): string =>
  `<bpmn:userTask id="${id}">${inner}</bpmn:userTask>`;

export interface Scenario extends Harness {
  /** Job types in the order their jobs ran, with the variables each saw. */
  readonly ran: { type: string; variables: JobContext['variables'] }[];
  /** Ids of the job types that ran, in order. */
  ranTypes: () => string[];
  /** Element ids of the open user tasks of an instance, sorted. */
  openTasks: (instanceId: string) => Promise<string[]>;
  /** Completes the open user task of that element. */
  complete: (instanceId: string, elementId: string, variables?: Record<string, unknown>) => Promise<void>;
  variables: (instanceId: string) => Promise<Record<string, unknown>>;
}

/**
 * `results` gives a job type the variables its job returns (a value, or a function of the job);
 * every other job type completes with nothing.
 */
export async function scenario(
  models: string[],
  results: Record<
    string,
    Record<string, unknown> | ((job: JobContext) => Record<string, unknown> | void)
  > = {},
  jobTypes: string[] = [],
): Promise<Scenario> {
  const ran: Scenario['ran'] = [];
  const types = new Set([...jobTypes, ...Object.keys(results), ...models.flatMap(jobTypesIn)]);
  const handlers: Record<string, JobHandler> = {};
  for (const type of types) {
    handlers[type] = (job) => {
      ran.push({ type: job.type, variables: job.variables });
      const result = results[type];
      return typeof result === 'function' ? (result(job) ?? undefined) : result;
    };
  }
  const h = await harness(models, handlers);
  const openTasks = async (instanceId: string) =>
    (await h.sluice.tasks({ instanceId })).items
      .filter((t) => t.state !== 'completed' && t.state !== 'cancelled')
      .map((t) => t.elementId)
      .sort();
  return {
    ...h,
    ran,
    ranTypes: () => ran.map((r) => r.type),
    openTasks,
    async complete(instanceId, elementId, variables = {}) {
      const task = (await h.sluice.tasks({ instanceId })).items.find(
        (t) => t.elementId === elementId && t.state !== 'completed' && t.state !== 'cancelled',
      );
      if (!task) throw new Error(`no open task '${elementId}' in instance ${instanceId}`);
      await h.sluice.completeTask(task.id, { variables });
      await h.sluice.idle();
    },
    variables: async (instanceId) => (await h.sluice.instance(instanceId)).variables,
  };
}

function jobTypesIn(xml: string): string[] {
  return [...xml.matchAll(/sluice:type="([^"]+)"/g)].map((m) => m[1]!);
}
