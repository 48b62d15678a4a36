/**
 * `npm run bench [-- --quick] [-- --cpu-prof]`: Sluice side by side with bpmn-engine (in
 * memory, same BPMN files) and with the raw SQLite ceiling (bare better-sqlite3 writing as many
 * rows as Sluice does). Each measurement runs in a fresh child process, one after another
 * (never two at once: the machine has few cores). Prints a table and writes bench/results.json
 * (--quick writes to the temp dir instead).
 * On a shared machine absolute numbers are noise; the ratios are what to read.
 */
import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, arch, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildOptions, runChild } from './lib/child.js';
import { type Row, type Target, renderReport } from './lib/report.js';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--cpu-prof');

/** Durations and sizes; quick mode is a smoke run (~40 s), not a measurement. */
const config = quick
  ? {
      rounds: 1,
      sluice: { warmupMs: 500, measureMs: 1500, inFlight: 500, rampMs: 1000 },
      bpmnEngine: { warmupMs: 300, measureMs: 1500, inFlight: 1 },
      ceiling: { warmupMs: 300, measureMs: 1500, instancesPerTransaction: 100 },
      latency: { warmup: 50, samples: 300 },
      parked: { sluice: 10_000, bpmnEngine: 100, inFlight: 1000 },
    }
  : {
      rounds: 2,
      sluice: { warmupMs: 1500, measureMs: 3000, inFlight: 1000, rampMs: 2000 },
      bpmnEngine: { warmupMs: 1000, measureMs: 3000, inFlight: [1, 4, 16], trialMs: 700 },
      // 100 instances of rows per transaction: about the size of Sluice's largest group
      // commit (1000 steps), and where bare inserts stop gaining from bigger batches here.
      ceiling: { warmupMs: 1000, measureMs: 3000, instancesPerTransaction: 100 },
      latency: { warmup: 100, samples: 1000 },
      parked: { sluice: 100_000, bpmnEngine: 300, inFlight: 1000 },
    };

interface Throughput {
  perSecond: number;
  perCpuSecond: number;
  instances: number;
  seconds: number;
  peakRss: number;
  peakHeapUsed: number;
  rowsPerInstance?: number;
  historyRowBytes?: number;
  stepsPerCommit?: number;
  commitsPerSecond?: number;
  inFlight: number;
  failed?: number;
}
interface Latency {
  bareCommitMs: { p50: number; p99: number };
  cpuMsPerSample: number;
  totalMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  startMs: { p50: number; p99: number };
  queryMs: { p50: number; p99: number };
}
interface Parked {
  parked: number;
  cacheSize?: number;
  dbBytesPerInstance?: number;
  rssPerInstance: number;
  heapPerInstance: number;
  marginalRssPerInstance: number;
  marginalHeapPerInstance: number;
  before: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
  startSeconds: number;
}
interface Ceiling {
  perSecond: number;
  rowBytes: number;
  rowsPerSecond: number;
  rowsPerInstance: number;
  rowsPerTransaction: number;
}

const profileDir = join(tmpdir(), `sluice-bench-profiles-${process.pid}`);
let step = 0;
const total = 7 * config.rounds + 3;

