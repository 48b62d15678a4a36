/**
 * "Analyse an event log": a XES, .xes.gz or CSV file sent to POST /api/v1/insight/logs, and
 * the same panels a process gets. CSV columns are guessed by the server unless named here;
 * a log it cannot read comes back with findings that name the line.
 */
import { type FormEvent, useState } from 'react';
import { api, ApiProblem } from '../app/api';
import { type LogAnalysis, viewOfLog } from '../app/insight-types';
import { ErrorNote } from '../app/ui';
import { InsightTabs } from './insight-panels';

const csvColumns = [
  ['caseColumn', 'Case column'],
  ['activityColumn', 'Activity column'],
  ['timestampColumn', 'Timestamp column'],
  ['resourceColumn', 'Resource column'],
  ['timestampFormat', 'Timestamp format'],
] as const;

export function LogUpload() {
  const [analysis, setAnalysis] = useState<LogAnalysis>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    for (const [name, value] of [...form.entries()]) if (value === '') form.delete(name);
    setBusy(true);
    setError(undefined);
    try {
      setAnalysis(await api.upload<LogAnalysis>('/insight/logs', form));
    } catch (e) {
      setAnalysis(undefined);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="log-upload-title">
      <h2 id="log-upload-title">Analyse an event log</h2>
      <form className="panel stacked-form" onSubmit={(e) => void submit(e)}>
        <label>
          Event log (XES, .xes.gz or CSV)
          <input name="log" type="file" accept=".xes,.gz,.csv,.txt" required />
        </label>
        <details>
          <summary>CSV columns (guessed when left empty)</summary>
          <div className="inline-form">
            {csvColumns.map(([name, label]) => (
              <label key={name}>
                {label}
                <input name={name} placeholder={name === 'timestampFormat' ? 'iso' : ''} />
              </label>
            ))}
          </div>
        </details>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Analysing…' : 'Analyse the log'}
          </button>
        </div>
        <p className="muted">
          The server analyses the file and keeps nothing of it. At most 32 MiB: gzip larger logs.
        </p>
      </form>
      <ErrorNote error={error} />
      {error instanceof ApiProblem && error.findings && (
        <ul className="findings" aria-label="Where the log cannot be read">
          {error.findings.map((f, i) => (
            <li key={i}>
              {f.line !== undefined && `line ${f.line}${f.column !== undefined ? `:${f.column}` : ''}: `}
              {f.message}
            </li>
          ))}
        </ul>
      )}
      {analysis && (
        <div aria-live="polite">
          <h3>{analysis.source}</h3>
          <p data-testid="log-figures">
            {analysis.summary.cases} cases, {analysis.summary.events} events, {analysis.summary.activities}{' '}
            activities
          </p>
          {analysis.warnings.length > 0 && (
            <ul className="warnings" aria-label="Warnings">
              {analysis.warnings.map((w) => (
                <li key={w.code}>
                  {w.message}
                  {w.count !== undefined && w.count > 1 && ` (${w.count} times)`}
                </li>
              ))}
            </ul>
          )}
          <InsightTabs view={viewOfLog(analysis)} label={analysis.source} />
        </div>
      )}
    </section>
  );
}
