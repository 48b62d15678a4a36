/**
 * The scenario: everything a simulation needs beyond the model, as JSON. How cases arrive, how
 * long each activity takes and who does it, how gateways branch, what data cases carry, when
 * SLAs breach, and the what-if variants to compare with it. Parsing checks the whole document
 * and names the field of every problem.
 */
import { z } from 'zod';
import { SluiceError } from '../engine/errors.js';
import { distributionKinds, type Distribution } from './distributions.js';

const time = z.union([z.number().min(0), z.string().min(2)]);

const distribution: z.ZodType<Distribution> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: time }).strict(),
  z.object({ kind: z.literal('exponential'), mean: time }).strict(),
  z.object({ kind: z.literal('normal'), mean: time, sd: time }).strict(),
  z.object({ kind: z.literal('lognormal'), mean: time, sd: time }).strict(),
  z.object({ kind: z.literal('uniform'), min: time, max: time }).strict(),
  z
    .object({
      kind: z.literal('empirical'),
      values: z.array(time).min(1),
      weights: z.array(z.number().min(0)).optional(),
    })
    .strict(),
]);

const numbers = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), value: z.number() }).strict(),
  z.object({ kind: z.literal('normal'), mean: z.number(), sd: z.number().min(0) }).strict(),
  z.object({ kind: z.literal('lognormal'), mean: z.number(), sd: z.number().min(0) }).strict(),
  z.object({ kind: z.literal('exponential'), mean: z.number().min(0) }).strict(),
  z.object({ kind: z.literal('uniform'), min: z.number(), max: z.number() }).strict(),
  z
    .object({
      kind: z.literal('empirical'),
      values: z.array(z.number()).min(1),
      weights: z.array(z.number().min(0)).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('choice'),
      values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
      weights: z.array(z.number().min(0)).optional(),
    })
    .strict(),
]);

const arrivals = z.discriminatedUnion('kind', [
  /** A Poisson process: `rate` cases per `per` (default one hour). */
  z.object({ kind: z.literal('poisson'), rate: z.number().positive(), per: time.optional() }).strict(),
  /** Times between arrivals drawn from a distribution (calibration writes an empirical one). */
  z.object({ kind: z.literal('empirical'), interArrival: distribution }).strict(),
  /** Poisson arrivals only while the timetable is open: `week` as 'mon-fri 09:00-17:00'. */
  z
    .object({
      kind: z.literal('timetable'),
      week: z.string().min(1),
      timeZone: z.string().optional(),
      rate: z.number().positive(),
      per: time.optional(),
    })
    .strict(),
]);

const strategies = ['role', 'round-robin', 'shortest-queue', 'random'] as const;

const pool = z
  .object({
    /** Interchangeable people (the fast path); or name them with `users` and `groups`. */
    size: z.number().int().min(0).optional(),
    /** People of the scenario's `directory`, by id, who take this pool's work. */
    users: z.array(z.string().min(1)).optional(),
    /** Groups of the scenario's `directory` whose members take this pool's work. */
    groups: z.array(z.string().min(1)).optional(),
    /** Weekly hours as 'mon-fri 09:00-17:00'; work stops outside them and resumes after. */
    calendar: z.string().min(1).optional(),
    timeZone: z.string().optional(),
    costPerHour: z.number().min(0).optional(),
    strategy: z.enum(strategies).optional(),
  })
  .strict();

const activity = z
  .object({
    duration: distribution.optional(),
    pool: z.string().min(1).optional(),
    /** Time the task waits, once enabled, before its work can begin (for documents, a customer), apart from waiting for people. */
    delay: distribution.optional(),
    /** Cost per execution, on top of the pool's hourly cost. */
    cost: z.number().min(0).optional(),
    /** Automated: no pool, and `duration` (default none) is the machine's time. */
    automate: z.boolean().optional(),
    /** `sluice:` work attributes laid over the model's (assignment, skills, SLA), as docs/work.md lists them. */
    work: z.record(z.string(), z.string()).optional(),
    /** How many instances a multi-instance runs, or how many times a loop runs (a generated collection size). */
    instances: numbers.optional(),
  })
  .strict();

const event = z
  .object({
    /** How long a catch event (message, signal, conditional) or receive task waits. */
    delay: distribution.optional(),
    /** For a boundary event other than a timer: the chance it fires during the activity. */
    probability: z.number().min(0).max(1).optional(),
  })
  .strict();

const sla = z
  .object({
    /** The time a case may take, arrival to end. */
    case: time.optional(),
    /** The time each activity may take, enabled to completed, by activity id or name. */
    activities: z.record(z.string(), time).optional(),
  })
  .strict();

