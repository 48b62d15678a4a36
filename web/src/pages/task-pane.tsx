/**
 * One task: what it is, who has it, its form, and what may be done with it: claim or give it
 * back, complete it through its form, delegate it, comment on it. A form-js schema renders
 * with form-js (loaded on first use); a task without one completes with its variables as they
 * are, or with a JSON document of changes.
 */
import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { api } from '../app/api';
import { formatTime, relative } from '../app/format';
import { Link } from '../app/router';
import { useMe } from '../app/session';
import type { Comment, TaskDetail, TaskForm } from '../app/types';
import { Badge, ErrorNote, Loading } from '../app/ui';
import { useLoad } from '../app/use-load';
import { slaOf } from './sla';

const FormJsForm = lazy(() => import('./form-js-form'));

export function TaskPane({
  taskId,
  changed,
  onDone,
}: {
  taskId: string;
  changed: number;
  onDone: () => void;
}) {
  const me = useMe();
  const task = useLoad(() => api.get<TaskDetail>(`/tasks/${encodeURIComponent(taskId)}`), [taskId]);
  const form = useLoad(() => api.get<TaskForm>(`/tasks/${encodeURIComponent(taskId)}/form`), [taskId]);
  const comments = useLoad(
    () => api.get<{ items: Comment[] }>(`/tasks/${encodeURIComponent(taskId)}/comments`).then((c) => c.items),
    [taskId],
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const reloadTask = task.reload;
  useEffect(() => {
    if (changed > 0) reloadTask();
  }, [changed, reloadTask]);

  if (task.error) return <ErrorNote error={task.error} />;
  if (!task.value) return <Loading what="the task" />;
  const t = task.value;
  const path = `/tasks/${encodeURIComponent(t.id)}`;
  const mine = t.assignee === me.name;
  const open = t.state === 'open';

  const act = async (action: () => Promise<unknown>, message?: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      if (message) setDone(message);
      task.reload();
      comments.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const complete = (variables: Record<string, unknown>): Promise<void> =>
    act(async () => {
      if (!mine) await api.post(`${path}/claim`);
      await api.post(`${path}/complete`, { variables });
      onDone();
    }, 'Completed.');
  const sla = slaOf(t);

  return (
    <article className="task" aria-labelledby="task-title">
      <h2 id="task-title">{t.name ?? t.elementId}</h2>
      <dl className="facts">
        <dt>Process</dt>
        <dd>
          {t.processId} · <Link href={`/instances/${t.instanceId}`}>instance</Link>
        </dd>
        <dt>Assignee</dt>
        <dd>
          {t.assignee ?? 'nobody yet'}
          {t.owner && ` (delegated by ${t.owner})`}
        </dd>
        <dt>Offered to</dt>
        <dd>{[...t.candidateUsers, ...t.candidateGroups.map((g) => `group ${g}`)].join(', ') || '—'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(t.createdAt)}</dd>
        <dt>Due</dt>
        <dd>
          {t.due ? `${formatTime(t.due)} (${relative(t.due)})` : '—'}{' '}
          {sla && <Badge tone={sla.tone}>{sla.label}</Badge>}
        </dd>
        {t.suspended && (
          <>
            <dt>State</dt>
            <dd>
              <Badge tone="warn">suspended</Badge>
            </dd>
          </>
        )}
      </dl>
      <div className="actions" role="group" aria-label="Task actions">
        {open && !t.assignee && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => api.post(`${path}/claim`), 'Claimed.')}
          >
            Claim
          </button>
        )}
        {open && mine && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => api.post(`${path}/unclaim`), 'Given back.')}
          >
            Unclaim
          </button>
        )}
      </div>
      <p className="muted" aria-live="polite">
        {done}
      </p>
      <ErrorNote error={error} />
      {open && (
        <section aria-labelledby="form-title" className="task-form">
          <h3 id="form-title">Form</h3>
          {form.error ? <ErrorNote error={form.error} /> : null}
          {form.value?.schema ? (
            <Suspense fallback={<Loading what="the form" />}>
              <FormJsForm
                schema={form.value.schema}
                data={t.variables}
                busy={busy}
                onSubmit={(data) => void complete(data)}
              />
            </Suspense>
          ) : form.value || form.error ? (
            <PlainCompletion variables={t.variables} busy={busy} onSubmit={(data) => void complete(data)} />
          ) : (
            <Loading what="the form" />
          )}
        </section>
      )}
      {open && (
        <Delegate
          busy={busy}
          onDelegate={(to) => void act(() => api.post(`${path}/delegate`, { to }), `Delegated to ${to}.`)}
        />
      )}
      <section aria-labelledby="comments-title">
        <h3 id="comments-title">Comments</h3>
        <ErrorNote error={comments.error} />
        <ol className="comments">
          {(comments.value ?? []).map((c) => (
            <li key={c.id}>
              <strong>{c.actor ?? 'someone'}</strong> <span className="muted">{formatTime(c.at)}</span>
              <p>{c.text}</p>
            </li>
          ))}
        </ol>
        <CommentBox
          busy={busy}
          onComment={(text) => void act(() => api.post(`${path}/comments`, { text }))}
        />
      </section>
    </article>
  );
}

function PlainCompletion({
  variables,
  busy,
  onSubmit,
}: {
  variables: Record<string, unknown>;
  busy: boolean;
  onSubmit: (data: Record<string, unknown>) => void;
}) {
  const [text, setText] = useState('{}');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    try {
      const value: unknown = JSON.parse(text || '{}');
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('an object');
      setError(undefined);
      onSubmit(value as Record<string, unknown>);
    } catch {
      setError('The variables must be a JSON object, such as {"approved": true}.');
    }
  };
  return (
    <form onSubmit={submit}>
      <p className="muted">This task has no form. Its variables:</p>
      <pre className="json">{JSON.stringify(variables, null, 2)}</pre>
      <label>
        Variables to set on completion (JSON)
        <textarea
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error !== undefined}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Complete
      </button>
    </form>
  );
}

function Delegate({ busy, onDelegate }: { busy: boolean; onDelegate: (to: string) => void }) {
  const [to, setTo] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (to.trim()) onDelegate(to.trim());
        setTo('');
      }}
    >
      <label>
        Delegate to
        <input
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="user name"
          autoComplete="off"
        />
      </label>
      <button type="submit" disabled={busy || !to.trim()}>
        Delegate
      </button>
    </form>
  );
}

function CommentBox({ busy, onComment }: { busy: boolean; onComment: (text: string) => void }) {
  const [text, setText] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) onComment(text.trim());
        setText('');
      }}
    >
      <label>
        Comment
        <input value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      </label>
      <button type="submit" disabled={busy || !text.trim()}>
        Add comment
      </button>
    </form>
  );
}
