/** Models and steps the resource pattern scenarios share. */
import { bpmn, flows } from '../../support/bpmn.js';
import type { WorkHarness } from '../../work/work-harness.js';

const sluiceNs = 'xmlns:sluice="https://sluice.dev/schema/bpmn/1.0" xmlns:xsi=';

/** A process of user tasks `t1`, `t2` ... in sequence, each with its own `sluice:` attributes (or any XML attributes). */
export function taskChain(processId: string, ...attrs: string[]): string {
  const ids = attrs.map((_, i) => `t${i + 1}`);
  const tasks = attrs.map((a, i) => `<bpmn:userTask id="${ids[i]}" name="Task ${i + 1}" ${a}/>`).join('');
  const path = ['s', ...ids, 'e'];
  const links = path.slice(1).map((to, i) => `${path[i]}>${to}`);
  return bpmn(
    processId,
    `<bpmn:startEvent id="s"/>${tasks}<bpmn:endEvent id="e"/>${flows(...links)}`,
  ).replace('xmlns:xsi=', sluiceNs);
}

/** The one open task of the case (fails when there is not exactly one). */
export async function onlyTask(h: WorkHarness, instanceId: string) {
  const tasks = await h.openTasks(instanceId);
  if (tasks.length !== 1) throw new Error(`expected one open task, found ${tasks.length}`);
  return tasks[0]!;
}

/** Claims (when nobody holds it) and completes the case's open task as `user`, then lets routing settle. */
export async function doTask(
  h: WorkHarness,
  instanceId: string,
  user: string,
  variables?: Record<string, unknown>,
): Promise<void> {
  const task = await onlyTask(h, instanceId);
  if (task.assignee === undefined) await h.sluice.claimTask(task.id, user);
  await h.sluice.completeTask(task.id, { actor: user, ...(variables && { variables }) });
  await h.advance(0);
}
