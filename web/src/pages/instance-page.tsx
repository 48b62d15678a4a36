/**
 * One instance: its diagram with where the tokens are and the path taken, its variables, its
 * open incidents (with retry), and the history timeline: who did what, when. Live events for
 * this instance and its tasks refresh it.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { api } from '../app/api';
import { formatTime } from '../app/format';
import { useLiveEvents } from '../app/live-events';
import { Link } from '../app/router';
import { hasRole, useMe } from '../app/session';
import type { DefinitionWithSource, Instance } from '../app/types';
import { Badge, ErrorNote, Loading, PageHeading, stateTone } from '../app/ui';
import { useLoad } from '../app/use-load';
import { pathDecorations } from '../diagram/path-taken';
import { flowNodeIds } from './bpmn-elements';
import { InstanceOperatorPanel } from './instance-operator-panel';
import { definitionPath } from './process-version-page';

const BpmnDiagram = lazy(() => import('../diagram/bpmn-diagram'));

export default function InstancePage({ id }: { id: string }) {
  const me = useMe();
  const instance = useLoad(() => api.get<Instance>(`/instances/${encodeURIComponent(id)}`), [id]);
  const i = instance.value;
  const definition = useLoad(
    () =>
      i ? api.get<DefinitionWithSource>(definitionPath(i.processId, i.version)) : Promise.resolve(undefined),
    [i?.processId, i?.version],
  );
  const [error, setError] = useState<unknown>();
  useLiveEvents((change) => {
    const about =
      change.data.instanceId ?? (change.data.task as { instanceId?: string } | undefined)?.instanceId;
    if (about === id) instance.reload();
  });

  const source = definition.value?.sourceKind === 'bpmn' ? definition.value.source : undefined;
  const decorations = useMemo(
    () =>
      source && i
        ? pathDecorations(
            source,
            i.history.map((h) => h.elementId).filter((e): e is string => e !== null),
            i.activeElements,
            i.incidents.map((x) => x.elementId),
          )
        : {},
    [source, i],
  );

  const elementIds = useMemo(() => (source ? flowNodeIds(source) : []), [source]);

  const act = async (action: () => Promise<unknown>): Promise<void> => {
    setError(undefined);
    try {
      await action();
      instance.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (instance.error) return <ErrorNote error={instance.error} />;
  if (!i) return <Loading what="the instance" />;

  return (
    <section>
      <PageHeading title={`${i.processId} · ${i.businessKey ?? i.id.slice(0, 13)}`}>
        <Badge tone={stateTone(i.state)}>
          <span data-testid="instance-state">{i.state}</span>
        </Badge>
        {i.state === 'active' && hasRole(me, 'operator') && (
          <button
            type="button"
            onClick={() =>
              void act(() => api.post(`/instances/${i.id}/cancel`, { reason: 'cancelled in the web app' }))
            }
          >
            Cancel instance
          </button>
        )}
      </PageHeading>
      <dl className="facts">
        <dt>Process</dt>
        <dd>
          <Link href={`/processes/${encodeURIComponent(i.processId)}/${i.version}`}>
            {i.processId} version {i.version}
          </Link>
        </dd>
        <dt>Started</dt>
        <dd>{formatTime(i.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(i.endedAt)}</dd>
        <dt>Id</dt>
        <dd>
          <code>{i.id}</code>
        </dd>
      </dl>
      <ErrorNote error={error ?? definition.error} />
      {source && (
        <Suspense fallback={<Loading what="the diagram" />}>
          <BpmnDiagram
            xml={source}
            label={`Diagram of ${i.processId}: tokens and the path taken`}
            {...decorations}
          />
          <p className="legend">
            <span className="legend-token">token here</span> <span className="legend-path">path taken</span>{' '}
            <span className="legend-incident">incident</span>
          </p>
        </Suspense>
      )}
      {i.state === 'active' && hasRole(me, 'operator') && (
        <InstanceOperatorPanel instance={i} elementIds={elementIds} onChanged={instance.reload} />
      )}
      {i.incidents.length > 0 && (
        <section aria-labelledby="incidents-title">
          <h2 id="incidents-title">Incidents</h2>
          <ul className="incidents">
            {i.incidents.map((x) => (
              <li key={x.id}>
                <strong>{x.elementId}</strong>: {x.message}{' '}
                <span className="muted">({formatTime(x.createdAt)})</span>{' '}
                {hasRole(me, 'operator') && (
                  <button
                    type="button"
                    onClick={() => void act(() => api.post(`/incidents/${x.id}/retry`, { retries: 1 }))}
                  >
                    Retry
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="two-columns">
        <section aria-labelledby="variables-title">
          <h2 id="variables-title">Variables</h2>
          {Object.keys(i.variables).length === 0 ? (
            <p className="muted">No variables.</p>
          ) : (
            <table className="table compact">
              <caption className="visually-hidden">Variables</caption>
              <tbody>
                {Object.entries(i.variables).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>
                      <code>{JSON.stringify(value)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <ol className="timeline">
            {i.history.map((h) => (
              <li key={h.seq}>
                <time dateTime={h.at}>{formatTime(h.at)}</time> <strong>{h.type}</strong>
                {h.elementId && <> · {h.elementId}</>}
                {h.actor && <span className="muted"> by {h.actor}</span>}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
