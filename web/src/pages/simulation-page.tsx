/**
 * Simulation of a deployed process (docs/simulation.md): a scenario written as JSON (started
 * from the model's tasks, or fitted to the process's history by the calibration route), run on
 * the server, and each what-if compared with the baseline in charts with 95% confidence
 * intervals: cycle time, waiting, cost, SLA breaches and utilisation per pool.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { allPages, api } from '../app/api';
import type { Definition, DefinitionWithSource } from '../app/types';
import { ErrorNote, Loading } from '../app/ui';
import { useLoad } from '../app/use-load';
import { definitionPath } from './process-version-page';
import { ProcessPicker } from './process-picker';
import { SimulationComparison, type SimulationReport } from './simulation-comparison';

/** A first scenario for a model: every task in one pool of two people, a what-if with three. */
function startingScenario(xml: string): Record<string, unknown> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const kinds = [
    'userTask',
    'manualTask',
    'task',
    'serviceTask',
    'scriptTask',
    'sendTask',
    'businessRuleTask',
  ];
  const tasks = kinds.flatMap((kind) =>
    [...doc.getElementsByTagNameNS('*', kind)].map((t) => t.getAttribute('id')!),
  );
  return {
    cases: 200,
    warmUp: 20,
    arrivals: { kind: 'poisson', rate: 6, per: 'PT1H' },
    pools: { team: { size: 2, costPerHour: 40 } },
    activities: Object.fromEntries(
      tasks.map((id) => [id, { duration: { kind: 'exponential', mean: 'PT15M' }, pool: 'team' }]),
    ),
    sla: { case: 'PT1H' },
    whatIf: [{ name: 'one more person', pools: { team: { size: 3 } } }],
  };
}

export default function SimulationPage({ processId }: { processId?: string }) {
  const definitions = useLoad(() => allPages<Definition>('/definitions'), []);
  const latest = Math.max(
    0,
    ...(definitions.value ?? []).filter((d) => d.processId === processId).map((d) => d.version),
  );
  return (
    <section>
      <ProcessPicker title="Simulation" base="/simulation" processId={processId} definitions={definitions} />
      {processId && latest > 0 ? (
        <ScenarioForm key={`${processId}@${latest}`} processId={processId} version={latest} />
      ) : (
        <p className="muted">
          Choose a process: describe how cases arrive, how long work takes and who does it, then see what a
          change would do before making it.
        </p>
      )}
    </section>
  );
}

function ScenarioForm({ processId, version }: { processId: string; version: number }) {
  const definition = useLoad(
    () => api.get<DefinitionWithSource>(definitionPath(processId, version)),
    [processId, version],
  );
  const [scenario, setScenario] = useState('');
  const [report, setReport] = useState<SimulationReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'run' | 'fit'>();
  const [note, setNote] = useState<string[]>([]);

  useEffect(() => {
    if (definition.value?.sourceKind === 'bpmn')
      setScenario(JSON.stringify(startingScenario(definition.value.source), null, 2));
  }, [definition.value]);

  const run = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(scenario);
    } catch (e) {
      setError(new Error(`The scenario is not JSON: ${(e as Error).message}. Correct it, then run again.`));
      return;
    }
    setBusy('run');
    try {
      setReport(
        await api.post<SimulationReport>(`/definitions/${encodeURIComponent(processId)}/simulations`, {
          scenario: parsed,
          version,
          runs: Number(data.get('runs')),
          seed: Number(data.get('seed')),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const fit = async (): Promise<void> => {
    setBusy('fit');
    setError(undefined);
    try {
      const fitted = await api.post<{ scenario: Record<string, unknown>; notes: string[] }>(
        `/definitions/${encodeURIComponent(processId)}/calibration`,
        { version },
      );
      const current = JSON.parse(scenario || '{}') as { whatIf?: unknown };
      setScenario(JSON.stringify({ ...fitted.scenario, whatIf: current.whatIf ?? [] }, null, 2));
      setNote(fitted.notes);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  if (definition.error) return <ErrorNote error={definition.error} />;
  if (!definition.value) return <Loading what="the model" />;
  return (
    <>
      <form className="panel stacked-form" onSubmit={(e) => void run(e)} aria-label="Scenario">
        <label>
          Scenario (JSON, as docs/simulation.md describes: arrivals, durations, pools, what-ifs)
          <textarea
            className="code-input"
            rows={16}
            spellCheck={false}
            value={scenario}
            onChange={(e) => setScenario(e.target.value)}
          />
        </label>
        <div className="inline-form">
          <label>
            Runs
            <input name="runs" type="number" min={1} max={50} defaultValue={3} />
          </label>
          <label>
            Seed
            <input name="seed" type="number" min={0} defaultValue={1} />
          </label>
          <button type="submit" className="primary" disabled={busy !== undefined}>
            {busy === 'run' ? 'Simulating…' : 'Run the simulation'}
          </button>
          <button type="button" onClick={() => void fit()} disabled={busy !== undefined}>
            {busy === 'fit' ? 'Fitting…' : 'Fit the baseline to history'}
          </button>
        </div>
        {note.length > 0 && (
          <ul className="muted" aria-label="Notes on the fitted baseline">
            {note.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </form>
      <ErrorNote error={error} />
      {report && <SimulationComparison report={report} />}
    </>
  );
}
