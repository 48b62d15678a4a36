/**
 * The outbox rows an instance holds while it waits (tasks, jobs, timers, subscriptions), found
 * from its state alone, each with the element it belongs to. Suspension stops their timers and
 * jobs; migration moves them to their new elements.
 */
import type { InstanceState, Trigger } from '../types.js';
import type { RowMove } from './modify-types.js';

export type HeldRow = Omit<RowMove, 'name'>;

export function heldRows(state: InstanceState): HeldRow[] {
  const rows: HeldRow[] = [];
  const triggers = (list: readonly Trigger[] | undefined): void => {
    for (const t of list ?? []) {
      if (t.timerId !== undefined) rows.push({ table: 'timers', id: t.timerId, elementId: t.eventId });
      if (t.subscriptionId !== undefined)
        rows.push({ table: 'subscriptions', id: t.subscriptionId, elementId: t.eventId });
    }
  };
  for (const token of Object.values(state.tokens)) {
    const elementId = token.elementId;
    const wait = token.wait;
    if (wait?.kind === 'job') rows.push({ table: 'jobs', id: wait.jobId, elementId });
    else if (wait?.kind === 'task') rows.push({ table: 'tasks', id: wait.taskId, elementId });
    else if (wait?.kind === 'timer') rows.push({ table: 'timers', id: wait.timerId, elementId });
    else if (wait?.kind === 'message')
      rows.push({ table: 'subscriptions', id: wait.subscriptionId, elementId });
    else if (wait?.kind === 'incident' && wait.jobId) rows.push({ table: 'jobs', id: wait.jobId, elementId });
    else if (wait?.kind === 'event-gateway') triggers(wait.triggers);
    triggers(token.boundary);
    for (const id of Object.keys(token.task?.sla?.timers ?? {}))
      rows.push({ table: 'timers', id, elementId });
  }
  for (const scope of Object.values(state.scopes)) triggers(scope.listeners);
  return rows;
}

/** Ids of the rows of one table. */
export const idsOf = (rows: readonly HeldRow[], table: HeldRow['table']): string[] =>
  rows.filter((r) => r.table === table).map((r) => r.id);
