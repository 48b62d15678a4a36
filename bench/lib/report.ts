/** The plain-text report bench/run.ts prints: a throughput table, details and the targets. */

export interface Row {
  readonly scenario: string;
  readonly unit: string;
  readonly sluice: number;
  readonly bpmnEngine: number;
  readonly ceiling?: number;
}

export interface Target {
  readonly name: string;
  readonly wanted: string;
  readonly actual: number;
  readonly format: 'x' | '%' | 'MB' | 'ms';
  readonly met: boolean;
}

const fixed = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatTarget(t: Target): string {
  switch (t.format) {
    case 'x':
      return `${fixed(t.actual)}x`;
    case '%':
      return `${(t.actual * 100).toFixed(0)}%`;
    case 'MB':
      return `${fixed(t.actual)} MB`;
    case 'ms':
      return `${t.actual.toFixed(2)} ms`;
  }
}

export function renderReport(report: {
  title: string;
  machine: string;
  rows: Row[];
  extra: string[];
  targets: Target[];
}): string {
  const throughput = table(
    ['scenario', 'Sluice', 'bpmn-engine', 'raw SQLite', 'Sluice/bpmn-engine', 'Sluice/SQLite'],
    report.rows.map((r) => [
      `${r.scenario} (${r.unit})`,
      fixed(r.sluice),
      fixed(r.bpmnEngine),
      r.ceiling === undefined ? '-' : fixed(r.ceiling),
      `${fixed(r.sluice / r.bpmnEngine)}x`,
      r.ceiling === undefined ? '-' : `${((100 * r.sluice) / r.ceiling).toFixed(0)}%`,
    ]),
  );
  const targets = table(
    ['target', 'wanted', 'measured', ''],
    report.targets.map((t) => [t.name, t.wanted, formatTarget(t), t.met ? 'met' : 'MISSED']),
  );
  return [
    report.title,
    report.machine,
    '',
    throughput,
    '',
    ...report.extra.map((e) => `- ${e}`),
    '',
    targets,
    '',
  ].join('\n');
}
