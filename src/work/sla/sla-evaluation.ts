/**
 * Pure SLA evaluation: the instants of the escalation ladder (for the engine's timers) and
 * the state of the clock at a given moment (for worklists and the web app). Call again after
 * every pause and resume: the instants move with the clock.
 */
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { type Clock, elapsedClock, elapsedUntil, instantOf, runs, workingClock } from './sla-clock.js';
import type { Pause, Sla, SlaDeadline, SlaStatus } from './sla-types.js';

const clockOf = (sla: Sla, calendar: WorkingCalendar | undefined): Clock => {
  if (sla.clock === 'calendar') return elapsedClock;
  if (!calendar) throw new TypeError('an SLA in working time needs the calendar it runs on');
  return workingClock(calendar);
};

/**
 * The ladder's instants in order, always with the 100% instant (marked `breach`) even when the
 * ladder has no step there. Steps whose instant falls behind an open pause are left out: they
 * are not known until the clock runs again.
 */
export function slaDeadlines(
  sla: Sla,
  calendar: WorkingCalendar | undefined,
  startedAt: number,
  pauses: readonly Pause[] = [],
): SlaDeadline[] {
  const clock = clockOf(sla, calendar);
  const stretches = runs(startedAt, pauses);
  const steps = new Map<number, SlaDeadline['actions'][number][]>([[100, []]]);
  for (const step of sla.ladder) {
    const actions = steps.get(step.percent) ?? [];
    actions.push(...step.actions);
    steps.set(step.percent, actions);
  }
  const deadlines: SlaDeadline[] = [];
  for (const percent of [...steps.keys()].sort((a, b) => a - b)) {
    const at = instantOf(clock, stretches, Math.round((sla.duration * percent) / 100));
    if (at === undefined) break;
    deadlines.push({ percent, at, actions: steps.get(percent)!, breach: percent === 100 });
  }
  return deadlines;
}

export function slaStatus(
  sla: Sla,
  calendar: WorkingCalendar | undefined,
  startedAt: number,
  pauses: readonly Pause[],
  now: number,
): SlaStatus {
  const clock = clockOf(sla, calendar);
  const stretches = runs(startedAt, pauses);
  const elapsed = now <= startedAt ? 0 : elapsedUntil(clock, stretches, now);
  const paused = now >= startedAt && !stretches.some((run) => run.start <= now && now < run.end);
  const deadlines = slaDeadlines(sla, calendar, startedAt, pauses);
  const due = deadlines.find((d) => d.breach);
  const next = deadlines.find((d) => d.at > now);
  return {
    elapsed,
    remaining: sla.duration - elapsed,
    percent: sla.duration === 0 ? 100 : (elapsed / sla.duration) * 100,
    breached: elapsed >= sla.duration,
    paused,
    ...(due && { dueAt: due.at }),
    ...(next && { next }),
  };
}
