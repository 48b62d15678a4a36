/**
 * The SLA badge of a task from its due date (the engine sets it to the SLA's breach instant):
 * breached once past it, at risk in the last quarter of the time from creation to due.
 */
import type { Task } from '../app/types';

export interface SlaState {
  readonly tone: 'ok' | 'warn' | 'bad';
  readonly label: string;
}

export function slaOf(task: Pick<Task, 'due' | 'createdAt'>, now = Date.now()): SlaState | undefined {
  if (!task.due) return undefined;
  const due = new Date(task.due).getTime();
  const created = new Date(task.createdAt).getTime();
  if (now >= due) return { tone: 'bad', label: 'SLA breached' };
  const left = (due - now) / Math.max(1, due - created);
  return left <= 0.25 ? { tone: 'warn', label: 'SLA at risk' } : { tone: 'ok', label: 'On track' };
}
