import { describe, expect, it } from 'vitest';
import { directorySnapshot } from '../../src/work/directory/directory-snapshot.js';
import { resolveEscalationParty, resolveRaciParties } from '../../src/work/raci/resolve-parties.js';
import { parseWorkAttributes } from '../../src/work/raci/work-attributes.js';
import { defaultLadder } from '../../src/work/sla/sla-types.js';

const messages = (attrs: Record<string, string>) =>
  parseWorkAttributes(attrs).findings.map((f) => `${f.severity}: ${f.message}`);

describe('the work attributes of an activity', () => {
  it('read a capability-routed task with RACI, an SLA and its ladder', () => {
    const work = parseWorkAttributes(
      {
        'sluice:assignment': 'capability',
        'sluice:skills': 'network:3, linux:2',
        'sluice:fallback': 'role',
        'sluice:responsible': 'group:service-desk, user:alice',
        'sluice:accountable': 'user:carol',
        'sluice:consulted': 'group:security',
        'sluice:informed': 'initiator',
        'sluice:sla': 'PT4H',
        'sluice:calendar': 'team',
        'sluice:escalation': '75%: remind; 100%: notify accountable, reassign supervisor, raise-priority',
      },
      { elementId: 'resolve' },
    );
    expect(work).toEqual({
      assignment: {
        kind: 'capability',
        skills: [
          { skill: 'network', minLevel: 3 },
          { skill: 'linux', minLevel: 2 },
        ],
        fallback: { kind: 'role' },
      },
      raci: {
        responsible: [{ group: 'service-desk' }, { user: 'alice' }],
        accountable: { user: 'carol' },
        consulted: [{ group: 'security' }],
        consultedMustApprove: false,
        informed: ['initiator'],
      },
      sla: { duration: 4 * 3_600_000, clock: 'working', calendar: 'team', ladder: defaultLadder },
      skills: [
        { skill: 'network', minLevel: 3 },
        { skill: 'linux', minLevel: 2 },
      ],
      findings: [],
    });
  });

  it('give nothing for an activity without them', () => {
    expect(parseWorkAttributes({ 'sluice:type': 'mail' })).toEqual({
      raci: { responsible: [], consulted: [], consultedMustApprove: false, informed: [] },
      skills: [],
      findings: [],
    });
  });

  it('wrap the strategy in separation of duties when the activity must be done by someone else', () => {
    expect(
      parseWorkAttributes({
        'sluice:assignment': 'shortest-queue',
        'sluice:separate-from': 'request, review',
        'sluice:responsible': 'role:approvers',
      }).assignment,
    ).toEqual({
      kind: 'separation-of-duties',
      activities: ['request', 'review'],
      then: { kind: 'shortest-queue' },
    });
    // Without a strategy, the work is offered to the candidates, still never to the requester.
    expect(
      parseWorkAttributes({ 'sluice:separate-from': 'request', 'sluice:responsible': 'group:a' }).assignment,
    ).toEqual({
      kind: 'separation-of-duties',
      activities: ['request'],
      then: { kind: 'role' },
    });
  });

  it('read the other strategies with their own attributes', () => {
    expect(
      parseWorkAttributes({ 'sluice:assignment': 'direct', 'sluice:assignee': 'bob' }).assignment,
    ).toEqual({ kind: 'direct', user: 'bob' });
    expect(
      parseWorkAttributes({ 'sluice:assignment': 'history', 'sluice:familiar-from': 'triage' }).assignment,
    ).toEqual({
      kind: 'history',
      activities: ['triage'],
    });
    expect(
      parseWorkAttributes({ 'sluice:assignment': 'organisational', 'sluice:working-hours': 'require' }),
    ).toMatchObject({
      assignment: { kind: 'organisational' },
      workingHours: 'require',
    });
  });

  it('take responsible parties from a FEEL expression', () => {
    expect(parseWorkAttributes({ 'sluice:responsible': '=requestedBy.team' }).raci.responsible).toEqual([
      { expression: 'requestedBy.team' },
    ]);
  });

  it('name the attribute of every bad value', () => {
    expect(
      messages({
        'sluice:assignment': 'round-the-table',
        'sluice:skills': 'network:9, linux',
        'sluice:responsible': 'alice, group:desk',
        'sluice:accountable': 'user:carol, user:dave',
        'sluice:sla': 'P2D',
        'sluice:consulted-must-approve': 'yes',
        'sluice:working-hours': 'sometimes',
      }),
    ).toEqual([
      'error: sluice:accountable: RACI has exactly one accountable owner; name one party',
      "error: sluice:responsible: 'alice' is ambiguous: write user:alice or group:alice (or initiator, supervisor)",
      "error: sluice:consulted-must-approve: 'yes' should be true or false",
      "error: sluice:skills: 'network:9' should be skill:level with a level from 0 to 5, e.g. network:3",
      "error: sluice:assignment: 'round-the-table' is not a strategy; use one of direct, role, round-robin, shortest-queue, capability, history, organisational, random",
      "error: sluice:working-hours: 'sometimes' should be require, prefer or ignore",
      "error: sluice:sla: 'P2D' counts days of working time, whose length depends on the calendar; write hours (e.g. PT48H for 48 working hours, or PT8H for one 8-hour working day)",
    ]);
  });

  it('warn about attributes that do nothing and settings that do not fit together', () => {
    expect(
      messages({
        'sluice:assignment': 'role',
        'sluice:skills': 'network:3',
        'sluice:escalation': '50%: remind',
        'sluice:fallback': 'organisational',
      }),
    ).toEqual([
      "warning: sluice:skills: skills are used by the capability strategy only; this activity uses 'role'",
      'warning: sluice:assignment: a role-based offer needs candidates: name them in sluice:responsible',
      "error: sluice:fallback: 'organisational' cannot be a fallback; use one of role, round-robin, shortest-queue, random, capability",
      'warning: sluice:escalation: has no effect without sluice:sla',
    ]);
    expect(messages({ 'sluice:assignment': 'capability' })).toEqual([
      'error: sluice:assignment: capability-based assignment needs sluice:skills, e.g. "network:3,linux:2"',
    ]);
  });

  it('warn when the ladder escalates to an accountable the activity does not name', () => {
    expect(messages({ 'sluice:sla': 'PT8H' })).toEqual([
      'warning: sluice:sla: the escalation addresses the accountable, but the activity names none in sluice:accountable',
    ]);
  });

  it('point out a misspelt attribute, which would silently turn routing off', () => {
    expect(messages({ 'sluice:asignment': 'capability', 'sluice:retries': '3' })).toEqual([
      'warning: sluice:asignment: unknown attribute; did you mean sluice:assignment?',
    ]);
  });

  it('refuse an expression that does not parse', () => {
    expect(messages({ 'sluice:informed': '=requester.(' })[0]).toMatch(
      /^error: sluice:informed: the expression 'requester.\(' does not parse/,
    );
  });

  it('carry the element id into findings', () => {
    expect(parseWorkAttributes({ 'sluice:sla': 'soon' }, { elementId: 'approve' }).findings[0]).toMatchObject(
      {
        elementId: 'approve',
        attribute: 'sluice:sla',
        severity: 'error',
      },
    );
  });
});

