/**
 * The task router: the edge where a user task meets the directory. A user task with `sluice:`
 * work attributes asks for routing by a command to its own instance through the durable inbox
 * (written in the step that created the task). The engine hands that `route` command here
 * before the core sees it; the router reads the directory snapshot, open work, the case's
 * history and calendars, and answers with an `allocate` action carrying the decision, its
 * reason, the RACI people and the SLA ladder as instants. The core applies it in one step that
 * also consumes the inbox row, so a crash between creation and allocation re-drives the
 * routing from the row, and a second delivery is refused by the core (`task-routed`).
 */
import type { AllocateAction, RaciPeople, SlaPlan, SlaStepPlan } from '../core/task-work.js';
import type { Command, HistoryEvent, InstanceState, Token, Variables } from '../core/types.js';
import type { UserTask } from '../model/graph.js';
import type { Store } from '../store/store.js';
import { assign } from '../work/assignment/assign.js';
import type { Assignment, CaseStep, RoundRobinState } from '../work/assignment/assignment-types.js';
import type { WorkingCalendar } from '../work/calendar/working-calendar.js';
import type { Directory } from '../work/directory/directory.js';
import {
  type DirectorySnapshot,
  directorySnapshot,
  type SnapshotOptions,
} from '../work/directory/directory-snapshot.js';
import { type Recipients, resolveEscalationParty, resolveRaciParties } from '../work/raci/resolve-parties.js';
import { parseWorkAttributes, type WorkAttributes } from '../work/raci/work-attributes.js';
import { slaDeadlines } from '../work/sla/sla-evaluation.js';
import type { Party } from '../work/sla/sla-types.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { openTaskCounts, roundOf, saveRound, type WorkDb } from './work-store.js';

type TaskCommand = Extract<Command, { type: 'task' }>;

/** How long a directory snapshot is used before it is built again (changes through the engine rebuild it at once). */
const snapshotTtlMs = 60_000;

export class TaskRouter {
  private snapshotCache?: { at: number; value: Promise<DirectorySnapshot> };
  private readonly attributes = new Map<string, WorkAttributes>();

  constructor(
    private readonly store: Store,
    private readonly db: () => WorkDb,
    private readonly definitions: Definitions,
    private readonly clock: Clock,
    readonly directory: Directory,
    private readonly snapshotOptions: SnapshotOptions = {},
  ) {}

  /** Builds the snapshot again on next use (after a directory change). */
  invalidate(): void {
    delete this.snapshotCache;
  }

  snapshot(): Promise<DirectorySnapshot> {
    const now = this.clock.now();
    if (!this.snapshotCache || now - this.snapshotCache.at > snapshotTtlMs) {
      const value = this.directory.load().then((data) => directorySnapshot(data, this.snapshotOptions));
      value.catch(() => this.invalidate());
      this.snapshotCache = { at: now, value };
    }
    return this.snapshotCache.value;
  }

  /** A `route` request becomes an `allocate` decision; any other command passes unchanged. */
  async answer(command: Command): Promise<Command> {
    if (command.type !== 'task' || command.action.op !== 'route') return command;
    const record = await this.store.loadInstance(command.instanceId);
    const token = record && taskToken(record.state, command.taskId);
    if (!record || !token) return command; // the core refuses it: the task is gone
    const { graph } = await this.definitions.graph(record.state.processId, record.state.version);
    const element = graph.elements[token.elementId] as UserTask;
    const work = this.attributesOf(record.state, element);
    const action = await this.decide(record.state, token, element, work, command.action.replan === true);
    return {
      ...command,
      action,
      ...(action.why !== undefined && { reason: action.why }),
    } satisfies TaskCommand;
  }

  private attributesOf(state: InstanceState, element: UserTask): WorkAttributes {
    const key = `${state.processId}:${state.version}:${element.id}`;
    let work = this.attributes.get(key);
    if (!work) {
      work = parseWorkAttributes(element.work ?? {}, { elementId: element.id });
      this.attributes.set(key, work);
    }
    return work;
  }

