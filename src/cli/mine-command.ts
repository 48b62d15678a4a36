/**
 * `sluice mine <log file>` and `sluice mine --process <id>`: process mining on an event log
 * (XES, .xes.gz or CSV) or on Sluice's own history. Prints the headline numbers, with --json
 * the document of the insight contract, and with --html a self-contained report; --model
 * checks conformance to a BPMN model and --discover writes one mined from the log. Progress of
 * long imports goes to stderr, only when stderr is a terminal.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { LogFinding } from '../insight/log-findings.js';
import type { EventLog } from '../insight/event-log.js';
import type { CaseRates } from '../insight/case-facts.js';
import type { LogSummary } from '../insight/log-summary.js';
import type { WorkingCalendar } from '../work/calendar/working-calendar.js';
import type { Conformance } from '../insight/token-replay.js';
import { CliFailure, type FileFinding, UsageError } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { withSluice } from './open-sluice.js';
import { readModelFiles } from './read-files.js';

interface MineOptions {
  readonly html?: string;
  readonly export?: string;
  readonly model?: string;
  readonly discover?: string;
  readonly caseColumn?: string;
  readonly activityColumn?: string;
  readonly timestampColumn?: string;
  readonly resourceColumn?: string;
  readonly lifecycleColumn?: string;
  readonly timestampFormat?: string;
  readonly delimiter?: string;
  readonly classifier?: string;
  readonly order?: string;
  readonly process?: string;
  readonly version?: string;
  readonly top?: string;
  readonly calendar?: string;
}

/**
 * What --json prints: the contract of issue 8, plus where the log came from, its warnings,
 * and the conformance result when a model was given.
 */
export type MineJson = LogSummary & {
  readonly source: string;
  /** `working` when durations are working time on --calendar. */
  readonly clock: 'calendar' | 'working';
  readonly rates: CaseRates;
  readonly warnings: readonly LogFinding[];
  readonly conformance?: Conformance;
};

export function registerMine(program: Command, run: CliRun): void {
  program
    .command('mine')
    .description(
      'process mining: measures, variants and the directly-follows graph of an event log or of a process',
    )
    .argument('[log]', 'an event log: .xes, .xes.gz or .csv')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--export <file>', 'also write the log as XES (.xes) or CSV (.csv)')
    .option(
      '--model <file.bpmn>',
      'check conformance: replay the log on this BPMN model (fitness, deviations per element)',
    )
    .option(
      '--discover <file.bpmn>',
      'discover a deployable BPMN model from the log (inductive miner; user tasks, choices routed on the variable route) and write it here',
    )
    .option('--case-column <name>', 'CSV: the column with the case id')
    .option('--activity-column <name>', 'CSV: the column with the activity')
    .option('--timestamp-column <name>', 'CSV: the column with the timestamp')
    .option('--resource-column <name>', 'CSV: the column with the resource')
    .option('--lifecycle-column <name>', 'CSV: the column with the lifecycle transition')
    .option(
      '--timestamp-format <format>',
      "CSV: iso, epoch-s, epoch-ms or a pattern such as 'dd-mm-yyyy HH:MM:SS'",
    )
    .option('--delimiter <char>', 'CSV: the field delimiter (guessed from the header when absent)')
    .option('--classifier <name>', 'XES: name of a classifier of the log to use as activity')
    .option(
      '--order <order>',
      "order of events in a case: 'log' (as written; CSV sorts by time) or 'time'",
      'log',
    )
    .option('--process <id>', "mine Sluice's own history of this process (from --db) instead of a file")
    .option('--version <n>', 'with --process: one version of the process only')
    .option('--top <n>', 'how many variants to list', '10')
    .option(
      '--calendar <json|file>',
      'measure durations in working time on this calendar, e.g. \'{"timeZone":"Europe/Berlin","week":"mon-fri 09:00-17:00","holidays":"DE-BY"}\'',
    )
    .action(
      action(
        run,
        async (
          { out, db, options }: { out: import('./output.js').Output; db: string; options: MineOptions },
          file?: string,
        ) => {
          const top = positiveInt(options.top ?? '10', '--top');
          if (options.order !== 'log' && options.order !== 'time') {
            throw new UsageError(
              'bad-option-value',
              `--order must be 'log' or 'time', not '${options.order}'`,
            );
          }
          const loaded = await loadLog(file, options, db, run);
          const insight = await import('../insight/index.js');
          const log = options.order === 'time' ? insight.sortedByTimestamp(loaded.log) : loaded.log;
          const calendar =
            options.calendar === undefined ? undefined : await readCalendarOption(options.calendar);
          const analysis = insight.analyze(log, { topVariants: top, ...(calendar && { calendar }) });
          if (options.html !== undefined)
            await writeFile(options.html, insight.htmlReport(analysis, log.meta.source));
          if (options.export !== undefined) await exportLog(log, options.export);
          const conformance = options.model === undefined ? undefined : await conform(log, options.model);
          if (options.discover !== undefined) {
            const processId = log.meta.source
              .replace(/^.*[\\/]/, '')
              .replace(/[^A-Za-z0-9_-]+/g, '-')
              .replace(/^(?=[^A-Za-z_])/, 'p-');
            await writeFile(options.discover, insight.discoverProcess(log, { processId }).bpmn);
          }
          const result: MineJson = {
            ...analysis.summary,
            source: log.meta.source,
            clock: analysis.clock,
            rates: analysis.rates,
            warnings: loaded.warnings,
            ...(conformance && { conformance }),
          };
          out.result(result, () => [
            ...insight.summaryLines(analysis, log.meta.source),
            ...(conformance ? conformanceLines(conformance, options.model!) : []),
          ]);
          if (options.discover !== undefined) out.note(`discovered model written to ${options.discover}`);
          // A few warnings say enough on a terminal; --json lists them all.
          for (const warning of loaded.warnings.slice(0, 3)) out.note(insight.formatLogFinding(warning));
          if (loaded.warnings.length > 3)
            out.note(`… and ${loaded.warnings.length - 3} more warnings (--json lists them)`);
          if (options.html !== undefined) out.note(`report written to ${options.html}`);
        },
      ),
    );
}

