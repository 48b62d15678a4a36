/**
 * Migrating the running instances of a version to another (docs/versions.md): choose the target
 * version, edit the element mapping (ids both versions share are prefilled), see the dry run's
 * plan per instance and its problems, then run it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../app/api';
import type { DefinitionWithSource } from '../app/types';
import { ErrorNote } from '../app/ui';
import { flowNodeIds } from './bpmn-elements';
import { definitionPath } from './process-version-page';

interface VersionInfo {
  readonly version: number;
  readonly suspended: boolean;
  readonly activeInstances: number;
}

interface MigrationReport {
  readonly dryRun: boolean;
  readonly instances: {
    readonly instanceId: string;
    readonly tokens: { readonly from: string; readonly to: string }[];
    readonly carried: { readonly tasks: number; readonly jobs: number; readonly timers: number };
  }[];
  readonly problems: { readonly instanceId?: string; readonly message: string; readonly hint: string }[];
  readonly migrated: number;
  readonly failed: { readonly instanceId: string; readonly error: string }[];
}

const sourceIds = async (processId: string, version: number): Promise<string[]> => {
  const d = await api.get<DefinitionWithSource>(definitionPath(processId, version));
  return d.sourceKind === 'bpmn' ? flowNodeIds(d.source) : [];
};

export function MigrateDialog({ processId, from }: { processId: string; from: number }) {
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [to, setTo] = useState<number | undefined>();
  const [fromIds, setFromIds] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [targetIds, setTargetIds] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [report, setReport] = useState<MigrationReport>();
  const [error, setError] = useState<unknown>();

  const open = async (): Promise<void> => {
    setError(undefined);
    setReport(undefined);
    dialog.current?.showModal();
    try {
      const listed = await api.get<{ versions: VersionInfo[] }>(
        `/definitions/${encodeURIComponent(processId)}/versions`,
      );
      setVersions(listed.versions);
      setFromIds(await sourceIds(processId, from));
      const others = listed.versions.map((v) => v.version).filter((v) => v !== from);
      setTo(others.find((v) => v > from) ?? others.at(-1));
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    if (to === undefined) return;
    let current = true;
    void sourceIds(processId, to).then(
      (target) => {
        if (!current) return;
        setTargetIds(target);
        setMapping(Object.fromEntries(fromIds.map((id) => [id, target.includes(id) ? id : ''])));
        setReport(undefined);
      },
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [processId, to, fromIds]);

  const run = async (dryRun: boolean): Promise<void> => {
    if (to === undefined) return;
    setError(undefined);
    try {
      setReport(
        await api.post<MigrationReport>(`/definitions/${encodeURIComponent(processId)}/migrate`, {
          from,
          to,
          mapping: Object.fromEntries(Object.entries(mapping).filter(([, target]) => target.trim() !== '')),
          dryRun,
          ...(reason.trim() !== '' && { reason: reason.trim() }),
        }),
      );
    } catch (e) {
      setError(e);
    }
  };

  const planned = report?.dryRun === true && report.problems.length === 0;
  return (
    <>
      <button type="button" onClick={() => void open()}>
        Migrate instances…
      </button>
      <dialog ref={dialog} aria-labelledby={`${ids}-title`}>
        <h2 id={`${ids}-title`}>
          Migrate the running instances of {processId} version {from}
        </h2>
        <p>
          <label htmlFor={`${ids}-to`}>To version</label>{' '}
          <select
            id={`${ids}-to`}
            value={to ?? ''}
            onChange={(e) => setTo(e.target.value === '' ? undefined : Number(e.target.value))}
          >
            <option value="">choose a version</option>
            {versions
              .filter((v) => v.version !== from)
              .map((v) => (
                <option key={v.version} value={v.version}>
                  version {v.version}
                  {v.suspended ? ' (suspended)' : ''}
                </option>
              ))}
          </select>{' '}
          <span className="muted">
            {versions.find((v) => v.version === from)?.activeInstances ?? 0} running on version {from}
          </span>
        </p>
        {to !== undefined && (
          <table className="table compact">
            <caption>
              Mapping: each element of version {from} to one of version {to} (empty: not mapped)
            </caption>
            <thead>
              <tr>
                <th scope="col">Version {from}</th>
                <th scope="col">Version {to}</th>
              </tr>
            </thead>
            <tbody>
              {fromIds.map((id) => (
                <tr key={id}>
                  <th scope="row">
                    <label htmlFor={`${ids}-map-${id}`}>{id}</label>
                  </th>
                  <td>
                    <input
                      id={`${ids}-map-${id}`}
                      list={`${ids}-targets`}
                      value={mapping[id] ?? ''}
                      onChange={(e) => {
                        setMapping({ ...mapping, [id]: e.target.value });
                        setReport(undefined);
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <datalist id={`${ids}-targets`}>
          {targetIds.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        <p>
          <label htmlFor={`${ids}-reason`}>Reason</label>{' '}
          <input
            id={`${ids}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={1000}
          />
        </p>
        <ErrorNote error={error} />
        {report && (
          <section aria-label="Migration report" role="status">
            {report.dryRun ? (
              <p>
                Dry run: {report.instances.length} instance(s) would move
                {report.problems.length > 0 && `; ${report.problems.length} problem(s) refuse the migration`}.
              </p>
            ) : (
              <p>
                Migrated {report.migrated} instance(s)
                {report.failed.length > 0 && `; ${report.failed.length} failed`}.
              </p>
            )}
            <ul>
              {report.problems.map((p, n) => (
                <li key={`p${n}`} className="error">
                  {p.instanceId && <code>{p.instanceId.slice(0, 13)}</code>} {p.message} ({p.hint})
                </li>
              ))}
              {report.failed.map((f) => (
                <li key={f.instanceId} className="error">
                  <code>{f.instanceId.slice(0, 13)}</code> {f.error}
                </li>
              ))}
              {report.dryRun &&
                report.instances.map((plan) => (
                  <li key={plan.instanceId}>
                    <code>{plan.instanceId.slice(0, 13)}</code>:{' '}
                    {plan.tokens.map((t) => `${t.from} → ${t.to}`).join(', ')}; carries {plan.carried.tasks}{' '}
                    task(s), {plan.carried.jobs} job(s), {plan.carried.timers} timer(s)
                  </li>
                ))}
            </ul>
          </section>
        )}
        <p className="actions">
          <button type="button" disabled={to === undefined} onClick={() => void run(true)}>
            Dry run
          </button>
          <button
            type="button"
            className="primary"
            disabled={!planned}
            title={planned ? undefined : 'a dry run without problems comes first'}
            onClick={() => void run(false)}
          >
            Migrate
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </p>
      </dialog>
    </>
  );
}
