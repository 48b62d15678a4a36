/**
 * Ad-hoc subprocesses. Each activity inside without incoming flows is offered once. With
 * automatic activation (the default) the offered activities start when the subprocess starts
 * (parallel ordering) or one after another in document order (sequential ordering). With
 * `sluice:activation="chosen"` nothing starts by itself: the activate-ad-hoc command picks
 * which offered activities start, and when (WCP-17 and WCP-40, the order decided at run time);
 * sequential ordering still lets only one path run at a time. Each time a path inside ends, the
 * completion condition is checked; once it holds nothing more is offered, and with
 * cancelRemainingInstances (the default) the running paths are cancelled. The subprocess
 * completes when nothing inside runs and nothing is left to offer.
 */
import { isActivity, type SubProcess } from '../model/graph.js';
import { scopeToken } from './event-subprocesses.js';
import type { Run } from './run.js';
import { cancelToken, completeScope } from './scopes.js';
import { type Command, CommandRejected, type Scope } from './types.js';

/** The activities an ad-hoc subprocess offers, in document order. */
const offered = (run: Run, sub: SubProcess): string[] =>
  Object.values(run.graph.elements)
    .filter(
      (e) =>
        e.scope === sub.id &&
        isActivity(e) &&
        e.incoming.length === 0 &&
        !e.forCompensation &&
        !(e.kind === 'subProcess' && e.triggeredByEvent),
    )
    .map((e) => e.id);

const chosen = (sub: SubProcess): boolean => sub.adHoc!.activation === 'chosen';

export function startAdHoc(run: Run, sub: SubProcess, scope: Scope): void {
  const ids = offered(run, sub);
  const now = chosen(sub) ? [] : sub.adHoc!.ordering === 'sequential' ? ids.slice(0, 1) : ids;
  scope.adHoc = { pending: ids.slice(now.length) };
  for (const id of now) run.arrive(run.newToken(id, scope.id));
  if (ids.length === 0) completeScope(run, scope);
}

/** A path inside the ad-hoc subprocess has ended (Run.consume hands it over). */
export function adHocPathEnded(run: Run, scope: Scope): void {
  const sub = run.element(scope.elementId) as SubProcess;
  const spec = sub.adHoc!;
  const condition = spec.completionCondition;
  if (condition !== undefined && run.evaluate(condition, scopeToken(run, scope, scope.elementId)) === true) {
    scope.adHoc = { pending: [] };
    if (spec.cancelRemainingInstances) for (const token of run.tokensIn(scope.id)) cancelToken(run, token);
  }
  if (run.tokensIn(scope.id).length > 0) return;
  const [next, ...rest] = scope.adHoc!.pending;
  if (next === undefined) return completeScope(run, scope);
  if (chosen(sub)) return; // waits for the next choice
  scope.adHoc = { pending: rest };
  run.arrive(run.newToken(next, scope.id));
}

/** The activate-ad-hoc command: start the chosen offered activities of a running ad-hoc subprocess. */
export function activateAdHoc(run: Run, cmd: Extract<Command, { type: 'activate-ad-hoc' }>): void {
  const reject = (code: string, message: string): never => {
    throw new CommandRejected(message, code);
  };
  const where = `ad-hoc subprocess '${cmd.elementId}' of instance '${cmd.instanceId}'`;
  const scopes = Object.values(run.state.scopes).filter((s) => s.elementId === cmd.elementId && s.adHoc);
  const scope = scopes[0];
  if (!scope) return reject('ad-hoc-not-running', `no ${where} is running`);
  if (scopes.length > 1) {
    return reject(
      'ad-hoc-ambiguous',
      `${scopes.length} runs of ${where} are active (it is a multi-instance activity); Sluice cannot tell which one to activate in`,
    );
  }
  const sub = run.element(cmd.elementId) as SubProcess;
  if (!chosen(sub)) {
    return reject(
      'ad-hoc-automatic',
      `${where} starts its activities itself; give it sluice:activation="chosen" to choose them with this command`,
    );
  }
  const pending = scope.adHoc!.pending;
  const offer = pending.length === 0 ? 'nothing is left to offer' : `it offers ${pending.join(', ')}`;
  if (cmd.activityIds.length === 0)
    return reject('ad-hoc-nothing-chosen', `choose an activity of ${where}: ${offer}`);
  const repeated = cmd.activityIds.filter((id, i) => cmd.activityIds.indexOf(id) !== i);
  const notOffered = cmd.activityIds.filter((id) => !pending.includes(id));
  if (repeated.length > 0 || notOffered.length > 0) {
    return reject(
      'ad-hoc-activity-not-offered',
      `${where} cannot start ${[...new Set([...repeated, ...notOffered])].join(', ')}: each activity runs once, and ${offer}`,
    );
  }
  if (sub.adHoc!.ordering === 'sequential') {
    const running = run.tokensIn(scope.id).map((t) => t.elementId);
    if (cmd.activityIds.length > 1 || running.length > 0) {
      return reject(
        'ad-hoc-busy',
        `${where} runs one activity at a time${running.length > 0 ? ` and is running ${running.join(', ')}` : ''}: choose one, when nothing else runs`,
      );
    }
  }
  scope.adHoc = { pending: pending.filter((id) => !cmd.activityIds.includes(id)) };
  run.emit('ad-hoc.activated', sub, run.state.tokens[scope.tokenId!], {
    ...(cmd.actor !== undefined && { actor: cmd.actor }),
    data: { activities: [...cmd.activityIds] },
  });
  for (const id of cmd.activityIds) run.arrive(run.newToken(id, scope.id));
}
