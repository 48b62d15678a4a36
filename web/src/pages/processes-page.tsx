/** Every deployed process with its versions: view, edit, start, analyse. */
import { useState } from 'react';
import { allPages, api } from '../app/api';
import { formatTime } from '../app/format';
import { Link, navigate } from '../app/router';
import { hasRole, useMe } from '../app/session';
import type { Definition } from '../app/types';
import { ErrorNote, Loading, PageHeading } from '../app/ui';
import { useLoad } from '../app/use-load';

export default function ProcessesPage() {
  const me = useMe();
  const definitions = useLoad(() => allPages<Definition>('/definitions'), []);
  const [error, setError] = useState<unknown>();
  const byProcess = new Map<string, Definition[]>();
  for (const d of definitions.value ?? [])
    byProcess.set(d.processId, [...(byProcess.get(d.processId) ?? []), d]);

  const start = async (processId: string, version: number): Promise<void> => {
    setError(undefined);
    try {
      const started = await api.post<{ instanceId: string }>('/instances', { processId, version });
      navigate(`/instances/${started.instanceId}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageHeading title="Processes">
        {hasRole(me, 'modeler') && (
          <>
            <Link href="/modeler" className="button primary">
              New process
            </Link>
            <Link href="/decisions" className="button">
              Decisions (DMN)
            </Link>
          </>
        )}
      </PageHeading>
      <ErrorNote error={definitions.error ?? error} />
      {definitions.loading && !definitions.value && <Loading what="the processes" />}
      {definitions.value && byProcess.size === 0 && (
        <p className="muted">Nothing is deployed yet. Model a process and deploy it.</p>
      )}
      <table className="table">
        <caption className="visually-hidden">Deployed processes and their versions</caption>
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">Versions</th>
            <th scope="col">Latest deployed</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {[...byProcess].map(([processId, versions]) => {
            const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
            return (
              <tr key={processId}>
                <th scope="row">
                  <Link href={`/processes/${encodeURIComponent(processId)}/${latest.version}`}>
                    {latest.name ?? processId}
                  </Link>
                  <div className="muted">{processId}</div>
                </th>
                <td>
                  <ul className="versions" aria-label={`Versions of ${processId}`}>
                    {versions
                      .sort((a, b) => b.version - a.version)
                      .map((v) => (
                        <li key={v.version}>
                          <Link href={`/processes/${encodeURIComponent(processId)}/${v.version}`}>
                            v{v.version}
                          </Link>
                        </li>
                      ))}
                  </ul>
                </td>
                <td>{formatTime(latest.deployedAt)}</td>
                <td className="row-actions">
                  {hasRole(me, 'operator', 'user') && (
                    <button
                      type="button"
                      onClick={() => void start(processId, latest.version)}
                      aria-label={`Start ${processId}`}
                    >
                      Start
                    </button>
                  )}
                  {hasRole(me, 'modeler') && (
                    <Link
                      className="button"
                      href={`/modeler/${encodeURIComponent(processId)}/${latest.version}`}
                    >
                      Edit
                    </Link>
                  )}
                  <Link className="button" href={`/analytics/${encodeURIComponent(processId)}`}>
                    Analytics
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
