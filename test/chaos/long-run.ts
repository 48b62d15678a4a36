/**
 * `npm run chaos [-- --instances N --minutes M --nodes K]`: the long chaos run whose figures
 * docs/operations.md records. Same harness and checks as the short run in `npm test`, with more
 * instances, more nodes and more faults (a PostgreSQL restart and a freeze every ~40 s).
 * Exits 1 when any check fails.
 */
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-run.js';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '20000' },
    minutes: { type: 'string', default: '5' },
    nodes: { type: 'string', default: '3' },
  },
});
const chaosMs = Number(values.minutes) * 60_000;
const faults = Math.max(1, Math.round(chaosMs / 80_000));
const report = await runChaos(
  {
    nodes: Number(values.nodes),
    instances: Number(values.instances),
    chaosMs,
    killEveryMs: [2000, 5000],
    postgresRestarts: faults,
    postgresFreezes: faults,
    drainMs: 600_000,
  },
  (line) => console.log(`${new Date().toISOString()} ${line}`),
);
const problems = [
  ...report.crashes,
  ...report.lostAcknowledged.map((id) => `lost acknowledged start ${id}`),
  ...report.repeatedOrMissingSteps,
  ...report.timerProblems,
  ...report.missingSideEffects.map((s) => `no side effect for ${s}`),
  ...report.supersededAccepted,
  ...(report.duplicateStarts > 0 ? [`${report.duplicateStarts} duplicate starts`] : []),
  ...(report.notCompleted > 0 ? [`${report.notCompleted} instances not completed`] : []),
  ...(report.openRows.jobs + report.openRows.timers + report.openRows.inbox > 0
    ? [`rows left open: ${JSON.stringify(report.openRows)}`]
    : []),
];
console.log(
  JSON.stringify(
    { ...report, repeatedOrMissingSteps: report.repeatedOrMissingSteps.length, problems: problems.length },
    null,
    1,
  ),
);
console.log(
  `${report.instances} instances, ${report.kills} SIGKILLs, ${report.postgresRestarts} PostgreSQL restarts, ` +
    `${report.postgresFreezes} freezes in ${report.seconds.toFixed(0)} s: ${report.lostAcknowledged.length} lost, ` +
    `${report.repeatedOrMissingSteps.length} repeated or missing steps, ${report.sideEffects.duplicates} duplicate side effects ` +
    `(${(report.sideEffects.duplicates / Math.max(1, report.kills)).toFixed(1)} per kill)`,
);
for (const problem of problems.slice(0, 20)) console.log(`problem: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);
