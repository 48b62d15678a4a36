/**
 * Resources seen in an event log, for calibration: activities that share people are grouped
 * (a pool), each with the number of people and the working hours their events fall in (a
 * resource calendar, in UTC: the days that carry work and the span of hours that holds nearly
 * all of it).
 */
import { type EventLog, NONE, activityName } from '../insight/event-log.js';
import { type Weekday, weekdays } from '../work/calendar/calendar-types.js';
import { formatWeeklyHours } from '../work/calendar/weekly-hours.js';

export interface ResourceGroup {
  /** The pool's id in a calibrated scenario. */
  readonly pool: string;
  readonly activities: readonly string[];
  readonly people: number;
  /** Weekly hours as 'mon-fri 08:00-17:00' (UTC); absent when work is seen at every hour. */
  readonly calendar?: string;
}

/** A weekday counts as a working day when work was seen on this share of its dates. */
const DAY_SHARE = 0.25;
/** Shorter logs say too little about which weekdays are worked: no calendar. */
const MIN_SPAN_DAYS = 14;
/** Hours holding less than this share of the events at either end of the day are cut. */
const EDGE_SHARE = 0.01;
/** Spans shorter than this come from timestamps without a time of day: no calendar. */
const MIN_HOURS = 4;
const DAY_MS = 86_400_000;

export function resourceGroups(log: EventLog): ResourceGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const people = new Map<string, Set<number>>();
  const byResource = new Map<number, string>();
  for (let e = 0; e < log.eventCount; e++) {
    const r = log.resource[e]!;
    if (r === NONE) continue;
    const name = activityName(log, log.activity[e]!);
    if (!parent.has(name)) parent.set(name, name);
    const other = byResource.get(r);
    if (other === undefined) byResource.set(r, name);
    else parent.set(find(name), find(other));
    let set = people.get(name);
    if (!set) people.set(name, (set = new Set()));
    set.add(r);
  }
  const groups = new Map<string, { activities: string[]; people: Set<number> }>();
  for (const name of parent.keys()) {
    const root = find(name);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { activities: [], people: new Set() }));
    g.activities.push(name);
    for (const r of people.get(name) ?? []) g.people.add(r);
  }
  const groupOf = new Map<number, number>();
  const list = [...groups.values()];
  list.forEach((g, i) => {
    for (const r of g.people) groupOf.set(r, i);
  });
  const times = list.map((): number[] => []);
  for (let e = 0; e < log.eventCount; e++) {
    const g = groupOf.get(log.resource[e]!);
    if (g !== undefined && !Number.isNaN(log.time[e]!)) times[g]!.push(log.time[e]!);
  }
  return list.map((g, i) => {
    const calendar = seenHours(times[i]!);
    return {
      pool: `pool-${i + 1}`,
      activities: g.activities.sort(),
      people: g.people.size,
      ...(calendar !== undefined && { calendar }),
    };
  });
}

/** The weekly hours (UTC) that event times fall in, or undefined when they cover every hour. */
export function seenHours(times: readonly number[]): string | undefined {
  if (times.length === 0) return undefined;
  const first = Math.floor(Math.min(...times) / DAY_MS);
  const last = Math.floor(Math.max(...times) / DAY_MS);
  if (last - first + 1 < MIN_SPAN_DAYS) return undefined;
  const worked = new Set<number>();
  const hours = new Float64Array(24);
  for (const t of times) {
    worked.add(Math.floor(t / DAY_MS));
    hours[new Date(t).getUTCHours()]!++;
  }
  const dates = new Float64Array(7);
  const seen = new Float64Array(7);
  for (let day = first; day <= last; day++) {
    const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
    dates[weekday]!++;
    if (worked.has(day)) seen[weekday]!++;
  }
  const open = weekdays.filter((_, i) => seen[i]! >= DAY_SHARE * dates[i]!);
  let from = 0;
  let to = 24;
  for (let cut = 0; from < 23 && cut + hours[from]! < EDGE_SHARE * times.length; from++) cut += hours[from]!;
  for (let cut = 0; to > from + 1 && cut + hours[to - 1]! < EDGE_SHARE * times.length; to--)
    cut += hours[to - 1]!;
  if (to - from < MIN_HOURS) return undefined;
  if (open.length === 7 && from === 0 && to === 24) return undefined;
  const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;
  const week: Partial<Record<Weekday, { from: string; to: string }[]>> = {};
  for (const day of open) week[day] = [{ from: hh(from), to: hh(to) }];
  return formatWeeklyHours(week);
}
