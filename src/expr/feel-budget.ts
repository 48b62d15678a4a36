/**
 * A wall-clock bound on synchronous work. The FEEL libraries run to completion on the caller's
 * thread and offer no step hook, so nothing inside them can count iterations. Node's `vm`
 * module can: a script run with `timeout` is interrupted by a watchdog thread even while it is
 * inside functions of the main realm, which is where the interpreter's closures live. Starting
 * that watchdog costs about 0.2 ms, so only work that can loop pays for it (see feel-compile.ts:
 * `for`, `some`, `every` and function definitions); straight-line FEEL is bounded by its size.
 *
 * The vm context holds no state between runs (the job slot is cleared), so one per module is
 * safe to share. A budget opened inside another runs under the outer one: the outer watchdog
 * already bounds the whole.
 */
import { createContext, Script } from 'node:vm';

export class BudgetExceededError extends Error {
  constructor(readonly limitMs: number) {
    super(`evaluation took longer than ${limitMs} ms and was stopped`);
    this.name = 'BudgetExceededError';
  }
}

interface Sandbox {
  job: (() => unknown) | undefined;
}

const sandbox: Sandbox = { job: undefined };
const context = createContext(sandbox);
const script = new Script('job()', { filename: 'sluice-feel-budget.vm' });
let depth = 0;

/** Runs `work` and stops it after `limitMs` of wall-clock time, throwing BudgetExceededError. */
export function withinBudget<T>(limitMs: number, work: () => T): T {
  if (depth > 0 || !Number.isFinite(limitMs)) return work();
  depth++;
  sandbox.job = work;
  try {
    return script.runInContext(context, { timeout: Math.max(1, Math.floor(limitMs)) }) as T;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new BudgetExceededError(limitMs);
    throw error;
  } finally {
    sandbox.job = undefined;
    depth--;
  }
}

/** True while a budget is open: work that starts now is already bounded. */
export function insideBudget(): boolean {
  return depth > 0;
}
