/**
 * The analytics panels, shared by a process's own history and an uploaded event log: the
 * process map, variants, bottlenecks, cycle-time distribution, SLA breaches over time and the
 * workload per team and person. A process adds its heatmap as the first tab.
 */
import type { EChartsOption } from 'echarts';
import { type KeyboardEvent, lazy, type ReactNode, Suspense, useState } from 'react';
import { formatDuration } from '../app/format';
import type { HistogramBin, InsightView, SlaPeriod } from '../app/insight-types';
import { Loading } from '../app/ui';
import { ProcessMapDiagram } from './process-map';

const EChart = lazy(() => import('./echart'));

const seconds = (s: number | null | undefined): string =>
  s === null || s === undefined ? '—' : formatDuration(s * 1000);
const percent = (share: number | null): string =>
  share === null ? '—' : `${Math.round(share * 1000) / 10} %`;

const views = ['process map', 'variants', 'bottlenecks', 'cycle time', 'SLA', 'workload'] as const;
type View = 'heatmap' | (typeof views)[number];

export function InsightTabs({
  view,
  label,
  heatmap,
}: {
  view: InsightView;
  label: string;
  heatmap?: ReactNode;
}) {
  const tabs: View[] = heatmap ? ['heatmap', ...views] : [...views];
  const [tab, setTab] = useState<View>(tabs[0]!);
  return (
    <>
      <dl className="figures" aria-label={`Headline figures of ${label}`}>
        <div>
          <dt>Cases</dt>
          <dd data-testid="insight-cases">{view.cases}</dd>
        </div>
        <div>
          <dt>Median cycle time</dt>
          <dd>{seconds(view.cycleTime.median)}</dd>
        </div>
        <div>
          <dt>90th percentile</dt>
          <dd>{seconds(view.cycleTime.p90)}</dd>
        </div>
        <div>
          <dt>Variants</dt>
          <dd>{view.variants.length}</dd>
        </div>
      </dl>
      <div className="tabs" role="tablist" aria-label={`Views of ${label}`} onKeyDown={moveBetweenTabs}>
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
          >
            {t[0]!.toUpperCase() + t.slice(1)}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'heatmap' && heatmap}
        {tab === 'process map' && <ProcessMapDiagram map={view.map} label={`Process map of ${label}`} />}
        {tab === 'variants' && <VariantsTable view={view} />}
        {tab === 'bottlenecks' && <BottlenecksTable view={view} />}
        {tab === 'cycle time' && (
          <Chart
            option={cycleTimeOption(view.histogram)}
            label={`Cycle times of ${view.cycleTime.count} ended cases`}
          />
        )}
        {tab === 'SLA' &&
          (view.sla.length === 0 ? (
            <p className="muted">No case has an SLA: give the process or its tasks an SLA in the modeler.</p>
          ) : (
            <Chart option={slaOption(view.sla)} label="Cases that breached an SLA, per period of arrival" />
          ))}
        {tab === 'workload' && <WorkloadTables view={view} />}
      </div>
    </>
  );
}

/** Arrow keys, Home and End move between tabs, as the ARIA tabs pattern has it; Tab leaves the list. */
function moveBetweenTabs(event: KeyboardEvent<HTMLDivElement>): void {
  const tabs = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
  const next = {
    ArrowRight: (at + 1) % tabs.length,
    ArrowLeft: (at - 1 + tabs.length) % tabs.length,
    Home: 0,
    End: tabs.length - 1,
  }[event.key];
  if (at < 0 || next === undefined) return;
  event.preventDefault();
  tabs[next]!.focus();
  tabs[next]!.click();
}

function Chart({ option, label }: { option: object; label: string }) {
  return (
    <Suspense fallback={<Loading what="the chart" />}>
      <EChart option={option as EChartsOption} label={label} />
    </Suspense>
  );
}

