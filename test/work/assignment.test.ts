import { describe, expect, it } from 'vitest';
import { assign } from '../../src/work/assignment/assign.js';
import type { AssignmentContext, CaseStep, Strategy } from '../../src/work/assignment/assignment-types.js';
import { seededRandom } from '../../src/work/assignment/seeded-random.js';
import { directorySnapshot } from '../../src/work/directory/directory-snapshot.js';
import type { DirectoryData } from '../../src/work/directory/directory-types.js';
import { parseWeeklyHours } from '../../src/work/calendar/weekly-hours.js';
import { at } from './time-helpers.js';

const BERLIN = 'Europe/Berlin';

/**
 * The service desk in Berlin (office hours, Berlin holidays) and a New York colleague who
 * covers the evening. Ben is on holiday with Cem standing in; Dora is away with no one named.
 */
const data: DirectoryData = {
  calendars: [
    {
      id: 'berlin',
      timeZone: BERLIN,
      week: parseWeeklyHours('mon-fri 09:00-17:00').week,
      holidays: { country: 'DE', region: 'BE' },
    },
    { id: 'nyc', timeZone: 'America/New_York', week: parseWeeklyHours('mon-fri 09:00-17:00').week },
  ],
  users: [
    { id: 'ana', name: 'Ana', active: true, capacity: 10 },
    { id: 'ben', name: 'Ben', active: true, capacity: 10 },
    { id: 'cem', name: 'Cem', active: true, capacity: 3 },
    { id: 'dora', name: 'Dora', active: true },
    { id: 'eli', name: 'Eli', active: true },
    { id: 'fay', name: 'Fay', active: true, calendarId: 'nyc' },
    { id: 'gus', name: 'Gus', active: false },
    { id: 'hal', name: 'Hal', active: true },
    { id: 'ida', name: 'Ida', active: true },
  ],
  groups: [
    { id: 'it', name: 'IT', kind: 'team', supervisorId: 'ida' },
    {
      id: 'desk',
      name: 'Service desk',
      kind: 'team',
      supervisorId: 'hal',
      parentId: 'it',
      calendarId: 'berlin',
    },
    { id: 'evening', name: 'Evening cover', kind: 'team', calendarId: 'nyc', parentId: 'it' },
    { id: 'approvers', name: 'Approvers', kind: 'role' },
  ],
  memberships: [
    ...['ana', 'ben', 'cem', 'dora', 'eli', 'gus', 'hal'].map((userId) => ({ userId, groupId: 'desk' })),
    { userId: 'fay', groupId: 'evening' },
    { userId: 'hal', groupId: 'it' },
    { userId: 'ana', groupId: 'approvers' },
    { userId: 'hal', groupId: 'approvers' },
  ],
  skills: [
    { userId: 'ana', skill: 'network', level: 3 },
    { userId: 'ana', skill: 'linux', level: 2 },
    { userId: 'ben', skill: 'network', level: 5 },
    { userId: 'ben', skill: 'linux', level: 5 },
    { userId: 'cem', skill: 'network', level: 4 },
    { userId: 'cem', skill: 'linux', level: 1 },
    { userId: 'eli', skill: 'network', level: 4 },
    { userId: 'eli', skill: 'linux', level: 1 },
    { userId: 'fay', skill: 'network', level: 5 },
    { userId: 'fay', skill: 'linux', level: 4 },
  ],
  absences: [
    { id: 'ben-summer', userId: 'ben', from: '2025-06-02', to: '2025-06-13', substituteId: 'cem' },
    { id: 'dora-sick', userId: 'dora', from: '2025-06-03', to: '2025-06-03' },
  ],
};

const directory = directorySnapshot(data);
const tuesdayMorning = at('2025-06-03T10:00', BERLIN);
const desk = { groups: ['desk'] };

const decide = (strategy: Strategy, context: Partial<AssignmentContext> = {}) =>
  assign(strategy, {
    task: {},
    candidates: desk,
    directory,
    openTasks: new Map(),
    now: tuesdayMorning,
    ...context,
  });

const open = (counts: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(counts));

