/**
 * `sluice simulate <model> --scenario <json>`: runs a BPMN model under a scenario (a JSON file
 * or inline JSON) with replications, and compares the scenario's what-ifs with its baseline.
 * `--calibrate <log>` fits the baseline to an event log first (the model may then be left out:
 * one is discovered from the log); `--log` writes one simulated run as XES or CSV for insight.
 * Needs no store.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Estimate, ScenarioResult, SimulationReport } from '../simulate/index.js';
import { CliFailure, UsageError } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { parseJsonOption } from './json-input.js';
import { wholeNumber } from './option-values.js';
import { readModelFiles } from './read-files.js';

interface SimulateOptions {
  readonly scenario?: string;
  readonly runs: number;
  readonly seed: number;
  readonly cases?: number;
  readonly calibrate?: string;
  readonly directory?: string;
  readonly writeScenario?: string;
  readonly log?: string;
}

export function registerSimulate(program: Command, run: CliRun): void {
  program
    .command('simulate')
    .description('simulate a BPMN model under a scenario and compare its what-ifs with the baseline')
    .argument('[model]', 'a BPMN file (optional with --calibrate: a model is then discovered from the log)')
    .option('--scenario <file-or-json>', 'the scenario: a JSON file, or JSON text starting with {')
    .option('--runs <n>', 'replications per scenario', wholeNumber(1), 5)
    .option('--seed <s>', 'seed of the first replication (the next use s+1, ...)', wholeNumber(0), 1)
    .option('--cases <n>', 'cases per run, overriding the scenario', wholeNumber(1))
    .option(
      '--calibrate <log>',
      'fit arrivals, durations and branching to an event log (.xes, .xes.gz, .csv)',
    )
    .option(
      '--directory <file>',
      "people for pools that name users or groups: a directory JSON file, as 'sluice directory import' reads",
    )
    .option('--write-scenario <file>', 'save the scenario simulated (after --calibrate) as JSON')
    .option('--log <file>', 'write one simulated run as an event log (.xes or .csv)')
    .action(
      action(run, async ({ out, options }, modelPath: string | undefined) => {
        const o = options as unknown as SimulateOptions;
        const sim = await import('../simulate/index.js');
        const given =
          o.scenario === undefined
            ? undefined
            : sim.parseScenario(await scenarioJson(o.scenario), o.scenario);
        if (!given && !o.calibrate)
          throw new UsageError(
            'missing-scenario',
            'no scenario given',
            'give --scenario <file.json>, or --calibrate <log>',
          );
        if (!modelPath && !o.calibrate)
          throw new UsageError(
            'missing-model',
            'no model given',
            'give a BPMN file, or --calibrate <log> to discover one',
          );
        let graph = modelPath
          ? await sim.simulationGraph(
              (await readModelFiles([modelPath]))[0]!.content,
              modelPath,
              given?.processId,
            )
          : undefined;
        let scenario = given;
        if (o.calibrate) {
          const { importLogFile } = await import('../insight/import-log-file.js');
          const { log } = await importLogFile(o.calibrate);
          const fitted = sim.calibrate(log, graph ? { graph } : {});
          graph = fitted.graph;
          // What the user wrote wins over what was fitted; what-ifs apply on top of both.
          scenario = sim.parseScenario({ ...fitted.scenario, ...stripUndefined(given ?? {}) }, o.calibrate);
          for (const note of fitted.notes) out.note(`calibration: ${note}`);
          for (const r of fitted.resources)
            out.note(
              `calibration: ${r.pool}: ${r.people} people on ${r.activities.join(', ')}${r.calendar !== undefined ? `, at work ${r.calendar} (UTC)` : ''}`,
            );
          out.note(
            `calibration: the log's median cycle time is ${duration(fitted.observed.medianCycleTime)} over ${fitted.observed.cases} cases`,
          );
        }
        if (o.cases !== undefined) scenario = { ...scenario!, cases: o.cases };
        if (o.directory !== undefined)
          scenario = sim.parseScenario(
            { ...scenario!, directory: await jsonFile(o.directory, 'directory') },
            o.directory,
          );
        if (o.writeScenario) await writeFile(o.writeScenario, `${JSON.stringify(scenario, null, 2)}\n`);
        const report = sim.simulate(graph!, scenario!, { runs: o.runs, seed: o.seed });
        if (o.log) await writeLog(o.log, sim.simulatedLog(graph!, scenario!, o.seed));
        out.result(report, () => reportLines(report));
      }),
    );
}

async function scenarioJson(value: string): Promise<unknown> {
  if (value.trimStart().startsWith('{')) return parseJsonOption(value, '--scenario');
  return jsonFile(value, 'scenario');
}

async function jsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliFailure(
      'file-unreadable',
      `cannot read ${what} '${path}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      what === 'scenario' ? 'give a JSON file, or inline JSON starting with {' : 'give a JSON file',
    );
  }
  return parseJsonOption(text, path);
}

const stripUndefined = (o: object): object =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

async function writeLog(path: string, log: import('../insight/event-log.js').EventLog): Promise<void> {
  if (path.toLowerCase().endsWith('.csv')) {
    const { writeCsvFile } = await import('../insight/csv-export.js');
    return writeCsvFile(log, path);
  }
  const { writeXesFile } = await import('../insight/xes-export.js');
  return writeXesFile(log, path);
}

function reportLines(report: SimulationReport): string[] {
  const lines = [`process ${report.processId}, ${report.baseline.runs} runs from seed ${report.seed}`];
  lines.push(...scenarioLines(report.baseline));
  for (const w of report.whatIf) {
    lines.push('', ...scenarioLines(w));
    const d = w.difference;
    lines.push(
      `  vs baseline: cycle time ${signed(d.cycleTime, duration)}, waiting ${signed(d.waitingTime, duration)}, cost ${signed(d.cost, money)}, SLA breaches ${signed(d.slaBreachRate, percent)}`,
    );
  }
  return lines;
}

function scenarioLines(r: ScenarioResult): string[] {
  const pools = Object.entries(r.utilisation).map(([id, u]) => `${id} ${interval(u, percent)}`);
  return [
    `${r.name}: ${Math.round(r.cases)} cases per run${r.unfinished > 0 ? `, ${Math.round(r.unfinished)} unfinished` : ''}`,
    `  cycle time   ${interval(r.cycleTime.mean, duration)} (median ${duration(r.cycleTime.median.mean)}, p90 ${duration(r.cycleTime.p90.mean)})`,
    `  waiting      ${interval(r.waitingTime, duration)}`,
    `  cost         ${interval(r.cost, money)} per case`,
    `  SLA breaches ${interval(r.slaBreachRate, percent)}`,
    ...(pools.length > 0 ? [`  utilisation  ${pools.join(', ')}`] : []),
    ...r.notes.map((n) => `  note: ${n}`),
  ];
}

const interval = (e: Estimate, f: (v: number) => string): string =>
  e.low === e.high ? f(e.mean) : `${f(e.mean)} [${f(e.low)} … ${f(e.high)}]`;
const signed = (e: Estimate, f: (v: number) => string): string =>
  `${e.mean >= 0 ? '+' : '-'}${f(Math.abs(e.mean))}${e.low === e.high ? '' : ` (95% CI ${e.low >= 0 ? '' : '-'}${f(Math.abs(e.low))} … ${e.high >= 0 ? '' : '-'}${f(Math.abs(e.high))})`}`;
const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;
const money = (v: number): string => v.toFixed(2);

/** Seconds as people read them: 45 s, 12.5 min, 3.2 h, 4.1 d. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 2 : 0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
