import { describe, expect, it } from 'vitest';
import { describeProblem, DirectoryError } from '../../src/work/directory/directory.js';
import {
  readDirectoryCsv,
  readDirectoryFile,
  readDirectoryJson,
} from '../../src/work/directory/directory-import.js';
import { memoryDirectory } from '../../src/work/directory/memory-directory.js';
import { parseCsv } from '../../src/work/directory/csv-table.js';

const document = `{
  "calendars": [
    { "id": "munich", "timeZone": "Europe/Berlin", "week": "mon-thu 08:00-16:30; fri 08:00-14:00",
      "holidays": "DE-BY", "closedDates": ["2025-12-24"] }
  ],
  "users": [
    { "id": "alice", "name": "Alice Adler", "email": "alice@example.com", "capacity": 5,
      "groups": ["desk"], "skills": { "network": 3, "linux": 2 }, "calendar": "munich" },
    { "id": "bob", "name": "Bob Brandt", "active": false, "skills": "network:5, windows:1" }
  ],
  "groups": [
    { "id": "desk", "name": "Service desk", "kind": "team", "supervisor": "bob", "members": ["bob"] },
    { "id": "approvers", "name": "Approvers", "kind": "role" }
  ],
  "absences": [
    { "user": "alice", "from": "2025-08-04", "to": "2025-08-15", "substitute": "bob" }
  ]
}`;

describe('importing a directory document in JSON', () => {
  it('reads every kind of record, with lists and skills in their short forms', async () => {
    const imported = readDirectoryJson(document, { file: 'org.json' });
    expect(imported.problems).toEqual([]);
    const directory = memoryDirectory();
    await directory.apply(imported.changes, { origin: imported.origin });

    expect(await directory.calendar('munich')).toEqual({
      id: 'munich',
      timeZone: 'Europe/Berlin',
      week: {
        mon: [{ from: '08:00', to: '16:30' }],
        tue: [{ from: '08:00', to: '16:30' }],
        wed: [{ from: '08:00', to: '16:30' }],
        thu: [{ from: '08:00', to: '16:30' }],
        fri: [{ from: '08:00', to: '14:00' }],
      },
      holidays: { country: 'DE', region: 'BY' },
      closedDates: ['2025-12-24'],
    });
    expect(await directory.user('bob')).toEqual({ id: 'bob', name: 'Bob Brandt', active: false });
    expect((await directory.users({ groupId: 'desk' })).map((u) => u.id)).toEqual(['alice', 'bob']);
    expect((await directory.skills()).map((s) => `${s.userId}:${s.skill}:${s.level}`)).toEqual([
      'alice:linux:2',
      'alice:network:3',
      'bob:network:5',
      'bob:windows:1',
    ]);
    expect(await directory.absences()).toEqual([
      { id: 'alice-2025-08-04', userId: 'alice', from: '2025-08-04', to: '2025-08-15', substituteId: 'bob' },
    ]);
  });

  it('names the line and the path of a value of the wrong kind', () => {
    const imported = readDirectoryJson(
      `{
  "users": [
    { "id": "alice", "name": "Alice" },
    { "id": "bob", "name": "Bob",
      "capacity": "ten" }
  ]
}`,
      { file: 'users.json' },
    );
    expect(imported.problems).toEqual([
      {
        severity: 'error',
        entity: 'user',
        id: 'bob',
        field: 'capacity',
        message: "capacity must be a whole number; got 'ten'",
        file: 'users.json',
        line: 5,
        path: 'users[1].capacity',
      },
    ]);
  });

  it('names a misspelt field and lists the fields a record has', () => {
    const imported = readDirectoryJson(
      '{ "users": [ { "id": "alice", "name": "A", "emial": "a@example.com" } ] }',
    );
    expect(imported.problems.map(describeProblem)).toEqual([
      "line 1 users[0].emial: user 'alice' emial: unknown field 'emial'; a user has id, name, email, timeZone, capacity, active, calendar, groups, skills",
    ]);
  });

  it('names the line and column of a syntax error', () => {
    const imported = readDirectoryJson('{\n  "users": [\n    { "id": "alice", }\n  ]\n}', {
      file: 'bad.json',
    });
    expect(imported.problems.map(describeProblem)).toEqual([
      "bad.json line 3: user file: not valid JSON: line 3, column 22: expected a property name in double quotes, found character '}'",
    ]);
  });

  it('reports unknown sections and a bare array that does not say what it holds', () => {
    expect(readDirectoryJson('{ "people": [] }').problems[0]?.message).toBe(
      "unknown section 'people'; a directory document has users, groups, calendars, absences, skills, memberships",
    );
    expect(readDirectoryJson('[{ "id": "alice", "name": "A" }]').problems[0]?.message).toMatch(
      /bare JSON array/,
    );
    const users = readDirectoryJson('[{ "id": "alice", "name": "A" }]', { kind: 'users' });
    expect(users.changes.users).toEqual([{ id: 'alice', name: 'A', active: true }]);
  });

  it('leaves references to the directory, which names the line of the record that holds them', async () => {
    const imported = readDirectoryJson(
      `{
  "users": [
    { "id": "alice", "name": "Alice", "groups": ["desk", "nets"] }
  ]
}`,
      { file: 'users.json' },
    );
    expect(imported.problems).toEqual([]);
    const directory = memoryDirectory();
    await directory.apply({ groups: [{ id: 'desk', name: 'Desk', kind: 'team' }] });
    const refused = await directory
      .apply(imported.changes, { origin: imported.origin })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DirectoryError);
    expect((refused as DirectoryError).problems.map(describeProblem)).toEqual([
      "users.json line 3 users[0]: membership 'alice/nets' group: no group 'nets'",
    ]);
    expect(await directory.users()).toEqual([]);
  });
});