describe('direct assignment', () => {
  it('gives the task to the person the model names', () => {
    expect(decide({ kind: 'direct' }, { task: { assignee: 'ana' } })).toMatchObject({
      kind: 'assigned',
      assignee: 'ana',
    });
  });

  it("gives it to the named person's substitute while they are away", () => {
    expect(decide({ kind: 'direct', user: 'ben' })).toEqual({
      kind: 'assigned',
      assignee: 'cem',
      substituteFor: 'ben',
      strategy: 'direct',
      why: 'ben is named as the assignee; stands in for ben, who is absent',
    });
  });

  it('leaves the task unassigned, saying why, when the person is at capacity, and then follows the fallback', () => {
    const full = open({ ana: 10 });
    expect(decide({ kind: 'direct', user: 'ana' }, { openTasks: full })).toEqual({
      kind: 'unassigned',
      unassigned: 'ana is at capacity',
      strategy: 'direct',
    });
    expect(
      decide({ kind: 'direct', user: 'ana', fallback: { kind: 'role' } }, { openTasks: full }),
    ).toMatchObject({
      kind: 'offered',
      offeredTo: { users: [], groups: ['desk'] },
      why: 'offered to group desk (direct found no one: ana is at capacity)',
    });
  });
});

describe('role-based offer', () => {
  it('offers the task to the candidate groups and to the available candidate users', () => {
    expect(
      decide({ kind: 'role' }, { candidates: { groups: ['approvers'], users: ['eli', 'dora', 'ben'] } }),
    ).toEqual({
      kind: 'offered',
      offeredTo: { users: ['eli', 'cem'], groups: ['approvers'] },
      strategy: 'role',
      why: 'offered to group approvers, eli, cem',
    });
  });

  it('says so when no group it names exists', () => {
    expect(decide({ kind: 'role' }, { candidates: { groups: ['nobody'] } })).toEqual({
      kind: 'unassigned',
      unassigned: "no group 'nobody' in the directory and no available candidate user",
      strategy: 'role',
    });
  });
});

describe('round robin', () => {
  it('takes turns among those who can take work, skipping the absent, the inactive and the full', () => {
    let state: { last?: string } = {};
    const chosen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = decide({ kind: 'round-robin' }, { roundRobin: state, openTasks: open({ cem: 3 }) });
      if (decision.kind !== 'assigned') throw new Error(JSON.stringify(decision));
      chosen.push(decision.assignee);
      state = decision.roundRobin!;
    }
    // ben is away and his substitute cem is full; dora is away; gus is inactive.
    expect(chosen).toEqual(['ana', 'eli', 'hal', 'ana', 'eli', 'hal']);
  });

  it('counts a substitute who is a candidate anyway once, as themselves', () => {
    const decision = decide({ kind: 'round-robin' }, { roundRobin: { last: 'ana' } });
    expect(decision).toMatchObject({ assignee: 'cem' });
    expect(decision).not.toHaveProperty('substituteFor');
  });

  it('continues after the last one chosen even when that person has left the pool', () => {
    expect(decide({ kind: 'round-robin' }, { roundRobin: { last: 'dora' } })).toMatchObject({
      assignee: 'eli',
    });
  });
});

describe('shortest queue', () => {
  it('chooses the person with the least open work, ties by id', () => {
    expect(
      decide({ kind: 'shortest-queue' }, { openTasks: open({ ana: 4, cem: 1, eli: 1, hal: 2 }) }),
    ).toMatchObject({
      assignee: 'cem',
      why: 'fewest open tasks (1)',
    });
  });
});

describe('capability-based assignment', () => {
  const networkAndLinux: Strategy = {
    kind: 'capability',
    skills: [
      { skill: 'network', minLevel: 3 },
      { skill: 'linux', minLevel: 1 },
    ],
  };

  it('chooses the most qualified, not just anyone qualified', () => {
    // ben (5+5) is away, and his substitute cem brings his own skills (4+1), not ben's;
    // ana (3+2), cem and eli (4+1) tie on 5 and cem has the lightest load.
    expect(decide(networkAndLinux, { openTasks: open({ ana: 2, cem: 1, eli: 1 }) })).toMatchObject({
      assignee: 'cem',
      why: 'most qualified for network>=3, linux>=1 (score 5, 1 open tasks)',
    });
    // fay (5+4) is the most qualified of all, once the evening team is asked too.
    expect(
      decide(networkAndLinux, { candidates: { groups: ['desk', 'evening'] }, workingHours: 'ignore' }),
    ).toMatchObject({
      assignee: 'fay',
    });
  });

  it('breaks a tie in qualification by the lighter load', () => {
    expect(decide(networkAndLinux, { openTasks: open({ ana: 0, cem: 2, eli: 1 }) })).toMatchObject({
      assignee: 'ana',
    });
  });

  it('reports that nobody has the skills, and the fallback offers the task to the team', () => {
    const expert: Strategy = {
      kind: 'capability',
      skills: [{ skill: 'linux', minLevel: 5 }],
      fallback: { kind: 'role' },
    };
    expect(decide({ ...expert, fallback: undefined })).toEqual({
      kind: 'unassigned',
      unassigned: 'none of the 4 available candidates has linux>=5',
      strategy: 'capability',
    });
    expect(decide(expert)).toMatchObject({ kind: 'offered', offeredTo: { groups: ['desk'] } });
  });
});

