/** The analysis as short lines for a terminal: what `sluice mine` prints without --json. */
import { humanDuration } from './durations.js';
import type { LogAnalysis } from './log-analysis.js';

const list = (record: Readonly<Record<string, number>>, limit = 5): string => {
  const entries = Object.entries(record);
  const shown = entries.slice(0, limit).map(([name, n]) => `${name} (${n})`);
  return entries.length > limit ? `${shown.join(', ')}, … ${entries.length - limit} more` : shown.join(', ');
};

export function summaryLines(analysis: LogAnalysis, source: string): string[] {
  const s = analysis.summary;
  const d = s.caseDuration;
  const lines = [
    `${source}: ${s.cases} cases, ${s.events} events, ${s.activities} activities, ${s.variants} variants`,
    `case duration: median ${humanDuration(d.median)}, mean ${humanDuration(d.mean)}, min ${humanDuration(d.min)}, max ${humanDuration(d.max)}, p90 ${humanDuration(analysis.cycleTime.p90)}`,
    `start: ${list(s.startActivities)}`,
    `end: ${list(s.endActivities)}`,
    `rework: ${(analysis.rework.rate * 100).toFixed(1)}% of cases repeat an activity`,
    '',
    'most frequent steps (directly follows):',
    ...s.dfg.slice(0, 10).map((e) => `  ${e.count}  ${e.from} → ${e.to}`),
    '',
    'most frequent variants:',
    ...s.topVariants.slice(0, 5).map((v) => `  ${v.count}  ${v.sequence.join(' → ')}`),
  ];
  const waits = analysis.bottlenecks.activities.filter((b) => b.totalSeconds > 0).slice(0, 5);
  if (waits.length > 0) {
    lines.push('', 'where cases wait longest:');
    for (const b of waits) {
      lines.push(
        `  ${b.activity}: median ${humanDuration(b.medianSeconds)}, ${(b.shareOfCycleTime * 100).toFixed(1)}% of cycle time`,
      );
    }
  }
  return lines;
}
