/**
 * How cases ended and what went wrong on the way: failed, cancelled or still open, with the
 * incidents and SLA breaches they had. Sluice's history records all of it (history-log.ts
 * collects it as `log.facts`); a file log says only what its lifecycle transitions say, so
 * for files a case with a `pi_abort` event counts as failed, one with an `ate_abort` as
 * cancelled, and incident and SLA breach rates are unknown (null), not zero.
 */
import { type EventLog, NONE } from './event-log.js';

export const caseOutcomes = ['completed', 'failed', 'cancelled', 'open'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** Something that happened to a case at a time, at an activity (an incident, an SLA breach). */
export interface CaseMark {
  readonly case: number;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly activity: string;
}

export interface CaseFacts {
  /** Per case, an index into `caseOutcomes`. */
  readonly outcome: Uint8Array;
  readonly incidents: readonly CaseMark[];
  readonly slaBreaches: readonly CaseMark[];
  /** True when incidents and SLA breaches were recorded (history), so none means none. */
  readonly recorded: boolean;
}

export const outcomeCode = (outcome: CaseOutcome): number => caseOutcomes.indexOf(outcome);

/** The log's own facts, or what its lifecycle transitions tell. */
export function caseFacts(log: EventLog): CaseFacts {
  if (log.facts) return log.facts;
  const failed = log.lifecycles.indexOf('pi_abort');
  const cancelled = log.lifecycles.indexOf('ate_abort');
  const outcome = new Uint8Array(log.caseCount);
  for (let c = 0; c < log.caseCount; c++) {
    let o = outcomeCode('completed');
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const l = log.lifecycle[e]!;
      if (l === NONE) continue;
      if (l === failed) o = outcomeCode('failed');
      else if (l === cancelled && o !== outcomeCode('failed')) o = outcomeCode('cancelled');
    }
    outcome[c] = o;
  }
  return { outcome, incidents: [], slaBreaches: [], recorded: false };
}

export interface CaseRates {
  readonly cases: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly open: number;
  /** Shares of all cases, 0..1 (null without cases). */
  readonly failureRate: number | null;
  readonly cancellationRate: number | null;
  /** Incidents raised; null when the source does not record incidents. */
  readonly incidents: number | null;
  readonly casesWithIncidents: number | null;
  /** Cases with at least one incident over all cases. */
  readonly incidentRate: number | null;
  readonly slaBreaches: number | null;
  readonly casesWithSlaBreach: number | null;
  /** Cases with at least one SLA breach over all cases. */
  readonly slaBreachRate: number | null;
}

export function caseRates(log: EventLog): CaseRates {
  const facts = caseFacts(log);
  const counts = [0, 0, 0, 0];
  for (const o of facts.outcome) counts[o]!++;
  const n = log.caseCount;
  const share = (k: number | null): number | null => (k === null || n === 0 ? null : k / n);
  const distinct = (marks: readonly CaseMark[]): number | null =>
    facts.recorded ? new Set(marks.map((m) => m.case)).size : null;
  const withIncidents = distinct(facts.incidents);
  const withBreach = distinct(facts.slaBreaches);
  return {
    cases: n,
    completed: counts[outcomeCode('completed')]!,
    failed: counts[outcomeCode('failed')]!,
    cancelled: counts[outcomeCode('cancelled')]!,
    open: counts[outcomeCode('open')]!,
    failureRate: share(counts[outcomeCode('failed')]!),
    cancellationRate: share(counts[outcomeCode('cancelled')]!),
    incidents: facts.recorded ? facts.incidents.length : null,
    casesWithIncidents: withIncidents,
    incidentRate: share(withIncidents),
    slaBreaches: facts.recorded ? facts.slaBreaches.length : null,
    casesWithSlaBreach: withBreach,
    slaBreachRate: share(withBreach),
  };
}

/** The facts of some cases of a log, renumbered as `keep` lists them. */
export function factsOf(facts: CaseFacts, keep: readonly number[]): CaseFacts {
  const index = new Map(keep.map((c, i) => [c, i]));
  const remap = (marks: readonly CaseMark[]): CaseMark[] =>
    marks.filter((m) => index.has(m.case)).map((m) => ({ ...m, case: index.get(m.case)! }));
  return {
    outcome: Uint8Array.from(keep, (c) => facts.outcome[c]!),
    incidents: remap(facts.incidents),
    slaBreaches: remap(facts.slaBreaches),
    recorded: facts.recorded,
  };
}
