import type { ProcessGraph } from '../../model/graph.js';
import { CommandRejected, type InstanceState, type StartCommand, type StepContext } from '../types.js';
import { armListeners } from '../event-subprocesses.js';
import type { Run } from '../run.js';

/** The state of an instance before its first step: a root scope holding the start variables. */
export function newInstance(graph: ProcessGraph, cmd: StartCommand, ctx: StepContext): InstanceState {
  return {
    id: cmd.instanceId,
    processId: graph.id,
    version: cmd.version,
    ...(cmd.businessKey !== undefined && { businessKey: cmd.businessKey }),
    status: 'active',
    startedAt: ctx.now,
    ...(cmd.parent && { parent: cmd.parent }),
    scopes: { [cmd.instanceId]: { id: cmd.instanceId, elementId: graph.id, vars: { ...cmd.variables } } },
    tokens: {},
  };
}

function startEventOf(run: Run, cmd: StartCommand): string {
  const { graph } = run;
  if (cmd.startEventId !== undefined) {
    if (!graph.startEvents.includes(cmd.startEventId)) {
      throw new CommandRejected(
        `process '${graph.id}' has no start event '${cmd.startEventId}'`,
        'unknown-start-event',
      );
    }
    return cmd.startEventId;
  }
  const none = graph.startEvents.find((id) => {
    const element = graph.elements[id]!;
    return element.kind === 'startEvent' && element.event.type === 'none';
  });
  if (none === undefined) {
    throw new CommandRejected(
      `process '${graph.id}' has no none start event; it starts by a message or a timer`,
      'no-none-start-event',
    );
  }
  return none;
}

export function start(run: Run, cmd: StartCommand): void {
  const startEventId = startEventOf(run, cmd);
  run.emit('instance.started', undefined, undefined, {
    ...(cmd.actor && { actor: cmd.actor }),
    data: {
      ...(cmd.businessKey !== undefined && { businessKey: cmd.businessKey }),
      ...(cmd.parent && { parentInstanceId: cmd.parent.instanceId }),
      startEventId,
    },
  });
  if (cmd.variables && Object.keys(cmd.variables).length > 0) {
    run.emit('variables.changed', undefined, undefined, { data: { variables: cmd.variables } });
  }
  if (cmd.nextTimer) {
    run.effect({
      kind: 'schedule-timer',
      timerId: cmd.nextTimer.timerId,
      elementId: startEventId,
      dueAt: cmd.nextTimer.dueAt,
      ...(cmd.nextTimer.repeat && { repeat: cmd.nextTimer.repeat }),
      start: { processId: run.graph.id, version: run.state.version },
    });
  }
  armListeners(run, run.state.scopes[run.state.id]!);
  run.arrive(run.newToken(startEventId, run.state.id));
}
