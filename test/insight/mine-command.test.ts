/**
 * `sluice mine`: the --json contract on real logs, equal to their ground truth; CSV column
 * options; the HTML report and exports; mining Sluice's own history; and bad input refused
 * with the problem and where it is.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MineJson } from '../../src/cli/mine-command.js';
import { createSluice, VirtualClock } from '../../src/index.js';
import { bpmn, flows } from '../support/bpmn.js';
import { type GroundTruth, groundTruths, haveLogs, logsDir, probesDir } from './log-files.js';
import { mine } from './mine-cli.js';

interface ErrorJson {
  error: { code: string; message: string; findings?: { line?: number; file?: string }[] };
}

const truth = (file: string): GroundTruth['stats'] => groundTruths().find((t) => t.file === file)!.stats;

describe.runIf(haveLogs)('sluice mine on a log file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-mine-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the contract document with --json, equal to the ground truth', async () => {
    const { code, json } = await mine<MineJson>(join(logsDir, 'running-example.xes'), '--json');
    const s = truth('running-example.xes');
    expect(code).toBe(0);
    expect(json).toMatchObject({
      cases: s.cases,
      events: s.events,
      activities: s.distinct_activities,
      variants: s.variants,
      caseDuration: s.case_duration_seconds,
      startActivities: s.start_activities,
      endActivities: s.end_activities,
      activityCounts: s.activity_counts,
    });
    expect(json.dfg.slice(0, 10)).toEqual(s.directly_follows_top);
    expect(json.topVariants[0]).toEqual({
      count: s.top_variants[0]!.count,
      sequence: s.top_variants[0]!.sequence,
    });
  });

  it('measures in working time with --calendar, given inline or as a file', async () => {
    const log = join(logsDir, 'running-example.xes');
    const always = await mine<MineJson>(
      log,
      '--calendar',
      '{"timeZone":"UTC","week":"mon-sun 00:00-24:00"}',
      '--json',
    );
    expect(always.json.clock).toBe('working');
    expect(always.json.caseDuration.median).toBe(truth('running-example.xes').case_duration_seconds!.median);
    const file = join(dir, 'office.json');
    writeFileSync(file, '{"timeZone":"Europe/Amsterdam","week":"mon-fri 09:00-17:00"}');
    const office = await mine<MineJson>(log, '--calendar', file, '--json');
    expect(office.json.caseDuration.median!).toBeLessThan(always.json.caseDuration.median! / 2);
    const wrong = await mine(log, '--calendar', '{"timeZone":"Nowhere/Land","week":"mon 9-5"}', '--json');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/invalid-calendar/);
  });

  it('reads a CSV with the columns named on the command line', async () => {
    const { code, json } = await mine<MineJson>(
      join(logsDir, 'roadtraffic100traces.csv'),
      '--case-column',
      'case:concept:name',
      '--activity-column',
      'concept:name',
      '--timestamp-column',
      'time:timestamp',
      '--resource-column',
      'org:resource',
      '--timestamp-format',
      'iso',
      '--json',
    );
    const s = truth('roadtraffic100traces.csv');
    expect(code).toBe(0);
    expect([json.cases, json.events, json.variants, json.caseDuration.median]).toEqual([
      s.cases,
      s.events,
      s.variants,
      s.case_duration_seconds!.median,
    ]);
  });

  it('prints a summary for people and writes an HTML report and an export', async () => {
    const html = join(dir, 'report.html');
    const csv = join(dir, 'export.csv');
    const { code, stdout, stderr } = await mine(
      join(logsDir, 'running-example.xes'),
      '--html',
      html,
      '--export',
      csv,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/6 cases, 42 events, 8 activities, 6 variants/);
    expect(stdout).toMatch(/6 {2}check ticket → decide/);
    expect(stderr).toMatch(/report written to/);
    const report = readFileSync(html, 'utf8');
    expect(report).toMatch(/<svg/);
    expect(report).toMatch(/register request/);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toBe(
      'case:concept:name,concept:name,time:timestamp,org:resource,lifecycle:transition',
    );
  });

  it('checks conformance to a model and discovers one', async () => {
    const discovered = join(dir, 'discovered.bpmn');
    const { code, json, stdout } = await mine<MineJson>(
      join(logsDir, 'running-example.xes'),
      '--model',
      join(logsDir, 'running-example.bpmn'),
      '--discover',
      discovered,
      '--json',
    );
    expect(code).toBe(0);
    expect(json.conformance).toMatchObject({ fitness: 1, fittingCases: 6, cases: 6 });
    expect(stdout).not.toMatch(/discovered model written/);
    expect(readFileSync(discovered, 'utf8')).toMatch(
      /<bpmn:userTask id="Activity_\d+" name="register request"/,
    );
    const human = await mine(join(logsDir, 'running-example.xes'), '--model', join(logsDir, 'receipt.bpmn'));
    expect(human.stdout).toMatch(/conformance to .*receipt.bpmn: fitness 0.000, 0 of 6 cases fit/);
    expect(human.stdout).toMatch(/not in the model: check ticket \(9\)/);
  });

  it('refuses an invalid log with the problem and its line', async () => {
    const file = join(probesDir, 'intIncorrectValue.xes');
    const { code, json } = await mine<ErrorJson>(file, '--json');
    expect(code).toBe(1);
    expect(json.error.code).toBe('invalid-value');
    expect(json.error.message).toMatch(/has value '0.0', which is not an integer/);
    expect(json.error.findings).toEqual([expect.objectContaining({ file, line: 13 })]);
  });

  it('says what is missing on the command line', async () => {
    expect((await mine()).code).toBe(2);
    expect((await mine(join(logsDir, 'receipt.csv'), '--process', 'x')).stderr).toMatch(/not both/);
    const badFormat = await mine(join(logsDir, 'receipt.csv'), '--timestamp-format', 'HH:MM');
    expect([badFormat.code, badFormat.stderr]).toEqual([
      2,
      expect.stringMatching(/needs at least a year and a day/),
    ]);
    const noColumn = await mine(join(logsDir, 'receipt.csv'), '--case-column', 'order');
    expect([noColumn.code, noColumn.stderr]).toEqual([
      1,
      expect.stringMatching(/there is no column 'order' for the case/),
    ]);
    expect((await mine(join(logsDir, 'nope.xes'))).code).toBe(1);
  });
});

describe("sluice mine --process on Sluice's own history", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-mine-db-'));
  const db = join(dir, 'sluice.db');

  beforeAll(async () => {
    const clock = new VirtualClock();
    const sluice = await createSluice({ db, clock, pollMs: 60_000 });
    await sluice.deploy([
      {
        name: 'leave.bpmn',
        content: bpmn(
          'leave',
          `<bpmn:startEvent id="s"/><bpmn:userTask id="approve" name="Approve leave"/><bpmn:endEvent id="e"/>${flows('s>approve', 'approve>e')}`,
        ),
      },
    ]);
    for (let i = 0; i < 3; i++) {
      await sluice.start('leave');
      clock.advance(3_600_000);
      const [task] = (await sluice.tasks({ state: 'open' })).items;
      await sluice.completeTask(task!.id, { actor: 'pat' });
    }
    await sluice.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mines the instances of the process from the store', async () => {
    const { code, json } = await mine<MineJson>('--process', 'leave', '--db', db, '--json');
    expect(code).toBe(0);
    expect(json).toMatchObject({
      cases: 3,
      variants: 1,
      source: 'sluice:leave',
      activityCounts: { 'Approve leave': 9 },
    });
    expect(json.caseDuration.median).toBe(3600);
  });

  it('says so when the process has no instances', async () => {
    const { code, stderr } = await mine('--process', 'holiday', '--db', db);
    expect([code, stderr]).toEqual([1, expect.stringMatching(/process 'holiday' has no instances/)]);
    expect(existsSync(db)).toBe(true);
  });
});
