/**
 * A self-contained HTML report of one log (no scripts, no network): headline numbers, the
 * process map as SVG, bottlenecks, variants, activity times, rework, resources and
 * throughput. Every value is escaped; the log is user content.
 */
import { humanDuration } from './durations.js';
import type { LogAnalysis } from './log-analysis.js';
import { processMapSvg } from './process-map-svg.js';

const esc = (text: string | number): string =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function htmlReport(analysis: LogAnalysis, source: string): string {
  const { summary: s, cycleTime: ct } = analysis;
  const cards = [
    ['cases', s.cases],
    ['events', s.events],
    ['activities', s.activities],
    ['variants', s.variants],
    ['median case duration', humanDuration(s.caseDuration.median)],
    ['cases with rework', pct(analysis.rework.rate)],
  ]
    .map(
      ([label, value]) =>
        `<div class="card"><div class="value">${esc(value!)}</div><div>${esc(label!)}</div></div>`,
    )
    .join('');
  const sections = [
    ['Process map', processMapSvg(analysis.map)],
    [
      'Case duration',
      table(
        ['min', 'median', 'mean', 'p75', 'p90', 'p95', 'p99', 'max'],
        [[ct.min, ct.median, ct.mean, ct.p75, ct.p90, ct.p95, ct.p99, ct.max].map(humanDuration)],
      ),
    ],
    [
      'Where cases wait',
      table(
        ['activity', 'waits', 'median wait', 'mean wait', 'share of cycle time'],
        analysis.bottlenecks.activities.map((b) => [
          b.activity,
          b.waits,
          humanDuration(b.medianSeconds),
          humanDuration(b.meanSeconds),
          pct(b.shareOfCycleTime),
        ]),
      ) +
        table(
          ['from', 'to', 'count', 'median', 'share of cycle time'],
          analysis.bottlenecks.transitions.map((t) => [
            t.from,
            t.to,
            t.count,
            humanDuration(t.medianSeconds),
            pct(t.shareOfCycleTime),
          ]),
        ),
    ],
    [
      'Variants',
      table(
        ['cases', 'share', 'median duration', 'activities'],
        analysis.variants.map((v) => [
          v.count,
          pct(v.share),
          humanDuration(v.medianSeconds),
          v.sequence.join(' → '),
        ]),
      ),
    ],
    [
      'Activities',
      table(
        ['activity', 'executions', 'median processing', 'median waiting (offered → started)'],
        analysis.activityTimes.map((a) => [
          a.activity,
          a.executions,
          humanDuration(a.processing.median),
          humanDuration(a.waiting.median),
        ]),
      ),
    ],
    [
      'Rework',
      table(
        ['activity', 'cases', 'repeats'],
        analysis.rework.activities.map((r) => [r.activity, r.cases, r.repeats]),
      ),
    ],
    [
      'Resources',
      table(
        ['resource', 'events', 'cases'],
        analysis.workload.slice(0, 50).map((w) => [w.resource, w.events, w.cases]),
      ),
    ],
    [
      'Handovers',
      table(
        ['from', 'to', 'count'],
        analysis.handovers.slice(0, 30).map((h) => [h.from, h.to, h.count]),
      ),
    ],
    [
      'Throughput',
      table(
        ['period', 'arrived', 'finished', 'in progress'],
        analysis.throughput.map((p) => [p.period, p.arrived, p.finished, p.inProgress]),
      ),
    ],
  ]
    .map(([title, body]) => `<section><h2>${esc(title!)}</h2>${body}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sluice insight: ${esc(source)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1d2330}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #d5d9e0;border-radius:6px;padding:.6em 1em}
.value{font-size:1.5em;font-weight:600}
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #e3e6eb;padding:.25em .8em;text-align:left;vertical-align:top}
th{background:#f4f6f9}.none{color:#888}svg{max-width:100%;height:auto;border:1px solid #e3e6eb}
</style></head>
<body><h1>Process insight: ${esc(source)}</h1><div class="cards">${cards}</div>
${sections}
</body></html>
`;
}