describe('history-based assignment (retain familiar)', () => {
  const history: CaseStep[] = [
    { activityId: 'triage', userId: 'eli' },
    { activityId: 'diagnose', userId: 'ana' },
  ];

  it('gives the task to whoever last worked on the case', () => {
    expect(decide({ kind: 'history' }, { caseHistory: history })).toMatchObject({
      assignee: 'ana',
      why: 'ana did diagnose of this case',
    });
  });

  it('looks only at the named activities when told to', () => {
    expect(decide({ kind: 'history', activities: ['triage'] }, { caseHistory: history })).toMatchObject({
      assignee: 'eli',
    });
  });

  it('passes over a familiar person who is full and takes the one before', () => {
    expect(decide({ kind: 'history' }, { caseHistory: history, openTasks: open({ ana: 10 }) })).toMatchObject(
      {
        assignee: 'eli',
      },
    );
  });

  it('lets a substitute stand in for the familiar person who is away', () => {
    expect(
      decide({ kind: 'history' }, { caseHistory: [{ activityId: 'triage', userId: 'ben' }] }),
    ).toMatchObject({
      assignee: 'cem',
      substituteFor: 'ben',
    });
  });

  it('falls back when no one has worked on the case yet', () => {
    expect(
      decide(
        { kind: 'history', fallback: { kind: 'shortest-queue' } },
        { openTasks: open({ ana: 1, cem: 1 }) },
      ),
    ).toMatchObject({
      assignee: 'eli',
      why: 'fewest open tasks (0) (history found no one: no candidate has worked on this case yet)',
    });
  });
});

describe('separation of duties', () => {
  const requested: CaseStep[] = [{ activityId: 'request', userId: 'ana' }];

  it('never gives the approval to the person who made the request', () => {
    const strategy: Strategy = {
      kind: 'separation-of-duties',
      activities: ['request'],
      then: { kind: 'shortest-queue' },
    };
    expect(decide(strategy, { caseHistory: requested, candidates: { groups: ['approvers'] } })).toMatchObject(
      {
        assignee: 'hal',
        why: 'fewest open tasks (0); not ana (did request)',
      },
    );
  });

  it('offers to the group but names who must not claim', () => {
    const strategy: Strategy = {
      kind: 'separation-of-duties',
      activities: ['request'],
      then: { kind: 'role' },
    };
    expect(decide(strategy, { caseHistory: requested, candidates: { groups: ['approvers'] } })).toMatchObject(
      {
        kind: 'offered',
        offeredTo: { users: [], groups: ['approvers'] },
        excluded: ['ana'],
      },
    );
  });

  it('holds for substitutes too: the requester cannot approve by standing in for someone', () => {
    const strategy: Strategy = {
      kind: 'separation-of-duties',
      activities: ['request'],
      then: { kind: 'direct', user: 'ben' },
    };
    expect(decide(strategy, { caseHistory: [{ activityId: 'request', userId: 'cem' }] })).toEqual({
      kind: 'unassigned',
      unassigned: 'ben is absent without an available substitute',
      strategy: 'direct',
    });
  });

  it('says who was left when everyone did the earlier step', () => {
    const strategy: Strategy = {
      kind: 'separation-of-duties',
      activities: ['request'],
      then: { kind: 'shortest-queue' },
    };
    const bothRequested: CaseStep[] = [...requested, { activityId: 'request', userId: 'hal' }];
    expect(decide(strategy, { caseHistory: bothRequested, candidates: { groups: ['approvers'] } })).toEqual({
      kind: 'unassigned',
      unassigned: 'no one available among 2 candidates: 2 excluded by separation of duties',
      strategy: 'shortest-queue',
    });
  });
});

