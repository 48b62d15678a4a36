/**
 * My inbox: the open tasks assigned to me or offered to me and my groups (operators may widen
 * it to every open task they see), each with its due date and SLA badge. Selecting one opens
 * it beside the list (on a phone, instead of it). The list follows the live event stream.
 */
import { useState } from 'react';
import { allPages } from '../app/api';
import { formatTime, relative } from '../app/format';
import { useLiveEvents } from '../app/live-events';
import { Link, navigate } from '../app/router';
import { hasRole, useMe } from '../app/session';
import type { Me, Task } from '../app/types';
import { Badge, ErrorNote, Loading, PageHeading } from '../app/ui';
import { useLoad } from '../app/use-load';
import { slaOf } from './sla';
import { TaskPane } from './task-pane';

const offeredTo = (me: Me, task: Task): boolean =>
  task.assignee === me.name ||
  (task.assignee === null &&
    (task.candidateUsers.includes(me.name) || task.candidateGroups.some((g) => me.groups.includes(g))));

export function InboxPage({ taskId }: { taskId?: string }) {
  const me = useMe();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const tasks = useLoad(() => allPages<Task>('/tasks', { state: 'open' }), []);
  const [lastChange, setLastChange] = useState(0);
  useLiveEvents((change) => {
    if (change.kind === 'task' || change.kind === 'ready') {
      tasks.reload();
      setLastChange((n) => n + 1);
    }
  });

  const shown = (tasks.value ?? [])
    .filter((task) => scope === 'all' || offeredTo(me, task))
    .sort(
      (a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.createdAt.localeCompare(b.createdAt),
    );

  return (
    <div className={`inbox ${taskId ? 'has-selection' : ''}`}>
      <section className="task-list" aria-labelledby="inbox-title">
        <PageHeading title="Inbox">
          {hasRole(me, 'operator') && (
            <label className="inline">
              Show
              <select value={scope} onChange={(e) => setScope(e.target.value as 'mine' | 'all')}>
                <option value="mine">offered to me</option>
                <option value="all">every open task</option>
              </select>
            </label>
          )}
        </PageHeading>
        <h2 id="inbox-title" className="visually-hidden">
          Open tasks
        </h2>
        <ErrorNote error={tasks.error} />
        {tasks.loading && !tasks.value && <Loading what="your tasks" />}
        {tasks.value && shown.length === 0 && <p className="muted">Nothing waits for you.</p>}
        <ul className="cards" aria-live="polite">
          {shown.map((task) => {
            const sla = slaOf(task);
            return (
              <li key={task.id} className={task.id === taskId ? 'selected' : ''}>
                <Link
                  href={`/inbox/${task.id}`}
                  className="card-link"
                  aria-current={task.id === taskId ? 'true' : undefined}
                >
                  <span className="card-title">{task.name ?? task.elementId}</span>
                  <span className="muted">{task.processId}</span>
                  <span className="card-meta">
                    {task.assignee === me.name ? (
                      <Badge tone="info">assigned to you</Badge>
                    ) : task.assignee ? (
                      <Badge tone="plain">{task.assignee}</Badge>
                    ) : (
                      <Badge tone="plain">unclaimed</Badge>
                    )}
                    {sla && <Badge tone={sla.tone}>{sla.label}</Badge>}
                    {task.due && <span title={formatTime(task.due)}>due {relative(task.due)}</span>}
                    {task.priority !== null && <span>priority {task.priority}</span>}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
      {taskId && (
        <section className="task-detail" aria-label="Selected task">
          <button type="button" className="link-button back" onClick={() => navigate('/inbox')}>
            ← Back to the inbox
          </button>
          <TaskPane key={taskId} taskId={taskId} changed={lastChange} onDone={() => navigate('/inbox')} />
        </section>
      )}
    </div>
  );
}
