/** `sluice validate <files...>`: what deploy would say about the files, without a store. */
import type { Command } from 'commander';
import type { ElementCounts, Finding } from '../model/index.js';
import type { FileFinding } from './cli-errors.js';
import { exitCodes } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { findingView, type ValidateJson } from './json-views.js';
import { findingLine } from './output.js';
import { readModelFiles } from './read-files.js';

export function registerValidate(program: Command, run: CliRun): void {
  program
    .command('validate')
    .description('check BPMN files and list findings with positions; deploys nothing and needs no store')
    .argument('<files...>', 'BPMN 2.0 files')
    .action(
      action(run, async ({ out }, paths: string[]) => {
        const files = await readModelFiles(paths);
        const { importBpmn } = await import('../model/index.js');
        const reports: FileReport[] = [];
        for (const file of files) {
          const imported = await importBpmn(file.content, file.name);
          const findings: FileFinding[] = imported.findings.map((f: Finding) => ({ ...f, file: file.name }));
          // Deploy refuses such a file, so validation must not call it fine.
          if (imported.parsed && imported.processes.every((p) => !p.executable)) {
            findings.push({
              severity: 'error',
              message: 'the file has no executable process (isExecutable="true")',
              file: file.name,
            });
          }
          reports.push({ file: file.name, parsed: imported.parsed, processes: imported.processes, findings });
        }
        const failed = reports.some((r) => r.findings.some((f) => f.severity === 'error'));
        const result: ValidateJson = {
          files: reports.map((r) => ({
            file: r.file,
            parsed: r.parsed,
            processes: r.processes.map((p) => ({
              processId: p.processId,
              executable: p.executable,
              counts: { ...p.counts },
            })),
            findings: r.findings.map(findingView),
          })),
        };
        out.result(result, () => reports.flatMap((r) => [fileSummary(r), ...r.findings.map(findingLine)]));
        return failed ? exitCodes.failed : exitCodes.ok;
      }),
    );
}

interface FileReport {
  readonly file: string;
  readonly parsed: boolean;
  readonly processes: readonly { processId: string; executable: boolean; counts: ElementCounts }[];
  readonly findings: readonly FileFinding[];
}

function fileSummary(report: FileReport): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const verdict =
    errors > 0
      ? `invalid (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`
      : warnings > 0
        ? `valid (${plural(warnings, 'warning')})`
        : 'valid';
  const processes = report.processes.map((p) => {
    const c = p.counts;
    const kind = p.executable ? '' : ' (not executable)';
    return `${p.processId}${kind}: ${plural(c.activities, 'activity', 'activities')}, ${plural(c.events, 'event')}, ${plural(c.gateways, 'gateway')}, ${plural(c.sequenceFlows, 'sequence flow')}`;
  });
  return [`${report.file}: ${verdict}`, ...processes.map((p) => `  ${p}`)].join('\n');
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