const changes = {
  arrivals: arrivals.optional(),
  activities: z.record(z.string(), activity).optional(),
  pools: z.record(z.string(), pool).optional(),
  branches: z.record(z.string(), z.number().min(0)).optional(),
  data: z.record(z.string(), numbers).optional(),
  events: z.record(z.string(), event).optional(),
  sla: sla.optional(),
  /** People, groups, skills, calendars and absences, in the directory JSON format `sluice directory import` reads. */
  directory: z.record(z.string(), z.unknown()).optional(),
};

const whatIf = z
  .object({
    name: z.string().min(1),
    ...changes,
    /** Multiplies the arrival rate (1.2: a fifth more cases). */
    volume: z.number().positive().optional(),
    pools: z.record(z.string(), pool.partial()).optional(),
    activities: z.record(z.string(), activity.partial()).optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().optional(),
    /** Which process of the model file; the first executable one when absent. */
    processId: z.string().optional(),
    /** When the simulated clock starts (ISO date-time); calendars and timetables read it. */
    start: z.string().optional(),
    /** Cases that arrive in one run. */
    cases: z.number().int().positive().max(50_000_000).optional(),
    /** Cases at the start of each run left out of the results, while queues fill up. */
    warmUp: z.number().int().min(0).optional(),
    ...changes,
    arrivals,
    whatIf: z.array(whatIf).optional(),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type WhatIf = z.infer<typeof whatIf>;
export type Arrivals = z.infer<typeof arrivals>;
export type PoolSettings = z.infer<typeof pool>;
export type ActivitySettings = z.infer<typeof activity>;
export type DataSpec = z.infer<typeof numbers>;
export type AssignmentStrategy = (typeof strategies)[number];
export { distributionKinds };

/** Reads a scenario from parsed JSON, or throws naming every problem with its path. */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
  throw new SluiceError(
    'invalid',
    'scenario-invalid',
    `${source} is not a valid scenario: ${problems.join('; ')}`,
    'see docs/simulation.md for the scenario format',
  );
}

/** The scenario with one what-if's changes laid over it (records merge by key). */
export function applyWhatIf(base: Scenario, change: WhatIf): Scenario {
  const pools = { ...base.pools };
  for (const [id, p] of Object.entries(change.pools ?? {})) {
    const before = pools[id];
    if (!before && p.size === undefined && p.users === undefined && p.groups === undefined)
      throw new SluiceError(
        'invalid',
        'scenario-invalid',
        `what-if '${change.name}' changes pool '${id}', which the scenario does not have`,
        `name one of: ${Object.keys(pools).join(', ') || '(no pools)'}, or give the new pool a size or people`,
      );
    pools[id] = { ...before, ...p };
  }
  const activities = { ...base.activities };
  for (const [id, a] of Object.entries(change.activities ?? {})) activities[id] = { ...activities[id], ...a };
  let arrivalsNow = change.arrivals ?? base.arrivals;
  if (change.volume !== undefined) arrivalsNow = scaled(arrivalsNow, change.volume);
  return {
    ...base,
    name: change.name,
    arrivals: arrivalsNow,
    pools,
    activities,
    branches: { ...base.branches, ...change.branches },
    data: { ...base.data, ...change.data },
    events: { ...base.events, ...change.events },
    sla: { ...base.sla, ...change.sla },
    whatIf: [],
  };
}

function scaled(a: Arrivals, factor: number): Arrivals {
  if (a.kind !== 'empirical') return { ...a, rate: a.rate * factor };
  return { kind: 'empirical', interArrival: stretch(a.interArrival, 1 / factor) };
}

function stretch(d: Distribution, k: number): Distribution {
  const t = (v: number | string): number | string => (typeof v === 'number' ? v * k : v);
  if (Object.values(d).some((v) => typeof v === 'string' && v !== d.kind))
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      'a what-if volume cannot scale inter-arrival times written as ISO durations',
      'write the empirical inter-arrival times in seconds',
    );
  switch (d.kind) {
    case 'fixed':
      return { kind: 'fixed', value: t(d.value) };
    case 'exponential':
      return { kind: 'exponential', mean: t(d.mean) };
    case 'normal':
    case 'lognormal':
      return { kind: d.kind, mean: t(d.mean), sd: t(d.sd) };
    case 'uniform':
      return { kind: 'uniform', min: t(d.min), max: t(d.max) };
    case 'empirical':
      return { ...d, values: d.values.map(t) };
  }
}
