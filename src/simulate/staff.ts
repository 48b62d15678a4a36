/**
 * Named people for the simulator: the scenario's `directory` (the JSON format `sluice directory
 * import` reads) becomes the same DirectorySnapshot the live task router decides with, and a
 * pool that names `users` or `groups` becomes a staff: its people, each with the calendar they
 * keep (their hours with their absences taken out), and the candidates its tasks are offered to.
 */
import { SluiceError } from '../engine/errors.js';
import type { WorkingCalendar } from '../work/calendar/working-calendar.js';
import { applyChanges } from '../work/directory/apply-changes.js';
import { readDirectoryJson } from '../work/directory/directory-import.js';
import { type DirectorySnapshot, directorySnapshot } from '../work/directory/directory-snapshot.js';
import { emptyDirectory } from '../work/directory/directory-types.js';
import type { PoolSettings } from './scenario.js';

export interface Staff {
  readonly directory: DirectorySnapshot;
  /** The pool's people, then the substitutes who may stand in for them. */
  readonly people: readonly string[];
  /** Per person: working hours minus absences; undefined when they keep no hours. */
  readonly calendars: readonly (WorkingCalendar | undefined)[];
  /** Whom the pool's tasks name as candidates (RACI's Responsible). */
  readonly candidates: { readonly users: readonly string[]; readonly groups: readonly string[] };
}

/** Reads the scenario's directory document, or throws naming every error in it. */
export function scenarioDirectory(document: Record<string, unknown>): DirectorySnapshot {
  const read = readDirectoryJson(JSON.stringify(document), { file: 'directory' });
  const errors = read.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0)
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      `the scenario's directory has problems: ${errors.map((p) => `${p.path ?? p.entity}: ${p.message}`).join('; ')}`,
      'write it as `sluice directory import` reads it (docs/work.md lists the fields)',
    );
  return directorySnapshot(applyChanges(emptyDirectory, read.changes));
}

export function staffOf(id: string, settings: PoolSettings, directory: DirectorySnapshot | undefined): Staff {
  const users = settings.users ?? [];
  const groups = settings.groups ?? [];
  if (!directory)
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      `pools.${id} names people, but the scenario has no directory to find them in`,
      'add a "directory" with the users and groups (the JSON format of `sluice directory import`), or give the pool a size',
    );
  const own = directory.expand(users, groups).ids;
  const unknown = own.filter((u) => !directory.users.has(u));
  const missingGroups = groups.filter((g) => !directory.groups.has(g));
  if (unknown.length > 0 || missingGroups.length > 0 || own.length === 0)
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      `pools.${id}: ${[
        ...unknown.map((u) => `user '${u}' is not in the directory`),
        ...missingGroups.map((g) => `group '${g}' is not in the directory`),
        ...(own.length === 0 && unknown.length === 0 ? ['the users and groups named hold no one'] : []),
      ].join('; ')}`,
      "name users and groups of the scenario's directory",
    );
  const people = [...own];
  const known = new Set(people);
  for (let i = 0; i < people.length; i++)
    for (const absence of directory.absences.get(people[i]!) ?? [])
      if (absence.substituteId !== undefined && !known.has(absence.substituteId)) {
        known.add(absence.substituteId);
        people.push(absence.substituteId);
      }
  return {
    directory,
    people,
    calendars: people.map((u) => directory.personalCalendar(u)),
    candidates: { users, groups },
  };
}