async function loadLog(
  file: string | undefined,
  options: MineOptions,
  db: string,
  run: CliRun,
): Promise<{ log: EventLog; warnings: readonly LogFinding[] }> {
  if ((file === undefined) === (options.process === undefined)) {
    throw new UsageError(
      'missing-argument',
      file === undefined ? 'give a log file or --process <id>' : 'give a log file or --process, not both',
      "e.g. 'sluice mine orders.xes' or 'sluice mine --process order-fulfilment'",
    );
  }
  const insight = await import('../insight/index.js');
  const progress = progressLine(run);
  try {
    if (options.process !== undefined) {
      const version = options.version === undefined ? undefined : positiveInt(options.version, '--version');
      const processId = options.process;
      const log = await withSluice(db, (sluice) =>
        insight.historyLog(sluice.store, {
          processId,
          ...(version !== undefined && { version }),
          onProgress: (n) => progress?.(`reading history: ${n} instances`),
        }),
      );
      if (log.caseCount === 0) {
        throw new CliFailure(
          'no-history',
          `process '${processId}' has no instances${version === undefined ? '' : ` in version ${version}`} in ${db}`,
          "start some with 'sluice start', or list processes with 'sluice definitions'",
        );
      }
      return { log, warnings: [] };
    }
    const format = options.timestampFormat;
    if (format !== undefined) {
      try {
        insight.timestampFormat(format);
      } catch (error) {
        throw new UsageError(
          'bad-option-value',
          (error as Error).message,
          "use iso, epoch-s, epoch-ms or a pattern such as 'dd-mm-yyyy HH:MM:SS'",
        );
      }
    }
    const columns = {
      ...(options.caseColumn !== undefined && { case: options.caseColumn }),
      ...(options.activityColumn !== undefined && { activity: options.activityColumn }),
      ...(options.timestampColumn !== undefined && { timestamp: options.timestampColumn }),
      ...(options.resourceColumn !== undefined && { resource: options.resourceColumn }),
      ...(options.lifecycleColumn !== undefined && { lifecycle: options.lifecycleColumn }),
    };
    const imported = await insight.importLogFile(file!, {
      columns,
      ...(format !== undefined && { timestampFormat: format }),
      ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
      ...(options.classifier !== undefined && { classifier: options.classifier }),
      ...(progress && {
        onProgress: ({ bytesRead, totalBytes }) =>
          progress(`reading ${file}: ${Math.floor((100 * bytesRead) / Math.max(1, totalBytes))}%`),
      }),
    });
    return { log: imported.log, warnings: imported.findings };
  } catch (error) {
    if (error instanceof insight.EventLogImportError) {
      const first = error.findings[0];
      throw new CliFailure(
        error.code,
        `cannot import '${file ?? options.process}': ${first?.message ?? error.message}`,
        'fix the file, or tell mine how to read it (see sluice mine --help)',
        error.findings.map(fileFinding),
      );
    }
    throw error;
  } finally {
    progress?.('');
  }
}

