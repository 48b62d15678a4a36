/**
 * Critical sections (WCP-39): subprocesses that share a `sluice:mutex` name run one at a time
 * within an instance. A token that reaches one while another holds the name waits (wait kind
 * `mutex`); at the end of each step of a model with mutexes, the earliest waiter of each free
 * name enters. Models without mutexes never run this.
 */
import type { Run } from './run.js';
import type { Token } from './types.js';

const mutexAt = (run: Run, token: Token): string | undefined => {
  const element = run.graph.elements[token.elementId];
  return element?.kind === 'subProcess' ? element.mutex : undefined;
};

/** Whether a token other than `token` is inside a subprocess holding the name. */
export const mutexHeld = (run: Run, name: string, token: Token): boolean =>
  run.findToken((t) => t !== token && t.wait?.kind === 'subprocess' && mutexAt(run, t) === name) !==
  undefined;

/** Lets the earliest waiter of each free name in; returns whether one entered. */
export function settleMutexes(run: Run): boolean {
  const waiting = Object.values(run.state.tokens)
    .filter((t) => t.wait?.kind === 'mutex')
    .sort((a, b) => a.enteredAt - b.enteredAt);
  const taken = new Set<string>();
  for (const token of waiting) {
    const name = mutexAt(run, token)!;
    if (taken.has(name) || mutexHeld(run, name, token)) continue;
    taken.add(name);
    delete token.wait;
    run.arrive(token);
  }
  return taken.size > 0;
}
