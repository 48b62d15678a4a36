/** An in-memory engine on a virtual clock, with the deploy-and-start steps every scenario needs. */
import { createSluice, type JobHandler, type Sluice, VirtualClock } from '../../src/index.js';
import { testStoreOption } from './test-database.js';

export interface Harness {
  readonly sluice: Sluice;
  readonly clock: VirtualClock;
  /** Moves virtual time forward and waits until everything due has been processed. */
  advance: (ms: number) => Promise<void>;
  /** The ids of the elements completed, in order. */
  history: (instanceId: string) => Promise<string[]>;
  status: (instanceId: string) => Promise<string>;
}

export async function harness(models: string[], handlers: Record<string, JobHandler> = {}): Promise<Harness> {
  const clock = new VirtualClock();
  const sluice = await createSluice({ ...(await testStoreOption()), clock, handlers, pollMs: 60_000 });
  await sluice.deploy(models.map((content, i) => ({ name: `model-${i}.bpmn`, content })));
  sluice.run();
  return {
    sluice,
    clock,
    async advance(ms) {
      await sluice.idle();
      clock.advance(ms);
      await sluice.idle();
    },
    async history(instanceId) {
      const details = await sluice.instance(instanceId);
      return details.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId!);
    },
    async status(instanceId) {
      return (await sluice.instance(instanceId)).status;
    },
  };
}

export const day = 24 * 60 * 60 * 1000;