  private async decide(
    state: InstanceState,
    token: Token,
    element: UserTask,
    work: WorkAttributes,
    replan: boolean,
  ): Promise<AllocateAction> {
    const directory = await this.snapshot();
    const hold = token.task!;
    const variables = visibleVariables(state, token);
    const history = await this.store.history(state.id);
    const initiator = caseInitiator(history);
    const partyContext = { directory, ...(initiator !== undefined && { initiator }), variables };
    const responsible = resolveRaciParties(work.raci.responsible, partyContext);
    const candidates = {
      users: unique([...hold.candidateUsers, ...responsible.users]),
      groups: unique([...hold.candidateGroups, ...responsible.groups]),
    };
    const people = (r: Recipients): string[] =>
      unique([...r.users, ...r.groups.flatMap((g) => directory.members.get(g) ?? [])]);
    const escalation = (assignee: string | undefined, offered: typeof candidates) => ({
      ...partyContext,
      raci: work.raci,
      ...(assignee !== undefined && { assignee }),
      candidates: offered,
    });

    let decision: Pick<
      AllocateAction,
      'strategy' | 'why' | 'assignee' | 'substituteFor' | 'offer' | 'unassigned'
    > = {};
    if (!replan)
      decision = await this.allocation(state, token, element, work, directory, candidates, history);
    const assignee = decision.assignee ?? hold.assignee;
    const offered = decision.offer
      ? { users: [...decision.offer.users], groups: [...decision.offer.groups] }
      : candidates;
    const ctx = escalation(assignee, offered);
    const raci: RaciPeople = {
      responsible: candidates,
      ...firstOf(resolveEscalationParty('accountable', ctx).users),
      consulted: people(resolveEscalationParty('consulted', ctx)),
      informed: people(resolveEscalationParty('informed', ctx)),
      ...(work.raci.consultedMustApprove && { consultedMustApprove: true }),
    };
    const sla =
      work.sla &&
      this.slaPlan(work, directory, token, assignee, offered, (party) =>
        people(resolveEscalationParty(party, ctx)),
      );
    return {
      op: 'allocate',
      ...(replan && { replan: true }),
      ...decision,
      ...(!replan && { raci }),
      ...(sla && { sla }),
    };
  }

  private async allocation(
    state: InstanceState,
    token: Token,
    element: UserTask,
    work: WorkAttributes,
    directory: DirectorySnapshot,
    candidates: { users: string[]; groups: string[] },
    history: readonly HistoryEvent[],
  ): Promise<
    Pick<AllocateAction, 'strategy' | 'why' | 'assignee' | 'substituteFor' | 'offer' | 'unassigned'>
  > {
    const now = this.clock.now();
    const pile = await this.db()
      .selectFrom('work_piles')
      .select('user_id')
      .where('process_id', '=', state.processId)
      .where('element_id', '=', element.id)
      .executeTakeFirst();
    const caseHistory = caseSteps(history);
    const pool = directory.expand(candidates.users, candidates.groups).ids;
    const openTasks = await openTaskCounts(this.db(), unique([...pool, ...(pile ? [pile.user_id] : [])]));
    const available = (user: string): boolean => {
      const person = directory.person(user);
      if (!person?.user.active || directory.absenceAt(user, now)) return false;
      return person.user.capacity === undefined || (openTasks.get(user) ?? 0) < person.user.capacity;
    };
    if (pile && available(pile.user_id))
      return {
        strategy: 'piled',
        assignee: pile.user_id,
        why: `${pile.user_id} works every '${element.id}' task (piled execution)`,
      };
    if (work.assignment === undefined || element.work?.['sluice:chained'] === 'true') {
      const last = [...caseSteps(history, true)].reverse()[0];
      if (element.work?.['sluice:chained'] === 'true' && last && available(last.userId))
        return {
          strategy: 'chained',
          assignee: last.userId,
          why: `${last.userId} completed '${last.activityId}' of this case just before (chained execution)`,
        };
      if (work.assignment === undefined)
        return { offer: candidates, why: "offered to the activity's candidates (no assignment strategy)" };
    }
    // Round robin's position is kept in the database, so the round goes on after a restart.
    const lastChosen = await roundOf(this.db(), state.processId, element.id);
    const round: RoundRobinState | undefined = lastChosen === undefined ? undefined : { last: lastChosen };
    const initiator = caseInitiator(history);
    const assigneeText = token.task!.assignee;
    const result: Assignment = assign(work.assignment, {
      task: {
        id: token.wait?.kind === 'task' ? token.wait.taskId : token.id,
        activityId: element.id,
        ...(initiator !== undefined && { initiator }),
        ...(assigneeText !== undefined && { assignee: assigneeText }),
      },
      candidates,
      directory,
      openTasks,
      caseHistory,
      now,
      ...(round && { roundRobin: round }),
      random: Math.random,
      ...(work.workingHours && { workingHours: work.workingHours }),
    });
    switch (result.kind) {
      case 'assigned':
        if (result.roundRobin?.last !== undefined)
          await saveRound(this.db(), state.processId, element.id, result.roundRobin.last);
        return {
          strategy: result.strategy,
          why: result.why,
          assignee: result.assignee,
          ...(result.substituteFor !== undefined && { substituteFor: result.substituteFor }),
        };
      case 'offered':
        return {
          strategy: result.strategy,
          why: result.why,
          offer: {
            users: result.offeredTo.users,
            groups: result.offeredTo.groups,
            ...(result.excluded?.length && { excluded: result.excluded }),
          },
        };
      case 'unassigned':
        return { strategy: result.strategy, why: result.unassigned, offer: candidates, unassigned: true };
    }
  }