describe('importing people from CSV', () => {
  it('reads quoted cells, lists of groups and skills, and yes/no', () => {
    const csv = [
      'id,name,email,capacity,active,groups,skills',
      'alice,"Adler, Alice",alice@example.com,5,yes,"desk, approvers","network:3; linux:2"',
      'bob,Bob Brandt,,,no,desk,',
      '',
    ].join('\r\n');
    const imported = readDirectoryCsv(csv, { kind: 'users', file: 'users.csv' });
    expect(imported.problems).toEqual([]);
    expect(imported.changes.users).toEqual([
      { id: 'alice', name: 'Adler, Alice', email: 'alice@example.com', capacity: 5, active: true },
      { id: 'bob', name: 'Bob Brandt', active: false },
    ]);
    expect(imported.changes.memberships).toEqual([
      { userId: 'alice', groupId: 'desk' },
      { userId: 'alice', groupId: 'approvers' },
      { userId: 'bob', groupId: 'desk' },
    ]);
    // An empty skills cell says "no skills": bob's are replaced by none.
    expect(imported.changes.replace).toEqual({
      membershipsOfUsers: ['alice', 'bob'],
      skillsOfUsers: ['alice', 'bob'],
    });
  });

  it('names the line of a bad value, counting lines inside quoted cells', () => {
    const csv = ['id,name,capacity,skills', 'alice,"Alice', 'Adler",5,', 'bob,Bob,many,network:high'].join(
      '\n',
    );
    expect(readDirectoryCsv(csv, { kind: 'users', file: 'users.csv' }).problems.map(describeProblem)).toEqual(
      [
        "users.csv line 4: user 'bob' capacity: capacity must be a whole number; got 'many'",
        "users.csv line 4: user 'bob' skills: skill 'network' has level 'high'; a level is a whole number from 0 to 5",
      ],
    );
  });

  it('names an unknown column once, and a row with more cells than the header', () => {
    const csv = ['id,name,mail_address', 'alice,Alice,a@example.com', 'bob,Bob,b@example.com,extra'].join(
      '\n',
    );
    expect(readDirectoryCsv(csv, { kind: 'users', file: 'users.csv' }).problems.map(describeProblem)).toEqual(
      [
        "users.csv line 1: user mail_address: unknown column 'mail_address'; users files have id, name, email, timeZone, capacity, active, calendar, groups, skills",
        'users.csv line 3: user row: the row has 4 cells but the header names 3 columns; quote cells that contain commas',
      ],
    );
  });

  it('accepts semicolon-separated files as spreadsheets in many locales save them', () => {
    const imported = readDirectoryCsv('ID;Name;Time Zone\nalice;Alice;Europe/Vienna\n', { kind: 'users' });
    expect(imported.changes.users).toEqual([
      { id: 'alice', name: 'Alice', timeZone: 'Europe/Vienna', active: true },
    ]);
  });

  it('requires an id on every row', () => {
    expect(
      readDirectoryCsv('id,name\n,Nobody\n', { kind: 'users', file: 'u.csv' }).problems.map(describeProblem),
    ).toEqual(['u.csv line 2: user id: id is required']);
  });
});