describe('resolving parties', () => {
  const directory = directorySnapshot({
    users: ['ana', 'hal', 'ida'].map((id) => ({ id, name: id, active: true })),
    groups: [
      { id: 'it', name: 'IT', kind: 'team', supervisorId: 'ida' },
      { id: 'desk', name: 'Desk', kind: 'team', supervisorId: 'hal', parentId: 'it' },
    ],
    memberships: [
      { userId: 'ana', groupId: 'desk' },
      { userId: 'hal', groupId: 'desk' },
    ],
    skills: [],
    calendars: [],
    absences: [],
  });

  it('turns the RACI of a task into users and groups, expressions included', () => {
    expect(
      resolveRaciParties(
        [
          { group: 'desk' },
          'initiator',
          'supervisor',
          { expression: 'watchers' },
          { expression: '{group: "it"}' },
        ],
        {
          directory,
          initiator: 'ana',
          variables: { watchers: ['ida', 'ana'] },
        },
      ),
    ).toEqual({ users: ['ana', 'hal', 'ida'], groups: ['desk', 'it'], unresolved: [] });
  });

  it('says which party named no one', () => {
    expect(resolveRaciParties(['initiator', { expression: '42' }], { directory })).toEqual({
      users: [],
      groups: [],
      unresolved: [
        'initiator: the case has no initiator',
        '=42 gave 42, not a user id or { user } / { group }',
      ],
    });
  });

  it("sends escalations to the assignee's supervisor, and reminders to the candidates while nobody holds the task", () => {
    const raci = {
      responsible: [{ group: 'desk' }],
      accountable: { user: 'ida' },
      consulted: [],
      consultedMustApprove: false,
      informed: [],
    };
    const candidates = { users: [], groups: ['desk'] };
    expect(
      resolveEscalationParty('supervisor', { directory, raci, candidates, assignee: 'ana' }).users,
    ).toEqual(['hal']);
    expect(resolveEscalationParty('supervisor', { directory, raci, candidates }).users).toEqual(['hal']);
    expect(resolveEscalationParty('assignee', { directory, raci, candidates })).toEqual({
      users: [],
      groups: ['desk'],
      unresolved: [],
    });
    expect(resolveEscalationParty('accountable', { directory, raci, candidates }).users).toEqual(['ida']);
    expect(resolveEscalationParty('informed', { directory, raci, candidates })).toEqual({
      users: [],
      groups: [],
      unresolved: [],
    });
  });
});