  private slaPlan(
    work: WorkAttributes,
    directory: DirectorySnapshot,
    token: Token,
    assignee: string | undefined,
    offered: { users: readonly string[]; groups: readonly string[] },
    recipients: (party: Party) => string[],
  ): SlaPlan | undefined {
    const sla = work.sla!;
    const calendar = slaCalendar(sla.calendar, directory, assignee, offered.groups);
    const pauses = token.task!.sla?.pauses ?? [];
    const deadlines = slaDeadlines(
      sla,
      sla.clock === 'working' ? calendar : undefined,
      token.enteredAt,
      pauses,
    );
    const breach = deadlines.find((d) => d.breach);
    if (!breach) return undefined;
    const steps = deadlines.map((deadline): SlaStepPlan => {
      const remind: string[] = [];
      const notify: string[] = [];
      let reassignTo: string | undefined;
      let raisePriority: number | undefined;
      for (const action of deadline.actions) {
        if (action.kind === 'remind') remind.push(...recipients(action.to));
        else if (action.kind === 'notify') notify.push(...recipients(action.to));
        else if (action.kind === 'reassign') reassignTo ??= recipients(action.to)[0];
        else raisePriority = (raisePriority ?? 0) + action.by;
      }
      return {
        percent: deadline.percent,
        at: deadline.at,
        breach: deadline.breach,
        remind: unique(remind),
        notify: unique(notify),
        ...(reassignTo !== undefined && { reassignTo }),
        ...(raisePriority !== undefined && { raisePriority }),
      };
    });
    return { startedAt: token.enteredAt, dueAt: breach.at, steps };
  }
}

function slaCalendar(
  ref: NonNullable<WorkAttributes['sla']>['calendar'],
  directory: DirectorySnapshot,
  assignee: string | undefined,
  groups: readonly string[],
): WorkingCalendar | undefined {
  if (typeof ref === 'object') return directory.calendars.get(ref.id);
  const team = groups.map((g) => directory.teamCalendar(g)).find((c) => c !== undefined);
  const personal = assignee !== undefined ? directory.personalCalendar(assignee) : undefined;
  return ref === 'assignee' ? (personal ?? team) : (team ?? personal);
}

function taskToken(state: InstanceState, taskId: string): Token | undefined {
  return Object.values(state.tokens).find(
    (t) => t.wait?.kind === 'task' && t.wait.taskId === taskId && t.task !== undefined,
  );
}

function visibleVariables(state: InstanceState, token: Token): Variables {
  const chain: Variables[] = [];
  for (
    let scope = state.scopes[token.scopeId];
    scope;
    scope = scope.parentId ? state.scopes[scope.parentId] : undefined
  )
    chain.unshift(scope.vars);
  return Object.assign({}, ...chain, token.locals) as Variables;
}

/** Who did which user task of the case: claims and completions, oldest first. */
function caseSteps(history: readonly HistoryEvent[], completedOnly = false): CaseStep[] {
  return history.flatMap((e) =>
    e.actor !== undefined &&
    e.elementId !== undefined &&
    e.elementType === 'userTask' &&
    (e.type === 'element.completed' || (!completedOnly && e.type === 'task.claimed'))
      ? [{ activityId: e.elementId, userId: e.actor, at: e.at }]
      : [],
  );
}

const caseInitiator = (history: readonly HistoryEvent[]): string | undefined =>
  history.find((e) => e.type === 'instance.started')?.actor;

const unique = (items: readonly string[]): string[] => [...new Set(items)];

const firstOf = (users: readonly string[]): { accountable?: string } =>
  users[0] !== undefined ? { accountable: users[0] } : {};
