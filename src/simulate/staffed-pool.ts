/**
 * A pool of named people during one run. When a task is enabled, src/work's `assign` (the
 * function the live task router calls) decides with the directory, each person's open work,
 * the case's history, the simulated time, round robin's position and the run's seeded random:
 * an assignee's task joins their own queue; an offered or unassigned task waits until one of
 * those it is offered to is free and claims it. Each person does one task at a time, only while
 * on duty (their calendar's hours, absences taken out), and resumes the next working instant.
 */
import { assign } from '../work/assignment/assign.js';
import type { Assignment, CaseStep, RoundRobinState } from '../work/assignment/assignment-types.js';
import { isWorkingAt, nextWorkingInstant } from '../work/calendar/working-time.js';
import type { Staff } from './staff.js';
import type { WorkPlan } from './work-plan.js';

/** An offered task: the token and a mask of the people it is offered to. */
interface Offer {
  readonly token: number;
  readonly to: Uint8Array;
}

export class StaffedPool {
  /** Per person: the token being worked, -1 when free. */
  readonly working: Int32Array;
  private readonly own: number[][];
  private offers: Offer[] = [];
  private readonly open = new Map<string, number>();
  private readonly holder = new Map<number, number>();
  private readonly rounds = new Map<string, RoundRobinState>();
  private readonly index: Map<string, number>;
  private readonly everyone: Uint8Array;

  constructor(
    readonly staff: Staff,
    private readonly random: () => number,
  ) {
    const n = staff.people.length;
    this.working = new Int32Array(n).fill(-1);
    this.own = staff.people.map(() => []);
    this.index = new Map(staff.people.map((u, i) => [u, i]));
    this.everyone = new Uint8Array(n).fill(1);
  }

  /** The task of token `t` at `activityId` is enabled: assign decides where it waits. */
  enable(t: number, activityId: string, plan: WorkPlan, caseHistory: readonly CaseStep[], now: number): void {
    const round = this.rounds.get(activityId);
    const decision = assign(plan.strategy, {
      task: { id: String(t), activityId },
      candidates: this.staff.candidates,
      directory: this.staff.directory,
      openTasks: this.open,
      caseHistory,
      now,
      ...(round && { roundRobin: round }),
      random: this.random,
      ...(plan.workingHours && { workingHours: plan.workingHours }),
    });
    if (decision.kind === 'assigned') {
      if (decision.roundRobin) this.rounds.set(activityId, decision.roundRobin);
      const person = this.index.get(decision.assignee);
      if (person !== undefined) {
        this.own[person]!.push(t);
        this.holder.set(t, person);
        this.count(person, 1);
        return;
      }
    }
    this.offers.push({ token: t, to: decision.kind === 'offered' ? this.mask(decision) : this.everyone });
    this.holder.set(t, -1);
  }

  /** The next task someone free and on duty begins now, and who begins it. */
  next(now: number): { token: number; person: number } | undefined {
    for (let p = 0; p < this.working.length; p++) {
      if (this.working[p]! >= 0 || !this.onDuty(p, now)) continue;
      const t = this.take(p);
      if (t < 0) continue;
      this.working[p] = t;
      return { token: t, person: p };
    }
    return undefined;
  }

  /** The earliest instant someone now off duty comes back to work that waits for them. */
  wakeAt(now: number): number {
    let at = Infinity;
    for (let p = 0; p < this.working.length; p++) {
      if (this.working[p]! >= 0 || this.onDuty(p, now) || !this.hasWork(p)) continue;
      at = Math.min(at, this.returns(p, now));
    }
    return at;
  }

  /** The person finished (or dropped) the token's task. */
  finish(person: number, t: number): void {
    this.working[person] = -1;
    this.holder.delete(t);
    this.count(person, -1);
  }

  /** A task still waiting is cancelled. */
  withdraw(t: number): void {
    const person = this.holder.get(t);
    this.holder.delete(t);
    if (person === undefined) return;
    if (person < 0) this.offers = this.offers.filter((o) => o.token !== t);
    else {
      const queue = this.own[person]!;
      queue.splice(queue.indexOf(t), 1);
      this.count(person, -1);
    }
  }

  private take(p: number): number {
    const queue = this.own[p]!;
    if (queue.length > 0) return queue.shift()!;
    const at = this.offers.findIndex((o) => o.to[p] === 1);
    if (at < 0) return -1;
    const t = this.offers[at]!.token;
    this.offers.splice(at, 1);
    this.holder.set(t, p);
    this.count(p, 1);
    return t;
  }

  private hasWork(p: number): boolean {
    return this.own[p]!.length > 0 || this.offers.some((o) => o.to[p] === 1);
  }

  private onDuty(p: number, now: number): boolean {
    const calendar = this.staff.calendars[p];
    if (calendar) return isWorkingAt(calendar, now);
    return this.staff.directory.absenceAt(this.staff.people[p]!, now) === undefined;
  }

  private returns(p: number, now: number): number {
    const calendar = this.staff.calendars[p];
    if (calendar) return nextWorkingInstant(calendar, now);
    return this.staff.directory.absenceAt(this.staff.people[p]!, now)?.end ?? now;
  }

  private count(person: number, by: number): void {
    const id = this.staff.people[person]!;
    this.open.set(id, (this.open.get(id) ?? 0) + by);
  }

  private mask(decision: Extract<Assignment, { kind: 'offered' }>): Uint8Array {
    const to = new Uint8Array(this.working.length);
    for (const id of this.staff.directory.expand(decision.offeredTo.users, decision.offeredTo.groups).ids) {
      const p = this.index.get(id);
      if (p !== undefined) to[p] = 1;
    }
    for (const id of decision.excluded ?? []) {
      const p = this.index.get(id);
      if (p !== undefined) to[p] = 0;
    }
    return to;
  }
}
