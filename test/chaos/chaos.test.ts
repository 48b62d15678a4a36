/**
 * A short chaos run: two engine nodes, 2,000 instances, a SIGKILL every 2-5 s, one PostgreSQL
 * restart and one freeze, on a PostgreSQL cluster of the test's own (so it never disturbs other
 * suites). Needs the PostgreSQL server binaries; under CI their absence fails the run.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos-run.js';

describe('two engine nodes killed at random while PostgreSQL restarts and freezes', () => {
  it(
    'lose no acknowledged start, apply every step once and leave nothing stuck',
    { timeout: 600_000 },
    async () => {
      const report = await runChaos({
        nodes: 2,
        instances: 2000,
        chaosMs: 40_000,
        killEveryMs: [2000, 5000],
        postgresRestarts: 1,
        postgresFreezes: 1,
        drainMs: 240_000,
      });
      expect(report.crashes).toEqual([]);
      // Kills stop once every instance has completed; a quick run may see only a few of them.
      expect(report.kills).toBeGreaterThanOrEqual(2);
      expect(report.postgresRestarts).toBe(1);
      expect(report.lostAcknowledged).toEqual([]);
      expect(report.acknowledged).toBeGreaterThan(0);
      expect(report.instances).toBe(2000);
      expect(report.duplicateStarts).toBe(0);
      expect(report.notCompleted).toBe(0);
      expect(report.repeatedOrMissingSteps).toEqual([]);
      expect(report.timerProblems).toEqual([]);
      expect(report.missingSideEffects).toEqual([]);
      expect(report.supersededAccepted).toEqual([]);
      expect(report.openRows).toEqual({ jobs: 0, timers: 0, inbox: 0 });
      console.log(`chaos: ${JSON.stringify({ ...report, repeatedOrMissingSteps: undefined })}`);
    },
  );
});
