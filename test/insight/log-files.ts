/**
 * The reference logs with their ground truth (`<file>.stats.json`, computed by an independent
 * script). Tests point at them where they lie; nothing is copied into the repository.
 * SLUICE_LOGS_DIR points the same tests at another folder of logs with ground truth.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const logsDir = process.env.SLUICE_LOGS_DIR ?? join(import.meta.dirname, '../../../shared/data/logs');
export const probesDir = join(logsDir, 'xes-importer-probes');
export const haveLogs = existsSync(logsDir);

export interface GroundTruth {
  readonly file: string;
  readonly format: 'xes' | 'csv';
  readonly conventions: {
    readonly order: string;
    readonly csv_columns?: {
      readonly case: string;
      readonly activity: string;
      readonly timestamp: string;
      readonly lifecycle: string | null;
      readonly resource: string | null;
      readonly sep: string;
    };
  };
  readonly stats: {
    readonly cases: number;
    readonly events: number;
    readonly distinct_activities: number;
    readonly variants: number;
    readonly activity_counts: Record<string, number>;
    readonly start_activities: Record<string, number>;
    readonly end_activities: Record<string, number>;
    readonly top_variants: { count: number; sequence: (string | null)[] }[];
    readonly case_duration_seconds?: { median: number; mean: number; min: number; max: number };
    readonly directly_follows_top: { from: string; to: string; count: number }[];
    readonly file_order_variants?: number;
    readonly file_order_directly_follows_top?: { from: string; to: string; count: number }[];
  };
}

export function groundTruths(): GroundTruth[] {
  if (!haveLogs) return [];
  return readdirSync(logsDir)
    .filter((name) => name.endsWith('.stats.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(logsDir, name), 'utf8')) as GroundTruth);
}
