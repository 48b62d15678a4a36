/**
 * The rows of the operator effects (migration and suspension, src/core/commands/modify-types.ts):
 * updates by id of rows the instance already holds, the same on every dialect.
 */
import type { OperatorEffect } from '../core/commands/modify-types.js';
import type { RowOp } from './outbox-rows.js';

export function operatorRowOps(effect: OperatorEffect, instanceId: string): RowOp[] {
  if (effect.kind === 'suspend-rows') {
    const suspended = effect.suspended ? 1 : 0;
    return [
      ...effect.timers.map((id): RowOp => ({ op: 'update', table: 'timers', id, set: { suspended } })),
      ...effect.jobs.map((id): RowOp => ({ op: 'update', table: 'jobs', id, set: { suspended } })),
    ];
  }
  const { version } = effect;
  return [
    // Steps write the instance row's state only; its version column moves here.
    { op: 'update', table: 'instances', id: instanceId, set: { version } },
    ...effect.rows.map((row): RowOp => {
      switch (row.table) {
        case 'tasks':
          return {
            op: 'update',
            table: 'tasks',
            id: row.id,
            set: { element_id: row.elementId, version, ...(row.name !== undefined && { name: row.name }) },
          };
        case 'jobs':
          return { op: 'update', table: 'jobs', id: row.id, set: { element_id: row.elementId } };
        case 'timers':
        case 'subscriptions':
          return { op: 'update', table: row.table, id: row.id, set: { element_id: row.elementId, version } };
      }
    }),
  ];
}
