/** An engine on a virtual clock with an in-memory directory of a small service desk, for the work scenarios. */
import { createSluice, type Sluice, type SluiceOptions, VirtualClock } from '../../src/index.js';
import type { WorkOptions } from '../../src/engine/work-service.js';
import { memoryDirectory } from '../../src/work/directory/memory-directory.js';
import type { DirectoryChanges } from '../../src/work/directory/directory-types.js';
import { bpmn, flows } from '../support/bpmn.js';

const weekdays = { from: '09:00', to: '17:00' };

/** Berlin office hours; ana and ben on the desk (Berlin), sue supervises; kim approves. */
export const serviceDesk: DirectoryChanges = {
  calendars: [
    {
      id: 'berlin',
      timeZone: 'Europe/Berlin',
      week: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
      holidays: { country: 'DE', region: 'BE' },
      closedDates: [],
    },
  ],
  users: [
    { id: 'ana', name: 'Ana', email: 'ana@example.com', capacity: 3, active: true },
    { id: 'ben', name: 'Ben', email: 'ben@example.com', capacity: 3, active: true },
    { id: 'sue', name: 'Sue', email: 'sue@example.com', active: true },
    { id: 'kim', name: 'Kim', email: 'kim@example.com', active: true },
  ],
  groups: [
    { id: 'desk', name: 'Service desk', kind: 'team', supervisorId: 'sue', calendarId: 'berlin' },
    { id: 'approvers', name: 'Approvers', kind: 'role' },
  ],
  memberships: [
    { userId: 'ana', groupId: 'desk' },
    { userId: 'ben', groupId: 'desk' },
    { userId: 'kim', groupId: 'approvers' },
  ],
};

export interface WorkHarness {
  readonly sluice: Sluice;
  readonly clock: VirtualClock;
  advance(ms: number): Promise<void>;
  /** Starts the process and waits until the first tasks are routed. */
  start(
    processId: string,
    options?: { variables?: Record<string, unknown>; actor?: string },
  ): Promise<string>;
  openTasks(instanceId: string): Promise<Awaited<ReturnType<Sluice['tasks']>>['items']>;
  events(
    instanceId: string,
    type?: string,
  ): Promise<{ type: string; elementId?: string; actor?: string; data?: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

/** A Monday, 10:00 in Berlin. */
export const monday10 = Date.UTC(2030, 0, 7, 9, 0);

export async function workHarness(
  models: string[],
  work: WorkOptions = {},
  start = monday10,
  engine: Omit<SluiceOptions, 'clock' | 'work'> = {},
): Promise<WorkHarness> {
  const clock = new VirtualClock(start);
  const sluice = await createSluice({
    db: ':memory:',
    pollMs: 60_000,
    ...engine,
    clock,
    work: { directory: memoryDirectory(), ...work },
  });
  await sluice.work.directory.apply(serviceDesk);
  await sluice.deploy(models.map((content, i) => ({ name: `model-${i}.bpmn`, content })));
  sluice.run();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await sluice.idle();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    sluice,
    clock,
    async advance(ms) {
      await settle();
      clock.advance(ms);
      await settle();
    },
    async start(processId, options = {}) {
      const { instanceId } = await sluice.start(processId, options);
      await settle();
      return instanceId;
    },
    async openTasks(instanceId) {
      return (await sluice.tasks({ instanceId })).items;
    },
    async events(instanceId, type) {
      const { history } = await sluice.instance(instanceId);
      return history.filter((e) => type === undefined || e.type === type);
    },
    close: () => sluice.close(),
  };
}

/** A process of one user task with the given `sluice:` attributes (and a second task after it). */
export function oneTask(processId: string, attrs: string, next = ''): string {
  const second = next === '' ? '' : `<bpmn:userTask id="second" name="Second" ${next}/>`;
  return bpmn(
    processId,
    `<bpmn:startEvent id="s"/><bpmn:userTask id="first" name="First" ${attrs}/>${second}<bpmn:endEvent id="e"/>
     ${second === '' ? flows('s>first', 'first>e') : flows('s>first', 'first>second', 'second>e')}`,
  ).replace('xmlns:xsi=', 'xmlns:sluice="https://sluice.dev/schema/bpmn/1.0" xmlns:xsi=');
}

export const hour = 60 * 60 * 1000;