function VariantsTable({ view }: { view: InsightView }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Variants, most frequent first</caption>
      <thead>
        <tr>
          <th scope="col">Cases</th>
          <th scope="col">Share</th>
          <th scope="col">Median cycle time</th>
          <th scope="col">Path</th>
        </tr>
      </thead>
      <tbody>
        {view.variants.map((v) => (
          <tr key={v.sequence.join('>')}>
            <td>{v.count}</td>
            <td>{percent(v.share)}</td>
            <td>{seconds(v.medianSeconds)}</td>
            <td>{v.sequence.join(' → ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BottlenecksTable({ view }: { view: InsightView }) {
  const rows = view.bottlenecks.activities;
  if (rows.length === 0) return <p className="muted">No case waited for an activity.</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">Where cases wait longest</caption>
      <thead>
        <tr>
          <th scope="col">Activity</th>
          <th scope="col">Waits</th>
          <th scope="col">Median wait</th>
          <th scope="col">Share of cycle time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => (
          <tr key={b.activity}>
            <th scope="row">{b.activity}</th>
            <td>{b.waits}</td>
            <td>{seconds(b.medianSeconds)}</td>
            <td>{percent(b.shareOfCycleTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WorkloadTables({ view }: { view: InsightView }) {
  const { teams, people } = view.utilisation;
  return (
    <div className="grid-2">
      <section className="panel" aria-labelledby="teams-title">
        <h3 id="teams-title">Per team</h3>
        {teams.length === 0 ? (
          <p className="muted">Nobody who worked on these cases belongs to a group.</p>
        ) : (
          <>
            <Chart
              option={utilisationOption(
                teams.map((t) => ({ name: t.team, value: t.utilisation, executions: t.executions })),
              )}
              label="Utilisation and executions per team"
            />
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Team</th>
                  <th scope="col">Members</th>
                  <th scope="col">Executions</th>
                  <th scope="col">Busy</th>
                  <th scope="col">Utilisation</th>
                </tr>
              </thead>
              <tbody>
                {teams.map((t) => (
                  <tr key={t.team}>
                    <th scope="row">{t.team}</th>
                    <td>{t.members.join(', ')}</td>
                    <td>{t.executions}</td>
                    <td>{seconds(t.busySeconds)}</td>
                    <td>{percent(t.utilisation)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby="people-title">
        <h3 id="people-title">Per person</h3>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Cases</th>
              <th scope="col">Executions</th>
              <th scope="col">Busy</th>
              <th scope="col">Utilisation</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.person}>
                <th scope="row">{p.person}</th>
                <td>{p.cases}</td>
                <td>{p.executions}</td>
                <td>{seconds(p.busySeconds)}</td>
                <td>{percent(p.utilisation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {people.length === 0 && <p className="muted">No event names who did it.</p>}
      </section>
    </div>
  );
}

function cycleTimeOption(bins: readonly HistogramBin[]) {
  return {
    title: { text: 'Cycle time of ended cases', textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 50, right: 20, bottom: 60 },
    xAxis: {
      type: 'category',
      data: bins.map((b) => `≤ ${seconds(b.to)}`),
      name: 'cycle time',
      nameLocation: 'middle',
      nameGap: 40,
    },
    yAxis: { type: 'value', name: 'cases', minInterval: 1 },
    series: [{ type: 'bar', data: bins.map((b) => b.count), itemStyle: { color: '#0b57d0' } }],
  };
}

function slaOption(periods: readonly SlaPeriod[]) {
  return {
    title: { text: 'SLA breaches by period of arrival', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 50, right: 60, bottom: 60 },
    xAxis: { type: 'category', data: periods.map((p) => p.period) },
    yAxis: [
      { type: 'value', name: 'cases', minInterval: 1 },
      {
        type: 'value',
        name: 'breach rate',
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => `${v * 100} %` },
      },
    ],
    series: [
      {
        name: 'cases arrived',
        type: 'bar',
        data: periods.map((p) => p.casesArrived),
        itemStyle: { color: '#8fb3ef' },
      },
      {
        name: 'cases breached',
        type: 'bar',
        data: periods.map((p) => p.casesBreached),
        itemStyle: { color: '#b3261e' },
      },
      {
        name: 'breach rate',
        type: 'line',
        yAxisIndex: 1,
        data: periods.map((p) => p.breachRate),
        itemStyle: { color: '#8a4b00' },
      },
    ],
  };
}

function utilisationOption(rows: readonly { name: string; value: number | null; executions: number }[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 50, right: 60, bottom: 60, top: 30 },
    xAxis: { type: 'category', data: rows.map((r) => r.name) },
    yAxis: [
      {
        type: 'value',
        name: 'utilisation',
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => `${v * 100} %` },
      },
      { type: 'value', name: 'executions', minInterval: 1 },
    ],
    series: [
      { name: 'utilisation', type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: '#0b57d0' } },
      {
        name: 'executions',
        type: 'bar',
        yAxisIndex: 1,
        data: rows.map((r) => r.executions),
        itemStyle: { color: '#146c2e' },
      },
    ],
  };
}