describe('importing groups, calendars, absences and skills from CSV', () => {
  it('reads groups with their members and supervisor', () => {
    const imported = readDirectoryCsv(
      'id,name,kind,supervisor,parent,members\ndesk,Service desk,team,bob,it,alice;bob\n',
      {
        kind: 'groups',
      },
    );
    expect(imported.changes.groups).toEqual([
      { id: 'desk', name: 'Service desk', kind: 'team', supervisorId: 'bob', parentId: 'it' },
    ]);
    expect(imported.changes.replace).toEqual({ membershipsOfGroups: ['desk'] });
  });

  it('reads calendars with their hours and holidays, and names a bad shift', () => {
    const imported = readDirectoryCsv(
      'id,time_zone,hours,holidays,holiday_types\nny,America/New_York,mon-fri 09:00-17:00,US-NY,public;bank\nbad,UTC,mon-fri 9-5,,\n',
      { kind: 'calendars', file: 'calendars.csv' },
    );
    expect(imported.changes.calendars?.[0]).toMatchObject({
      id: 'ny',
      timeZone: 'America/New_York',
      holidays: { country: 'US', region: 'NY', types: ['public', 'bank'] },
    });
    expect(imported.problems.map(describeProblem)).toEqual([
      "calendars.csv line 3: calendar 'bad' week: shift start '9' is not a time HH:MM",
    ]);
  });

  it('reads absences and skills, one per row', () => {
    const absences = readDirectoryCsv(
      'user,from,to,substitute,reason\nalice,2025-08-04,2025-08-15,bob,holiday\n',
      {
        kind: 'absences',
      },
    );
    expect(absences.changes.absences).toEqual([
      {
        id: 'alice-2025-08-04',
        userId: 'alice',
        from: '2025-08-04',
        to: '2025-08-15',
        substituteId: 'bob',
        reason: 'holiday',
      },
    ]);
    const skills = readDirectoryCsv('user,skill,level\nalice,network,3\nbob,network,\n', {
      kind: 'skills',
      file: 's.csv',
    });
    expect(skills.changes.skills).toEqual([{ userId: 'alice', skill: 'network', level: 3 }]);
    expect(skills.problems.map(describeProblem)).toEqual([
      "s.csv line 3: skill 'bob/network' level: level is required (0 to 5)",
    ]);
  });

  it('picks JSON or CSV by the file name', () => {
    expect(readDirectoryFile('org.json', '{"users":[{"id":"a","name":"A"}]}').changes.users).toHaveLength(1);
    expect(readDirectoryFile('groups.csv', 'id,name\nops,Ops\n', 'groups').changes.groups).toEqual([
      { id: 'ops', name: 'Ops', kind: 'team' },
    ]);
  });
});

describe('the CSV reader', () => {
  it('keeps quotes, commas and line breaks inside quoted cells and the line each record starts on', () => {
    expect(parseCsv('a,b\n"x, ""y""","1\n2"\nlast,row')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', '1\n2'] },
      { line: 4, cells: ['last', 'row'] },
    ]);
  });

  it('refuses a quoted cell that is never closed, naming where it starts', () => {
    expect(() => parseCsv('a,b\n"open,1\n')).toThrow('line 2: a quoted cell is not closed');
  });
});
