/** One deployed version in the bpmn-js viewer, with its instances and the way to edit it. */
import { lazy, Suspense, useState } from 'react';
import { api } from '../app/api';
import { formatTime } from '../app/format';
import { Link, navigate } from '../app/router';
import { hasRole, useMe } from '../app/session';
import type { DefinitionWithSource } from '../app/types';
import { ErrorNote, Loading, PageHeading } from '../app/ui';
import { useLoad } from '../app/use-load';
import { MigrateDialog } from './migrate-dialog';

const BpmnDiagram = lazy(() => import('../diagram/bpmn-diagram'));

export const definitionPath = (processId: string, version: number): string =>
  `/definitions/${encodeURIComponent(processId)}/versions/${version}`;

export default function ProcessVersionPage({ processId, version }: { processId: string; version: number }) {
  const me = useMe();
  const definition = useLoad(
    () => api.get<DefinitionWithSource>(definitionPath(processId, version)),
    [processId, version],
  );
  const [error, setError] = useState<unknown>();
  const start = async (): Promise<void> => {
    try {
      const started = await api.post<{ instanceId: string }>('/instances', { processId, version });
      navigate(`/instances/${started.instanceId}`);
    } catch (e) {
      setError(e);
    }
  };
  const d = definition.value;
  return (
    <section>
      <PageHeading title={`${d?.name ?? processId} · version ${version}`}>
        {hasRole(me, 'operator', 'user') && (
          <button type="button" className="primary" onClick={() => void start()}>
            Start instance
          </button>
        )}
        {hasRole(me, 'modeler') && (
          <Link className="button" href={`/modeler/${encodeURIComponent(processId)}/${version}`}>
            Edit in modeler
          </Link>
        )}
        {hasRole(me, 'operator') && <MigrateDialog processId={processId} from={version} />}
        <Link className="button" href={`/instances?processId=${encodeURIComponent(processId)}`}>
          Instances
        </Link>
        <Link className="button" href={`/analytics/${encodeURIComponent(processId)}`}>
          Analytics
        </Link>
      </PageHeading>
      <ErrorNote error={definition.error ?? error} />
      {d && (
        <>
          <p className="muted">
            Deployed {formatTime(d.deployedAt)} from {d.resourceName ?? 'the builder'}.
          </p>
          {d.sourceKind === 'bpmn' ? (
            <Suspense fallback={<Loading what="the diagram" />}>
              <BpmnDiagram xml={d.source} label={`Diagram of ${processId} version ${version}`} height={560} />
            </Suspense>
          ) : (
            <p>This version was deployed from the TypeScript builder; it has no diagram to show.</p>
          )}
        </>
      )}
    </section>
  );
}
