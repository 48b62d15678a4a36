/** The directory in memory: for tests, simulations and examples. Same contract as the database one. */
import { applyChanges, knownIdsOf } from './apply-changes.js';
import { checkChanges } from './directory-checks.js';
import { byId, type Directory, DirectoryError, summaryOf } from './directory.js';
import { type DirectoryData, emptyDirectory } from './directory-types.js';

/** Code-unit order, as SQLite's default collation sorts. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function memoryDirectory(initial: DirectoryData = emptyDirectory): Directory {
  let data = initial;
  const sorted = <T extends { readonly id: string }>(rows: readonly T[]): T[] => [...rows].sort(byId);
  const clone = <T>(value: T): T => structuredClone(value);
  return {
    user: (id) => Promise.resolve(clone(data.users.find((u) => u.id === id))),
    users(filter = {}) {
      const members =
        filter.groupId === undefined
          ? undefined
          : new Set(data.memberships.filter((m) => m.groupId === filter.groupId).map((m) => m.userId));
      return Promise.resolve(
        clone(
          sorted(data.users).filter(
            (u) =>
              (members === undefined || members.has(u.id)) &&
              (filter.active === undefined || u.active === filter.active),
          ),
        ),
      );
    },
    group: (id) => Promise.resolve(clone(data.groups.find((g) => g.id === id))),
    groups(filter = {}) {
      const mine =
        filter.userId === undefined
          ? undefined
          : new Set(data.memberships.filter((m) => m.userId === filter.userId).map((m) => m.groupId));
      return Promise.resolve(
        clone(
          sorted(data.groups).filter(
            (g) =>
              (mine === undefined || mine.has(g.id)) && (filter.kind === undefined || g.kind === filter.kind),
          ),
        ),
      );
    },
    memberships: (filter = {}) =>
      Promise.resolve(
        clone(
          data.memberships
            .filter(
              (m) =>
                (filter.userId === undefined || m.userId === filter.userId) &&
                (filter.groupId === undefined || m.groupId === filter.groupId),
            )
            .sort((a, b) => compare(a.groupId, b.groupId) || compare(a.userId, b.userId)),
        ),
      ),
    skills: (filter = {}) =>
      Promise.resolve(
        clone(
          data.skills
            .filter(
              (s) =>
                (filter.userId === undefined || s.userId === filter.userId) &&
                (filter.skill === undefined || s.skill === filter.skill),
            )
            .sort((a, b) => compare(a.userId, b.userId) || compare(a.skill, b.skill)),
        ),
      ),
    calendar: (id) => Promise.resolve(clone(data.calendars.find((c) => c.id === id))),
    calendars: () => Promise.resolve(clone(sorted(data.calendars))),
    absences: (filter = {}) =>
      Promise.resolve(
        clone(sorted(data.absences).filter((a) => filter.userId === undefined || a.userId === filter.userId)),
      ),
    apply(changes, options = {}) {
      const problems = checkChanges(changes, knownIdsOf(data), options.origin);
      if (problems.some((p) => p.severity === 'error')) return Promise.reject(new DirectoryError(problems));
      data = applyChanges(data, clone(changes));
      return Promise.resolve(summaryOf(changes));
    },
    load: () => Promise.resolve(clone(data)),
  };
}
