/** Instances, filtered by process, state and business key, a page at a time. */
import { type FormEvent, useState } from 'react';
import { allPages, api, type Page } from '../app/api';
import { formatTime } from '../app/format';
import { useLiveEvents } from '../app/live-events';
import { Link, navigate, useLocation } from '../app/router';
import type { Definition, InstanceSummary } from '../app/types';
import { Badge, ErrorNote, Loading, PageHeading, stateTone } from '../app/ui';
import { useLoad } from '../app/use-load';

const states = ['', 'active', 'completed', 'terminated', 'failed'] as const;

export default function InstancesPage() {
  const { query } = useLocation();
  const filter = {
    processId: query.get('processId') ?? '',
    state: query.get('state') ?? '',
    businessKey: query.get('businessKey') ?? '',
  };
  const [draft, setDraft] = useState(filter);
  const [pages, setPages] = useState<string[]>([]);
  const definitions = useLoad(() => allPages<Definition>('/definitions'), []);
  const key = `${filter.processId}|${filter.state}|${filter.businessKey}|${pages.join(',')}`;
  const instances = useLoad(async () => {
    const items: InstanceSummary[] = [];
    let next: string | null = null;
    for (const after of ['', ...pages]) {
      const page: Page<InstanceSummary> = await api.get('/instances', {
        ...filter,
        limit: 50,
        after: after || undefined,
      });
      items.push(...page.items);
      next = page.next;
    }
    return { items, next };
  }, [key]);
  useLiveEvents((change) => change.kind === 'instance' && instances.reload());

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    setPages([]);
    const params = new URLSearchParams(Object.entries(draft).filter(([, v]) => v !== ''));
    navigate(`/instances${params.size ? `?${params}` : ''}`);
  };
  const processIds = [...new Set((definitions.value ?? []).map((d) => d.processId))];

  return (
    <section>
      <PageHeading title="Instances" />
      <form className="filters" onSubmit={apply} aria-label="Filter instances">
        <label>
          Process
          <select value={draft.processId} onChange={(e) => setDraft({ ...draft, processId: e.target.value })}>
            <option value="">any</option>
            {processIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={draft.state} onChange={(e) => setDraft({ ...draft, state: e.target.value })}>
            {states.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Business key
          <input
            value={draft.businessKey}
            onChange={(e) => setDraft({ ...draft, businessKey: e.target.value })}
          />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorNote error={instances.error} />
      {instances.loading && !instances.value && <Loading what="instances" />}
      {instances.value && instances.value.items.length === 0 && <p className="muted">No instance matches.</p>}
      {instances.value && instances.value.items.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">Instances</caption>
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Process</th>
              <th scope="col">State</th>
              <th scope="col">Business key</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {instances.value.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/instances/${i.id}`}>{i.id.slice(0, 13)}…</Link>
                </td>
                <td>
                  {i.processId} v{i.version}
                </td>
                <td>
                  <Badge tone={stateTone(i.state)}>{i.state}</Badge>
                </td>
                <td>{i.businessKey ?? '—'}</td>
                <td>{formatTime(i.startedAt)}</td>
                <td>{formatTime(i.endedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {instances.value?.next && (
        <button type="button" onClick={() => setPages([...pages, instances.value!.next!])}>
          Show more
        </button>
      )}
    </section>
  );
}
