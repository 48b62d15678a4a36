/**
 * The pure parts of src/work take time, randomness and data as arguments (DESIGN.md,
 * invariant 1 extended to work): their source never reads the clock, draws random numbers or
 * touches files, the network or the environment. The repositories and the SMTP mailer are the
 * edges and are not scanned.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const work = fileURLToPath(new URL('../../src/work/', import.meta.url));
const pureFolders = ['calendar', 'sla', 'assignment', 'raci', 'forms'];
const pureFiles = [
  'notifications/templates.ts',
  'notifications/notifications.ts',
  'directory/directory-snapshot.ts',
  'directory/apply-changes.ts',
  'directory/directory-checks.ts',
  'directory/directory-import.ts',
];
const forbidden: [RegExp, string][] = [
  [/Date\.now\(/, 'reads the clock'],
  [/new Date\(\)/, 'reads the clock'],
  [/Math\.random\(/, 'draws random numbers'],
  [/from 'node:(fs|net|http|https|child_process)/, 'does I/O'],
  [/process\.env/, 'reads the environment'],
];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

describe('the pure parts of work', () => {
  it('never read the clock, draw random numbers, or do I/O', () => {
    const scanned = [
      ...pureFolders.flatMap((folder) => files(join(work, folder))),
      ...pureFiles.map((f) => join(work, f)),
    ];
    expect(scanned.length).toBeGreaterThan(20);
    const offences = scanned.flatMap((path) => {
      const source = readFileSync(path, 'utf8');
      return forbidden
        .filter(([pattern]) => pattern.test(source))
        .map(([, what]) => `${relative(work, path)} ${what}`);
    });
    expect(offences).toEqual([]);
  });
});