const fileFinding = (f: LogFinding): FileFinding => ({
  severity: f.severity,
  message: f.message,
  ...(f.file !== undefined && { file: f.file }),
  ...(f.line !== undefined && { line: f.line }),
  ...(f.column !== undefined && { column: f.column }),
});

/** A line rewritten in place on a terminal; nothing when stderr is not one. */
function progressLine(run: CliRun): ((text: string) => void) | undefined {
  const stderr = run.streams.stderr as { write(text: string): unknown; isTTY?: boolean };
  if (stderr.isTTY !== true) return undefined;
  let last = '';
  let shown = 0;
  return (text) => {
    const now = Date.now();
    if (text !== '' && (text === last || now - shown < 100)) return;
    shown = now;
    last = text;
    stderr.write(`\r\u001b[2K${text}`);
  };
}

/** --calendar: JSON written on the command line, or the name of a file holding it. */
async function readCalendarOption(value: string): Promise<WorkingCalendar> {
  const { readWorkingCalendar } = await import('../insight/calendar-input.js');
  const inline = value.trimStart().startsWith('{');
  let text = value;
  if (!inline) {
    try {
      text = await readFile(value, 'utf8');
    } catch (error) {
      throw new UsageError(
        'bad-option-value',
        `--calendar: cannot read '${value}': ${(error as Error).message}`,
      );
    }
  }
  return readWorkingCalendar(text, inline ? '--calendar' : value);
}

async function conform(log: EventLog, modelFile: string): Promise<Conformance> {
  const insight = await import('../insight/index.js');
  const [file] = await readModelFiles([modelFile]);
  try {
    return insight.checkConformance(log, await insight.processModel(file!.content, file!.name));
  } catch (error) {
    if (error instanceof insight.EventLogImportError) {
      throw new CliFailure(
        error.code,
        `cannot use '${modelFile}' as a model: ${error.findings[0]?.message ?? error.message}`,
        'give a BPMN 2.0 file with a process',
      );
    }
    throw error;
  }
}

function conformanceLines(c: Conformance, model: string): string[] {
  const lines = [
    '',
    `conformance to ${model}: fitness ${c.fitness.toFixed(3)}, ${c.fittingCases} of ${c.cases} cases fit`,
    ...c.deviations.slice(0, 10).map((d) => {
      const parts = [
        d.missing > 0 && `${d.missing}× done without being enabled`,
        d.remaining > 0 && `${d.remaining}× enabled but never done`,
      ];
      return `  ${d.name}: ${parts.filter(Boolean).join(', ')}`;
    }),
  ];
  const unknown = Object.entries(c.unknownActivities);
  if (unknown.length > 0)
    lines.push(`  not in the model: ${unknown.map(([a, n]) => `${a} (${n})`).join(', ')}`);
  return lines;
}

async function exportLog(log: EventLog, path: string): Promise<void> {
  const insight = await import('../insight/index.js');
  if (/\.xes$/i.test(path)) await insight.writeXesFile(log, path);
  else if (/\.csv$/i.test(path)) await insight.writeCsvFile(log, path);
  else throw new UsageError('bad-option-value', `--export '${path}': the file name must end in .xes or .csv`);
}

function positiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError('bad-option-value', `${option} must be a positive whole number, not '${text}'`);
  return n;
}
