/**
 * A simulation's baseline and what-ifs side by side: one chart per measure, a bar per
 * scenario with its 95% confidence interval as a whisker, and the same figures as a table
 * (with each what-if's paired difference from the baseline) for reading them exactly.
 */
import type { EChartsOption } from 'echarts';
import { lazy, Suspense } from 'react';
import { formatDuration } from '../app/format';
import { Loading } from '../app/ui';

const EChart = lazy(() => import('./echart'));

export interface Estimate {
  readonly mean: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

interface ScenarioResult {
  readonly name: string;
  readonly runs: number;
  readonly cases: number;
  readonly cycleTime: { readonly mean: Estimate; readonly median: Estimate; readonly p90: Estimate };
  readonly waitingTime: Estimate;
  readonly cost: Estimate;
  readonly slaBreachRate: Estimate;
  readonly utilisation: Readonly<Record<string, Estimate>>;
  readonly unfinished: number;
  readonly failed: number;
  readonly notes: readonly string[];
}

export interface SimulationReport {
  readonly processId: string;
  readonly seed: number;
  readonly baseline: ScenarioResult;
  readonly whatIf: readonly (ScenarioResult & {
    readonly difference: Readonly<Record<'cycleTime' | 'waitingTime' | 'cost' | 'slaBreachRate', Estimate>>;
  })[];
}

interface Measure {
  readonly title: string;
  readonly of: (s: ScenarioResult) => Estimate;
  readonly unit: 'seconds' | 'share' | 'money';
  readonly difference?: 'cycleTime' | 'waitingTime' | 'cost' | 'slaBreachRate';
}

const measures: readonly Measure[] = [
  { title: 'Cycle time (mean)', of: (s) => s.cycleTime.mean, unit: 'seconds', difference: 'cycleTime' },
  { title: 'Cycle time (90th percentile)', of: (s) => s.cycleTime.p90, unit: 'seconds' },
  { title: 'Waiting time per case', of: (s) => s.waitingTime, unit: 'seconds', difference: 'waitingTime' },
  { title: 'Cost per case', of: (s) => s.cost, unit: 'money', difference: 'cost' },
  { title: 'SLA breach rate', of: (s) => s.slaBreachRate, unit: 'share', difference: 'slaBreachRate' },
];

const show = (value: number | null, unit: Measure['unit']): string => {
  if (value === null) return '—';
  if (unit === 'seconds') return formatDuration(value * 1000);
  if (unit === 'share') return `${(value * 100).toFixed(1)} %`;
  return value.toFixed(2);
};
const shown = (e: Estimate, unit: Measure['unit']): string =>
  e.mean === null ? '—' : `${show(e.mean, unit)} (${show(e.low, unit)} – ${show(e.high, unit)})`;

/** Bars of the means and whiskers of the 95% intervals, one category per scenario. */
function estimateChart(
  title: string,
  names: readonly string[],
  values: readonly Estimate[],
  unit: Measure['unit'],
) {
  const scale = unit === 'seconds' ? 1 / 60 : unit === 'share' ? 100 : 1;
  const axisName = unit === 'seconds' ? 'minutes' : unit === 'share' ? '%' : 'per case';
  // No measure can be negative, and a share cannot pass 100 %: the whiskers stop there.
  const highest = unit === 'share' ? 1 : Infinity;
  const scaled = (v: number | null): number | null =>
    v === null ? null : Math.round(Math.min(highest, Math.max(0, v)) * scale * 100) / 100;
  return {
    title: { text: title, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, bottom: 40, top: 50 },
    xAxis: { type: 'category', data: [...names] },
    yAxis: { type: 'value', name: axisName },
    series: [
      {
        name: 'mean',
        type: 'bar',
        barMaxWidth: 56,
        data: values.map((v, i) => ({
          value: scaled(v.mean),
          itemStyle: { color: i === 0 ? '#8896a8' : '#0b57d0' },
        })),
      },
      {
        name: '95% interval',
        type: 'custom',
        encode: { x: 0, y: [1, 2] },
        data: values.map((v, i) => [i, scaled(v.low), scaled(v.high)]),
        renderItem: (
          _params: unknown,
          api: { value(i: number): number; coord(p: number[]): number[]; size(p: number[]): number[] },
        ) => {
          const x = api.value(0);
          const low = api.coord([x, api.value(1)]);
          const high = api.coord([x, api.value(2)]);
          const half = api.size([1, 0])[0]! * 0.12;
          const style = { stroke: '#1b2430', lineWidth: 1.5 };
          const line = (x1: number, y1: number, x2: number, y2: number) => ({
            type: 'line',
            shape: { x1, y1, x2, y2 },
            style,
          });
          return {
            type: 'group',
            children: [
              line(low[0]!, low[1]!, high[0]!, high[1]!),
              line(low[0]! - half, low[1]!, low[0]! + half, low[1]!),
              line(high[0]! - half, high[1]!, high[0]! + half, high[1]!),
            ],
          };
        },
        z: 10,
      },
    ],
  } as unknown as EChartsOption;
}

export function SimulationComparison({ report }: { report: SimulationReport }) {
  const scenarios: readonly ScenarioResult[] = [report.baseline, ...report.whatIf];
  const names = scenarios.map((s) => s.name);
  const pools = Object.keys(report.baseline.utilisation);
  const poolBars = scenarios.flatMap((s) =>
    pools.map((p) => ({ name: `${s.name} · ${p}`, value: s.utilisation[p]! })),
  );
  return (
    <section aria-labelledby="comparison-title">
      <h2 id="comparison-title">Baseline and what-ifs</h2>
      <p className="muted">
        {report.baseline.runs} runs of {report.baseline.cases} cases each, seed {report.seed}. Bars are means,
        whiskers 95% confidence intervals over the runs (cut at zero and at 100 %; the table has them whole).
        More runs narrow them.
      </p>
      <div className="grid-2">
        {measures.map((m) => (
          <Suspense key={m.title} fallback={<Loading what="the chart" />}>
            <EChart
              option={estimateChart(m.title, names, scenarios.map(m.of), m.unit)}
              label={`${m.title} per scenario`}
            />
          </Suspense>
        ))}
        {pools.length > 0 && (
          <Suspense fallback={<Loading what="the chart" />}>
            <EChart
              option={estimateChart(
                'Utilisation per pool',
                poolBars.map((b) => b.name),
                poolBars.map((b) => b.value),
                'share',
              )}
              label="Utilisation of each pool per scenario"
            />
          </Suspense>
        )}
      </div>
      <table className="table" data-testid="simulation-figures">
        <caption>
          Figures with 95% confidence intervals; a what-if’s change is its difference from the baseline.
        </caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {scenarios.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.title}>
              <th scope="row">{m.title}</th>
              <td>{shown(m.of(report.baseline), m.unit)}</td>
              {report.whatIf.map((w) => (
                <td key={w.name}>
                  {shown(m.of(w), m.unit)}
                  {m.difference && w.difference[m.difference].mean !== null && (
                    <span className="ci"> change {show(w.difference[m.difference].mean, m.unit)}</span>
                  )}
                </td>
              ))}
            </tr>
          ))}
          {pools.map((p) => (
            <tr key={p}>
              <th scope="row">Utilisation of {p}</th>
              {scenarios.map((s) => (
                <td key={s.name}>{s.utilisation[p] ? shown(s.utilisation[p], 'share') : '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {scenarios.some((s) => s.notes.length > 0 || s.unfinished > 0 || s.failed > 0) && (
        <ul className="muted" aria-label="Notes on the simulation">
          {scenarios.flatMap((s) => [
            ...s.notes.map((n) => <li key={`${s.name}:${n}`}>{`${s.name}: ${n}`}</li>),
            ...(s.unfinished + s.failed > 0
              ? [
                  <li
                    key={`${s.name}:ends`}
                  >{`${s.name}: ${s.unfinished} cases unfinished, ${s.failed} failed`}</li>,
                ]
              : []),
          ])}
        </ul>
      )}
    </section>
  );
}