async function measure<T>(
  label: string,
  script: string,
  params: object,
  options: ChildOptions = {},
): Promise<T> {
  step++;
  process.stderr.write(`[${step}/${total}] ${label} ... `);
  const t0 = performance.now();
  const flags = [...(options.nodeFlags ?? [])];
  if (profile && script.startsWith('sluice'))
    flags.push('--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${step}-${script}`)}`);
  const result = await runChild<T>(script, params, { ...options, nodeFlags: flags });
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return result;
}

const startedAt = new Date();
const load = loadavg();
/** Other work on the machine takes the cores away from the measured process. */
const busy = load[0]! > cpus().length;
const models = ['straight-through', 'parallel', 'user-task'] as const;
type Model = (typeof models)[number];
const runs = {
  sluice: new Map<Model, Throughput[]>(models.map((m) => [m, []])),
  bpmnEngine: new Map<Model, Throughput[]>(models.map((m) => [m, []])),
  ceiling: [] as Ceiling[],
};
/** The least disturbed of the rounds: on a shared machine, interference only ever slows a run. */
const best = <T extends { perSecond: number }>(list: readonly T[]): T =>
  list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

// Rounds, and within a round the engines interleaved, so that a busy patch of the shared
// machine does not land on one engine only. bpmn-engine's in-flight level is chosen by short
// trials in the first round and reused after.
for (let round = 1; round <= config.rounds; round++) {
  for (const model of models) {
    const label = (engine: string): string =>
      `${engine}, ${model}${config.rounds > 1 ? `, round ${round}` : ''}`;
    runs.sluice
      .get(model)!
      .push(await measure<Throughput>(label('Sluice'), 'sluice-throughput', { model, ...config.sluice }));
    const chosen = runs.bpmnEngine.get(model)![0]?.inFlight;
    const bpmnParams = { model, ...config.bpmnEngine, ...(chosen !== undefined && { inFlight: chosen }) };
    runs.bpmnEngine
      .get(model)!
      .push(await measure<Throughput>(label('bpmn-engine'), 'bpmn-engine-throughput', bpmnParams));
    if (model === 'straight-through') {
      const first = runs.sluice.get(model)![0]!;
      const rowsPerInstance = Math.round(first.rowsPerInstance!);
      const rowBytes = first.historyRowBytes ?? 150;
      runs.ceiling.push(
        await measure<Ceiling>(label('raw SQLite'), 'sqlite-ceiling', {
          rowsPerInstance,
          rowBytes,
          ...config.ceiling,
        }),
      );
    }
  }
}
const sluiceA = best(runs.sluice.get('straight-through')!);
const sluiceB = best(runs.sluice.get('parallel')!);
const sluiceC = best(runs.sluice.get('user-task')!);
const bpmnA = best(runs.bpmnEngine.get('straight-through')!);
const bpmnB = best(runs.bpmnEngine.get('parallel')!);
const bpmnC = best(runs.bpmnEngine.get('user-task')!);
const ceilingA = best(runs.ceiling);

const latency = await measure<Latency>('Sluice, start-to-task latency', 'sluice-latency', config.latency);
const gc = { nodeFlags: ['--expose-gc'] };
const sluiceParked = await measure<Parked>(
  `Sluice, ${config.parked.sluice} parked`,
  'sluice-parked',
  { count: config.parked.sluice, inFlight: config.parked.inFlight },
  gc,
);
const bpmnParked = await measure<Parked>(
  `bpmn-engine, ${config.parked.bpmnEngine} parked`,
  'bpmn-engine-parked',
  { count: config.parked.bpmnEngine },
  gc,
);

const per100k = (bytes: number): number => (bytes * 100_000) / 1e6;
const rows: Row[] = [
  {
    scenario: '(a) straight-through, 10 service tasks',
    unit: 'inst/s',
    sluice: sluiceA.perSecond,
    bpmnEngine: bpmnA.perSecond,
    ceiling: ceilingA.perSecond,
  },
  {
    scenario: '(b) parallel split/join, 5 branches',
    unit: 'inst/s',
    sluice: sluiceB.perSecond,
    bpmnEngine: bpmnB.perSecond,
  },
  {
    scenario: '(c) start to parked user task',
    unit: 'inst/s',
    sluice: sluiceC.perSecond,
    bpmnEngine: bpmnC.perSecond,
  },
];
const targets: Target[] = [
  {
    name: '(a) Sluice / bpmn-engine',
    wanted: '>= 50x',
    actual: sluiceA.perSecond / bpmnA.perSecond,
    format: 'x',
    met: sluiceA.perSecond / bpmnA.perSecond >= 50,
  },
  {
    name: '(a) Sluice / raw SQLite ceiling',
    wanted: '>= 30%',
    actual: sluiceA.perSecond / ceilingA.perSecond,
    format: '%',
    met: sluiceA.perSecond / ceilingA.perSecond >= 0.3,
  },
  {
    name: 'parked: RSS growth per 100,000',
    wanted: '< 50 MB',
    actual: per100k(sluiceParked.rssPerInstance),
    format: 'MB',
    met: per100k(sluiceParked.rssPerInstance) < 50,
  },
  {
    name: 'parked: RSS growth per 100,000, 2nd half',
    wanted: '< 50 MB',
    actual: per100k(sluiceParked.marginalRssPerInstance),
    format: 'MB',
    met: per100k(sluiceParked.marginalRssPerInstance) < 50,
  },
  {
    name: 'parked: heap growth per 100,000',
    wanted: '< 50 MB',
    actual: per100k(sluiceParked.heapPerInstance),
    format: 'MB',
    met: per100k(sluiceParked.heapPerInstance) < 50,
  },
  {
    name: '(c) start to task visible, p50',
    wanted: '< 2 ms',
    actual: latency.totalMs.p50,
    format: 'ms',
    met: latency.totalMs.p50 < 2,
  },
];

const results = {
  date: startedAt.toISOString(),
  quick,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${arch()}`,
    totalMemory: totalmem(),
    freeMemory: freemem(),
    loadAverageAtStart: load,
    loadAverageAtEnd: loadavg(),
    busy,
  },
  config,
  // The best round of each; every round is under `rounds`.
  sluice: { straightThrough: sluiceA, parallel: sluiceB, userTask: sluiceC, latency, parked: sluiceParked },
  bpmnEngine: { straightThrough: bpmnA, parallel: bpmnB, userTask: bpmnC, parked: bpmnParked },
  sqliteCeiling: ceilingA,
  rounds: {
    sluice: Object.fromEntries(runs.sluice),
    bpmnEngine: Object.fromEntries(runs.bpmnEngine),
    sqliteCeiling: runs.ceiling,
  },
  ratios: {
    straightThroughVsBpmnEngine: sluiceA.perSecond / bpmnA.perSecond,
    parallelVsBpmnEngine: sluiceB.perSecond / bpmnB.perSecond,
    userTaskVsBpmnEngine: sluiceC.perSecond / bpmnC.perSecond,
    straightThroughVsCeiling: sluiceA.perSecond / ceilingA.perSecond,
    // Instances per CPU-second of each process: less sensitive to a busy machine than wall time.
    perCpuSecond: {
      straightThroughVsBpmnEngine: sluiceA.perCpuSecond / bpmnA.perCpuSecond,
      parallelVsBpmnEngine: sluiceB.perCpuSecond / bpmnB.perCpuSecond,
      userTaskVsBpmnEngine: sluiceC.perCpuSecond / bpmnC.perCpuSecond,
    },
    ceilingVsBpmnEngine: ceilingA.perSecond / bpmnA.perSecond,
    parkedMemoryBpmnEngineVsSluice: bpmnParked.rssPerInstance / sluiceParked.rssPerInstance,
  },
  targets,
};

// A quick run is a smoke test: it must not replace the recorded measurement.
const resultsPath = quick
  ? join(tmpdir(), 'sluice-bench-results-quick.json')
  : fileURLToPath(new URL('results.json', import.meta.url));
// Formatted as the repository's prettier would, so a committed results.json stays clean.
const { format } = await import('prettier');
writeFileSync(resultsPath, await format(JSON.stringify(results), { parser: 'json', filepath: resultsPath }));
process.stdout.write(
  renderReport({
    title: `Sluice bench, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (--quick: smoke run, not a measurement)' : ''}`,
    machine: `${results.machine.cpus} x ${results.machine.cpuModel}, Node ${process.version}, ${results.machine.platform}, load average ${load.map((l) => l.toFixed(2)).join(' ')}${busy ? ` (BUSY: more runnable processes than the ${cpus().length} cores; numbers are unreliable, run again when quieter)` : ''}`,
    rows,
    extra: [
      `(a) Sluice: ${sluiceA.rowsPerInstance!.toFixed(1)} rows/instance, ${sluiceA.stepsPerCommit!.toFixed(0)} steps/commit, ${sluiceA.commitsPerSecond!.toFixed(0)} commits/s; ceiling: ${ceilingA.rowsPerTransaction} rows/transaction of ${ceilingA.rowBytes.toFixed(0)} bytes, ${(ceilingA.rowsPerSecond / 1000).toFixed(0)}k rows/s`,
      `(c) start to task visible, one at a time: p50 ${latency.totalMs.p50.toFixed(2)} ms, p99 ${latency.totalMs.p99.toFixed(2)} ms (start() p50 ${latency.startMs.p50.toFixed(2)} ms, query p50 ${latency.queryMs.p50.toFixed(2)} ms, ${latency.cpuMsPerSample.toFixed(2)} ms CPU per sample); a bare one-row commit on this disk: p50 ${latency.bareCommitMs.p50.toFixed(2)} ms, p99 ${latency.bareCommitMs.p99.toFixed(2)} ms`,
      `per CPU-second of each process, Sluice/bpmn-engine: (a) ${(sluiceA.perCpuSecond / bpmnA.perCpuSecond).toFixed(1)}x, (b) ${(sluiceB.perCpuSecond / bpmnB.perCpuSecond).toFixed(1)}x, (c) ${(sluiceC.perCpuSecond / bpmnC.perCpuSecond).toFixed(1)}x; raw SQLite/bpmn-engine (a): ${(ceilingA.perSecond / bpmnA.perSecond).toFixed(1)}x`,
      `in flight: Sluice ${config.sluice.inFlight}; bpmn-engine (a) ${bpmnA.inFlight}, (b) ${bpmnB.inFlight}, (c) ${bpmnC.inFlight} (best of trials)`,
      `peak RSS under load (a): Sluice ${(sluiceA.peakRss / 1e6).toFixed(0)} MB, bpmn-engine ${(bpmnA.peakRss / 1e6).toFixed(0)} MB`,
      `parked, Sluice (${sluiceParked.parked}): RSS +${((sluiceParked.after.rss - sluiceParked.before.rss) / 1e6).toFixed(1)} MB = ${sluiceParked.rssPerInstance.toFixed(0)} B/instance, heap +${((sluiceParked.after.heapUsed - sluiceParked.before.heapUsed) / 1e6).toFixed(1)} MB = ${sluiceParked.heapPerInstance.toFixed(0)} B/instance; second half alone: RSS ${sluiceParked.marginalRssPerInstance.toFixed(0)} B, heap ${sluiceParked.marginalHeapPerInstance.toFixed(0)} B per instance; SQLite cache_size ${sluiceParked.cacheSize ?? '?'}; ${((sluiceParked.dbBytesPerInstance ?? 0) / 1000).toFixed(1)} KB on disk per instance`,
      `parked, bpmn-engine (${bpmnParked.parked}): RSS ${(bpmnParked.rssPerInstance / 1000).toFixed(0)} KB/instance, heap ${(bpmnParked.heapPerInstance / 1000).toFixed(0)} KB/instance = ${per100k(bpmnParked.rssPerInstance).toFixed(0)} MB per 100,000`,
    ],
    targets,
  }),
);
process.stdout.write(`\nwrote ${resultsPath}\n`);
if (profile)
  process.stdout.write(
    `CPU profiles of the Sluice cases: ${profileDir} (summarise with bench/profile-summary.ts)\n`,
  );
