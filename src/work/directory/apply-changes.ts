/**
 * The meaning of a batch of directory changes, as a pure function from data to data. The
 * in-memory directory is this function plus a variable; the database directory issues SQL
 * with the same effect, and the shared test suite holds them to it.
 */
import type { DirectoryChanges, DirectoryData, Membership, Skill } from './directory-types.js';
import type { KnownIds } from './directory-checks.js';

export function applyChanges(data: DirectoryData, changes: DirectoryChanges): DirectoryData {
  const upsert = <T extends { readonly id: string }>(rows: readonly T[], updates: readonly T[] = []): T[] => {
    const map = new Map(rows.map((row) => [row.id, row]));
    for (const row of updates) map.set(row.id, row);
    return [...map.values()];
  };

  const dropUsers = new Set(changes.replace?.membershipsOfUsers ?? []);
  const dropGroups = new Set(changes.replace?.membershipsOfGroups ?? []);
  const removed = new Set((changes.remove?.memberships ?? []).map(membershipKey));
  const memberships = new Map<string, Membership>();
  for (const m of data.memberships) {
    if (dropUsers.has(m.userId) || dropGroups.has(m.groupId) || removed.has(membershipKey(m))) continue;
    memberships.set(membershipKey(m), m);
  }
  for (const m of changes.memberships ?? [])
    memberships.set(membershipKey(m), { userId: m.userId, groupId: m.groupId });

  const dropSkills = new Set(changes.replace?.skillsOfUsers ?? []);
  const removedSkills = new Set((changes.remove?.skills ?? []).map(skillKey));
  const skills = new Map<string, Skill>();
  for (const s of data.skills) {
    if (dropSkills.has(s.userId) || removedSkills.has(skillKey(s))) continue;
    skills.set(skillKey(s), s);
  }
  for (const s of changes.skills ?? [])
    skills.set(skillKey(s), { userId: s.userId, skill: s.skill, level: s.level });

  const removedAbsences = new Set(changes.remove?.absences ?? []);
  return {
    users: upsert(data.users, changes.users),
    groups: upsert(data.groups, changes.groups),
    calendars: upsert(data.calendars, changes.calendars),
    absences: upsert(data.absences, changes.absences).filter((a) => !removedAbsences.has(a.id)),
    memberships: [...memberships.values()],
    skills: [...skills.values()],
  };
}

const membershipKey = (m: Membership): string => `${m.userId}\u0000${m.groupId}`;
const skillKey = (s: Pick<Skill, 'userId' | 'skill'>): string => `${s.userId}\u0000${s.skill}`;

export function knownIdsOf(data: DirectoryData): KnownIds {
  return {
    users: new Set(data.users.map((u) => u.id)),
    groups: new Map(data.groups.map((g) => [g.id, g.parentId])),
    calendars: new Set(data.calendars.map((c) => c.id)),
  };
}
