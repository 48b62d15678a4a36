/**
 * Insight benchmarks: XES import and the core analyses, on synthetic logs shaped like
 * BPIC 2012 (see synthetic-log.ts), written to a temporary folder and removed afterwards.
 *
 *   node --import tsx bench/insight/run.ts            # 262,200 and 1,200,000 events
 *   node --import tsx bench/insight/run.ts --quick    # 262,200 events only
 *
 * Import is measured in a fresh process per run (what `sluice mine` pays, JIT warm-up
 * included) and reports wall time, CPU time and peak resident memory. The analyses run on
 * the imported 1.2 M-event log (262,200 with --quick), best of five. A trivial pass over the
 * same text is timed as well, so figures from different machines can be compared.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseTimes } from '../../src/insight/case-times.js';
import { directlyFollows } from '../../src/insight/directly-follows.js';
import { summarize } from '../../src/insight/log-summary.js';
import { distribution } from '../../src/insight/statistics.js';
import { variants } from '../../src/insight/variants.js';
import { importXesFile } from '../../src/insight/xes-import.js';
import { writeSyntheticXes } from './synthetic-log.js';

interface ImportRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly events: number;
}

const child = process.argv.indexOf('--import-once');
if (child >= 0) {
  // A child: import one file once and report.
  const path = process.argv[child + 1]!;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { log } = await importXesFile(path);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const run: ImportRun = {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    events: log.eventCount,
  };
  process.stdout.write(JSON.stringify(run));
  process.exit(0);
}

const quick = process.argv.includes('--quick');
const dir = mkdtempSync(join(tmpdir(), 'sluice-insight-bench-'));
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function importInChild(path: string): ImportRun {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', import.meta.filename, '--import-once', path],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out) as ImportRun;
}

function best<T>(runs: number, work: () => T): { ms: number; result: T } {
  let ms = Infinity;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = work();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, result };
}

function baseline(path: string): number {
  const text = readFileSync(path, 'utf8');
  return best(3, () => {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (h + text.charCodeAt(i)) | 0;
    return h;
  }).ms;
}

try {
  const sizes = quick ? [262_200] : [262_200, 1_200_000];
  const rows: string[] = [];
  let largest = '';
  for (const events of sizes) {
    const path = join(dir, `synthetic-${events}.xes`);
    const written = await writeSyntheticXes(path, events);
    const mb = statSync(path).size / 1e6;
    const runs = [0, 1, 2].map(() => importInChild(path));
    const wall = runs.map((r) => r.wallMs).sort((a, b) => a - b);
    const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
    const rss = Math.max(...runs.map((r) => r.maxRssMb));
    rows.push(
      `import ${fmt(events)} events (${fmt(written.cases)} cases, ${mb.toFixed(1)} MB): wall best ${fmt(wall[0]!)} ms / median ${fmt(wall[1]!)} ms, cpu best ${fmt(cpu[0]!)} ms, ${fmt(events / (wall[0]! / 1000))} events/s, ${(mb / (wall[0]! / 1000)).toFixed(1)} MB/s, peak RSS ${fmt(rss)} MB`,
    );
    rows.push(
      `  baseline: one charCodeAt pass over the same ${mb.toFixed(1)} MB of text: ${fmt(baseline(path))} ms`,
    );
    largest = path;
  }
  const { log } = await importXesFile(largest);
  const analyses: [string, () => unknown][] = [
    ['directly-follows graph (counts)', () => directlyFollows(log, { performance: false })],
    ['directly-follows graph (counts and times)', () => directlyFollows(log)],
    ['variants', () => variants(log)],
    ['cycle times (per case, with percentiles)', () => distribution(caseTimes(log).duration)],
    ['the whole --json summary', () => summarize(log)],
  ];
  rows.push(`analyses over ${fmt(log.eventCount)} events, ${fmt(log.caseCount)} cases (best of 5):`);
  let core = 0;
  for (const [name, work] of analyses) {
    const { ms } = best(5, work);
    if (name.startsWith('directly-follows graph (counts)') || name === 'variants' || name.startsWith('cycle'))
      core += ms;
    rows.push(`  ${name}: ${fmt(ms)} ms`);
  }
  rows.push(`  DFG + variants + cycle times together: ${fmt(core)} ms`);
  console.log(`insight benchmark, node ${process.version}, ${new Date().toISOString()}\n${rows.join('\n')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
