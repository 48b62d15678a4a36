/**
 * Analytics from the server's insight routes: per process a heatmap on the diagram
 * (frequency, median waiting or processing time per element) and the panels every log gets
 * (process map, variants, bottlenecks, cycle time, SLA, workload); or the same panels for an
 * event log (XES or CSV) uploaded from this page, which the server analyses and forgets.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { allPages, api } from '../app/api';
import { formatDuration } from '../app/format';
import type {
  Bottlenecks,
  Distribution,
  ElementHeat,
  HistogramBin,
  InsightView,
  ProcessMap,
  ResourceWorkload,
  SlaPeriod,
  Utilisation,
  VariantStats,
} from '../app/insight-types';
import { Link } from '../app/router';
import type { Definition, DefinitionWithSource } from '../app/types';
import { ErrorNote, Loading } from '../app/ui';
import { useLoad } from '../app/use-load';
import type { DiagramDecorations } from '../diagram/decorations';
import { InsightTabs } from './insight-panels';
import { LogUpload } from './log-upload';
import { definitionPath } from './process-version-page';
import { ProcessPicker } from './process-picker';

const BpmnDiagram = lazy(() => import('../diagram/bpmn-diagram'));

const metrics = {
  frequency: { label: 'Frequency', value: (e: ElementHeat) => e.frequency, show: String },
  waiting: {
    label: 'Waiting time (median)',
    value: (e: ElementHeat) => e.medianWaitingSeconds,
    show: (s: number) => formatDuration(s * 1000),
  },
  processing: {
    label: 'Processing time (median)',
    value: (e: ElementHeat) => e.medianProcessingSeconds,
    show: (s: number) => formatDuration(s * 1000),
  },
} as const;
type Metric = keyof typeof metrics;

export default function AnalyticsPage({ processId }: { processId?: string }) {
  const definitions = useLoad(() => allPages<Definition>('/definitions'), []);
  return (
    <section>
      <ProcessPicker title="Analytics" base="/analytics" processId={processId} definitions={definitions} />
      {processId ? (
        <ProcessAnalytics
          processId={processId}
          version={Math.max(
            0,
            ...(definitions.value ?? []).filter((d) => d.processId === processId).map((d) => d.version),
          )}
        />
      ) : (
        <>
          <p className="muted">
            Choose a process to see where its cases spend their time, or analyse a log file.
          </p>
          <LogUpload />
        </>
      )}
    </section>
  );
}

interface ProcessInsight {
  readonly heat: readonly ElementHeat[];
  readonly view: InsightView;
}

/** Every part of a process's analytics, asked of the server at once. */
async function processInsight(processId: string): Promise<ProcessInsight> {
  const base = `/insight/processes/${encodeURIComponent(processId)}`;
  const [summary, heatmap, map, variants, bottlenecks, cycles, workload] = await Promise.all([
    api.get<{ summary: { cases: number } }>(`${base}/summary`),
    api.get<{ elements: ElementHeat[] }>(`${base}/heatmap`),
    api.get<{ map: ProcessMap }>(`${base}/map`),
    api.get<{ top: VariantStats[] }>(`${base}/variants`),
    api.get<{ bottlenecks: Bottlenecks }>(`${base}/bottlenecks`),
    api.get<{ distribution: Distribution; histogram: HistogramBin[]; sla: SlaPeriod[] }>(
      `${base}/cycle-times`,
      {
        bins: 12,
      },
    ),
    api.get<{ workload: ResourceWorkload[]; utilisation: Utilisation }>(`${base}/workload`),
  ]);
  return {
    heat: heatmap.elements,
    view: {
      cases: summary.summary.cases,
      map: map.map,
      variants: variants.top,
      bottlenecks: bottlenecks.bottlenecks,
      cycleTime: cycles.distribution,
      histogram: cycles.histogram,
      sla: cycles.sla,
      utilisation: workload.utilisation,
      workload: workload.workload,
    },
  };
}

function ProcessAnalytics({ processId, version }: { processId: string; version: number }) {
  const insight = useLoad(() => processInsight(processId), [processId]);
  const definition = useLoad(
    () =>
      version > 0
        ? api.get<DefinitionWithSource>(definitionPath(processId, version))
        : Promise.resolve(undefined),
    [processId, version],
  );
  if (insight.error) return <ErrorNote error={insight.error} />;
  if (!insight.value) return <Loading what="the analysis" />;
  return (
    <>
      <p className="muted">
        From the history of every version, as the server reads it.{' '}
        <Link href={`/instances?processId=${encodeURIComponent(processId)}`}>See the instances</Link>.
      </p>
      <InsightTabs
        view={insight.value.view}
        label={processId}
        heatmap={
          <>
            <ErrorNote error={definition.error} />
            {definition.value?.sourceKind === 'bpmn' && (
              <Heatmap processId={processId} xml={definition.value.source} heat={insight.value.heat} />
            )}
          </>
        }
      />
    </>
  );
}

function Heatmap({ processId, xml, heat }: { processId: string; xml: string; heat: readonly ElementHeat[] }) {
  const [metric, setMetric] = useState<Metric>('frequency');
  const decorations = useMemo((): DiagramDecorations => {
    const { value, show, label } = metrics[metric];
    const measured = heat.filter((e) => value(e) !== null && e.frequency > 0);
    const highest = Math.max(1, ...measured.map((e) => value(e) ?? 0));
    return {
      markers: Object.fromEntries(
        measured.map((e) => [
          e.elementId,
          [`heat-${Math.min(4, Math.floor(((value(e) ?? 0) / highest) * 4.999))}`],
        ]),
      ),
      overlays: measured.map((e) => ({
        elementId: e.elementId,
        text: show(value(e)!),
        className: 'heat-label',
        title: label,
      })),
    };
  }, [heat, metric]);
  return (
    <>
      <label className="inline">
        Measure
        <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
          {Object.entries(metrics).map(([key, m]) => (
            <option key={key} value={key}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <Suspense fallback={<Loading what="the diagram" />}>
        <BpmnDiagram
          xml={xml}
          label={`Heatmap of ${processId}: ${metrics[metric].label}`}
          height={480}
          {...decorations}
        />
      </Suspense>
    </>
  );
}
