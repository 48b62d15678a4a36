/**
 * On every reference log, the numbers insight computes equal the ground truth computed by an
 * independent script: counts, variants, start and end activities, activity counts, case
 * durations, the top directly-follows pairs and the top variants. The conventions block of
 * each ground-truth file says how it counted (document order for XES, time order for CSV),
 * and the log is read the same way.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EventLog, MISSING_ACTIVITY } from '../../src/insight/event-log.js';
import { importLogFile } from '../../src/insight/import-log-file.js';
import { summarize } from '../../src/insight/log-summary.js';
import { type GroundTruth, groundTruths, logsDir } from './log-files.js';

/** The ground truth names a missing activity None (Python's null). */
const name = (activity: string | null): string =>
  activity === null || activity === 'None' ? MISSING_ACTIVITY : activity;
const renamed = (counts: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [name(k), v]));

const cache = new Map<string, Promise<EventLog>>();

/** Each log is read once per order and shared by the tests that look at it. */
function read(truth: GroundTruth, order?: 'file'): Promise<EventLog> {
  const key = `${truth.file} ${order ?? ''}`;
  let log = cache.get(key);
  if (!log) {
    log = readLog(truth, order);
    cache.set(key, log);
  }
  return log;
}

async function readLog(truth: GroundTruth, order?: 'file'): Promise<EventLog> {
  const columns = truth.conventions.csv_columns;
  const imported = await importLogFile(join(logsDir, truth.file), {
    ...(columns && {
      columns: {
        case: columns.case,
        activity: columns.activity,
        timestamp: columns.timestamp,
        ...(columns.resource !== null && { resource: columns.resource }),
        ...(columns.lifecycle !== null && { lifecycle: columns.lifecycle }),
      },
      delimiter: columns.sep,
    }),
    ...(order && { order }),
  });
  return imported.log;
}

describe.each(groundTruths().map((t) => [t.file, t] as const))('the log %s', (_file, truth) => {
  const s = truth.stats;

  it('has the cases, events, activities and variants of the ground truth', async () => {
    const summary = summarize(await read(truth));
    expect([summary.cases, summary.events, summary.activities, summary.variants]).toEqual([
      s.cases,
      s.events,
      s.distinct_activities,
      s.variants,
    ]);
  });

  it('starts, ends and counts activities as the ground truth does', async () => {
    const summary = summarize(await read(truth));
    expect(summary.startActivities).toEqual(renamed(s.start_activities));
    expect(summary.endActivities).toEqual(renamed(s.end_activities));
    expect(summary.activityCounts).toEqual(renamed(s.activity_counts));
  });

  it('measures case durations as the ground truth does', async () => {
    const { caseDuration } = summarize(await read(truth));
    const expected = s.case_duration_seconds;
    if (expected === undefined) {
      expect(caseDuration).toEqual({ median: null, mean: null, min: null, max: null });
      return;
    }
    expect(caseDuration.median).toBeCloseTo(expected.median, 6);
    expect(caseDuration.mean).toBeCloseTo(expected.mean, 2);
    expect(caseDuration.min).toBeCloseTo(expected.min, 6);
    expect(caseDuration.max).toBeCloseTo(expected.max, 6);
  });

  it('finds the top directly-follows pairs of the ground truth, in its order', async () => {
    const { dfg } = summarize(await read(truth));
    expect(dfg.slice(0, s.directly_follows_top.length)).toEqual(s.directly_follows_top);
  });

  it('finds the top variants of the ground truth', async () => {
    const { topVariants } = summarize(await read(truth), { topVariants: s.top_variants.length });
    expect(topVariants).toEqual(
      s.top_variants.map((v) => ({ count: v.count, sequence: v.sequence.map(name) })),
    );
  });

  // Only the CSV ground truths also count in file order.
  if (s.file_order_variants === undefined) return;
  it('keeps file order when asked, as the ground truth does', async () => {
    const summary = summarize(await read(truth, 'file'));
    expect(summary.variants).toBe(s.file_order_variants);
    expect(summary.dfg.slice(0, s.file_order_directly_follows_top!.length)).toEqual(
      s.file_order_directly_follows_top,
    );
  });
});
