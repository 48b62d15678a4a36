/**
 * What every benchmark case shares. A case is a script run in a fresh child process by
 * bench/run.ts: it reads its parameters as JSON from argv[2] and prints exactly one result
 * line, `@@result {json}`, on stdout. Nothing else a case prints is parsed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const resultPrefix = '@@result ';

export const models = {
  'straight-through': { file: 'straight-through.bpmn', processId: 'bench-straight-through' },
  parallel: { file: 'parallel.bpmn', processId: 'bench-parallel' },
  'user-task': { file: 'user-task.bpmn', processId: 'bench-user-task' },
} as const;

export type ModelName = keyof typeof models;

export function readModel(name: ModelName): string {
  return readFileSync(new URL(`../models/${models[name].file}`, import.meta.url), 'utf8');
}

export function caseParams<T>(): T {
  const raw = process.argv[2];
  if (!raw)
    throw new Error('a bench case takes its parameters as JSON in argv[2]; run it through bench/run.ts');
  return JSON.parse(raw) as T;
}

export function report(result: object): void {
  process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
}

/** Runs `main` and exits non-zero with the error on stderr if it throws. */
export function runCase(main: () => Promise<object>): void {
  main().then(
    (result) => {
      report(result);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/** A fresh directory under the OS temp dir, removed by `dispose` (and on exit). */
export function tempDir(prefix: string): { path: string; dispose: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sluice-bench-${prefix}-`));
  const dispose = (): void => rmSync(path, { recursive: true, force: true });
  process.once('exit', dispose);
  return { path, dispose };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full collections until the heap stops shrinking; needs --expose-gc. */
export async function settleHeap(): Promise<MemorySnapshot> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory cases need node --expose-gc');
  let last = Infinity;
  for (let i = 0; i < 10; i++) {
    gc();
    await sleep(20);
    const used = process.memoryUsage().heapUsed;
    if (last - used < 64 * 1024) break;
    last = used;
  }
  return memorySnapshot();
}

export interface MemorySnapshot {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  /** From /proc/self/status where there is one: anonymous, file-backed and shared resident memory. */
  readonly rssAnon?: number;
  readonly rssFile?: number;
  readonly rssShmem?: number;
}

/** process.memoryUsage() plus the kernel's split of RSS (Linux only). */
export function memorySnapshot(): MemorySnapshot {
  const m = process.memoryUsage();
  const split: Record<string, number> = {};
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    for (const [, key, kb] of status.matchAll(/^(RssAnon|RssFile|RssShmem):\s+(\d+) kB$/gm)) {
      split[key!.replace('Rss', 'rss')] = Number(kb) * 1024;
    }
  } catch {
    // not Linux: RSS alone
  }
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, ...split };
}

/** Samples RSS and heap while a run goes on, to report peaks. */
export function memorySampler(intervalMs = 200): { stop: () => { peakRss: number; peakHeapUsed: number } } {
  let peakRss = 0;
  let peakHeapUsed = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakRss, peakHeapUsed };
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * A closed loop: keeps `inFlight` instances outstanding, launching a new one whenever one is
 * done. Throughput is read between two snapshots taken after a warm-up, so start-up, JIT
 * warm-up and the drain at the end are not counted.
 */
export class ClosedLoop {
  started = 0;
  done = 0;
  failed = 0;
  private stopped = false;
  private filling = false;
  private refillScheduled = false;
  private drainWaiter?: () => void;

  private rampStart = 0;

  /**
   * `rampMs` spreads the first `inFlight` launches over that time. Started all at once, an
   * engine that advances every waiting instance one step per group commit keeps them in
   * lock-step for ever, and they finish in bursts that a short window cannot count fairly.
   */
  constructor(
    private readonly inFlight: number,
    private readonly launch: () => void,
    private readonly rampMs = 0,
  ) {}

  private limit(): number {
    if (this.rampMs <= 0) return this.inFlight;
    if (this.rampStart === 0) this.rampStart = performance.now();
    const share = Math.min(1, (performance.now() - this.rampStart) / this.rampMs);
    return Math.max(1, Math.ceil(this.inFlight * share));
  }

  fill(): void {
    if (this.filling) return;
    this.filling = true;
    try {
      const limit = this.limit();
      while (!this.stopped && this.started - this.done - this.failed < limit) {
        this.started++;
        this.launch();
      }
    } finally {
      this.filling = false;
    }
  }

  complete(): void {
    this.done++;
    this.lastDoneAt = performance.now();
    if (this.completionWaiter) {
      const waiter = this.completionWaiter;
      delete this.completionWaiter;
      waiter();
    }
    this.next();
  }

  private lastDoneAt = 0;
  private completionWaiter?: () => void;

  /**
   * Waits for the next completion and for the end of its burst: completions that arrive in the
   * same turn of the event loop (one group commit's worth) all land before a setImmediate.
   * Returns the time of the burst's last completion and the count after it.
   */
  private async burstEnd(): Promise<{ at: number; done: number; cpu: NodeJS.CpuUsage }> {
    await new Promise<void>((resolve) => (this.completionWaiter = resolve));
    await new Promise((resolve) => setImmediate(resolve));
    return { at: this.lastDoneAt, done: this.done, cpu: process.cpuUsage() };
  }

  fail(error: unknown): void {
    this.failed++;
    if (this.failed === 1)
      process.stderr.write(`first failure: ${error instanceof Error ? error.message : String(error)}\n`);
    this.next();
  }

  /**
   * Refills on the next turn of the event loop, not inside the completion: an engine that runs
   * on microtasks alone would otherwise never let the measuring timers fire.
   */
  private next(): void {
    if (this.stopped) {
      if (this.started === this.done + this.failed) this.drainWaiter?.();
    } else if (!this.refillScheduled) {
      this.refillScheduled = true;
      setImmediate(() => {
        this.refillScheduled = false;
        this.fill();
      });
    }
  }

  /** Stops launching; resolves when every launched instance is done (or after `timeoutMs`). */
  drain(timeoutMs: number): Promise<boolean> {
    this.stopped = true;
    if (this.started === this.done + this.failed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.drainWaiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /**
   * Warm up, then measure: completions per second between the two snapshots. The warm-up
   * lasts `warmupMs` and until `inFlight` instances are done, so that a pipeline of long
   * instances is full (steady state) before the clock starts. The window runs from the end
   * of one burst of completions to the end of the first burst after `measureMs`: an engine
   * that completes instances a group commit at a time is counted over whole periods, not
   * cut in the middle of one.
   */
  async measure(
    warmupMs: number,
    measureMs: number,
    extra: () => Record<string, number> = () => ({}),
  ): Promise<{
    seconds: number;
    instances: number;
    perSecond: number;
    cpuSeconds: number;
    perCpuSecond: number;
    warmupSeconds: number;
    deltas: Record<string, number>;
  }> {
    const start = performance.now();
    this.fill();
    if (this.rampMs > 0) {
      const ramp = setInterval(() => this.fill(), Math.max(10, this.rampMs / 20));
      await sleep(this.rampMs);
      clearInterval(ramp);
      this.fill();
    }
    await sleep(warmupMs);
    while (this.done < this.inFlight && performance.now() - start < 60_000) await sleep(50);
    const first = await this.burstEnd();
    const warmupSeconds = (first.at - start) / 1000;
    const extra0 = extra();
    await sleep(measureMs);
    const last = await this.burstEnd();
    const seconds = (last.at - first.at) / 1000;
    const cpu = process.cpuUsage(first.cpu);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const instances = last.done - first.done;
    const extra1 = extra();
    const deltas = Object.fromEntries(Object.entries(extra1).map(([k, v]) => [k, v - (extra0[k] ?? 0)]));
    // Instances per CPU-second of this process: steadier than wall time on a shared machine,
    // though it leaves out the time spent waiting for the disk.
    return {
      seconds,
      instances,
      perSecond: instances / seconds,
      cpuSeconds,
      perCpuSecond: instances / cpuSeconds,
      warmupSeconds,
      deltas,
    };
  }
}