describe('organisational assignment', () => {
  it("gives the task to the initiator's supervisor", () => {
    expect(decide({ kind: 'organisational' }, { task: { initiator: 'eli' } })).toMatchObject({
      assignee: 'hal',
      why: 'hal supervises eli, who started the case',
    });
  });

  it('goes one level up when the initiator supervises their own team', () => {
    expect(decide({ kind: 'organisational' }, { task: { initiator: 'hal' } })).toMatchObject({
      assignee: 'ida',
    });
  });

  it('reports a case without initiator and a person without supervisor', () => {
    expect(decide({ kind: 'organisational' })).toMatchObject({ unassigned: 'the case has no initiator' });
    expect(decide({ kind: 'organisational' }, { task: { initiator: 'ida' } })).toMatchObject({
      unassigned: 'ida has no supervisor in the directory',
    });
  });
});

describe('random assignment', () => {
  it('draws the same person from the same seed, and everyone available over many draws', () => {
    const first = decide({ kind: 'random' }, { random: seededRandom(42) });
    expect(decide({ kind: 'random' }, { random: seededRandom(42) })).toEqual(first);
    const random = seededRandom(1);
    const drawn = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const decision = decide({ kind: 'random' }, { random });
      if (decision.kind === 'assigned') drawn.add(decision.assignee);
    }
    expect([...drawn].sort()).toEqual(['ana', 'cem', 'eli', 'hal']);
  });

  it('needs a random source: decisions stay reproducible', () => {
    expect(() => decide({ kind: 'random' })).toThrow(/context.random/);
  });
});

describe('working hours', () => {
  const everyone = { groups: ['desk', 'evening'] };
  const berlinEvening = at('2025-06-03T19:00', BERLIN); // 13:00 in New York

  it('prefer people at work: in the Berlin evening the New York colleague takes the task', () => {
    expect(decide({ kind: 'shortest-queue' }, { candidates: everyone, now: berlinEvening })).toMatchObject({
      assignee: 'fay',
    });
    expect(decide({ kind: 'shortest-queue' }, { candidates: everyone })).toMatchObject({ assignee: 'ana' });
  });

  it('still assign at night, when no one is at work, unless working hours are required', () => {
    const night = at('2025-06-04T03:00', BERLIN);
    expect(decide({ kind: 'shortest-queue' }, { now: night })).toMatchObject({ assignee: 'ana' });
    expect(decide({ kind: 'shortest-queue' }, { now: night, workingHours: 'require' })).toEqual({
      kind: 'unassigned',
      unassigned:
        'no one available among 7 candidates: 5 off duty, 1 absent without an available substitute, 1 inactive',
      strategy: 'shortest-queue',
    });
  });

  it('know public holidays: on Whit Monday afternoon Berlin is off and New York is at work', () => {
    const whitMonday = at('2025-06-09T16:00', BERLIN); // 10:00 in New York
    expect(
      decide({ kind: 'shortest-queue' }, { candidates: everyone, now: whitMonday, workingHours: 'require' }),
    ).toMatchObject({
      assignee: 'fay',
    });
    const normalMonday = at('2025-06-16T16:00', BERLIN);
    expect(
      decide(
        { kind: 'shortest-queue' },
        { candidates: everyone, now: normalMonday, workingHours: 'require' },
      ),
    ).toMatchObject({
      assignee: 'ana',
    });
  });
});

describe('every decision', () => {
  it('is a pure function of its inputs', () => {
    const context = {
      task: { initiator: 'eli' },
      candidates: desk,
      directory,
      openTasks: open({ ana: 3 }),
      now: tuesdayMorning,
      caseHistory: [{ activityId: 'request', userId: 'eli' }],
    };
    const strategies: Strategy[] = [
      { kind: 'shortest-queue' },
      { kind: 'capability', skills: [{ skill: 'network', minLevel: 3 }] },
      { kind: 'separation-of-duties', activities: ['request'], then: { kind: 'round-robin' } },
      { kind: 'organisational' },
    ];
    for (const strategy of strategies) {
      expect(assign(strategy, context)).toEqual(assign(strategy, context));
    }
    expect(context.openTasks.get('ana')).toBe(3);
  });
});
