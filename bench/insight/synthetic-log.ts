/**
 * A synthetic event log shaped like BPIC 2012 (a loan application process: 24 activities,
 * about 20 events per case, lifecycle transitions, resources, millisecond timestamps with a
 * zone), generated from a seeded random walk so every run measures the same bytes. It is
 * written as XES the way OpenXES writes it, so the import benchmark parses what real logs
 * look like, attribute for attribute.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const ACTIVITIES = [
  'A_SUBMITTED',
  'A_PARTLYSUBMITTED',
  'A_PREACCEPTED',
  'W_Completeren aanvraag',
  'A_ACCEPTED',
  'O_SELECTED',
  'A_FINALIZED',
  'O_CREATED',
  'O_SENT',
  'W_Nabellen offertes',
  'O_SENT_BACK',
  'W_Valideren aanvraag',
  'A_REGISTERED',
  'A_APPROVED',
  'O_ACCEPTED',
  'A_ACTIVATED',
  'O_CANCELLED',
  'W_Afhandelen leads',
  'A_DECLINED',
  'A_CANCELLED',
  'W_Beoordelen fraude',
  'O_DECLINED',
  'W_Wijzigen contractgegevens',
  'W_Nabellen incomplete dossiers',
] as const;

/** mulberry32: small, fast, and the same sequence on every platform. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticEvent {
  readonly activity: string;
  readonly time: number;
  readonly resource: string;
  readonly lifecycle: string;
}

/** Cases of about 20 events until `events` events have been made (the last case is cut). */
export function* syntheticCases(events: number, seed = 2012): Generator<SyntheticEvent[]> {
  const next = random(seed);
  let made = 0;
  let clock = Date.UTC(2011, 9, 1);
  while (made < events) {
    clock += Math.floor(next() * 1_200_000);
    let t = clock;
    let state = 0;
    const length = Math.min(events - made, 8 + Math.floor(next() * 25));
    const trace: SyntheticEvent[] = [];
    for (let i = 0; i < length; i++) {
      // A walk that mostly moves forward, sometimes loops back: realistic variant counts.
      state = Math.min(ACTIVITIES.length - 1, Math.max(0, state + Math.floor(next() * 5) - 1));
      t += Math.floor(next() * 3_600_000);
      const lifecycle = state >= 9 && next() < 0.5 ? 'START' : 'COMPLETE';
      trace.push({
        activity: ACTIVITIES[state]!,
        time: t,
        resource: String(10000 + Math.floor(next() * 60)),
        lifecycle,
      });
    }
    made += length;
    yield trace;
  }
}

const iso = (ms: number): string => new Date(ms + 7_200_000).toISOString().replace('Z', '+02:00');

/** Writes the log as XES; resolves with the number of events and bytes written. */
export async function writeSyntheticXes(
  path: string,
  events: number,
): Promise<{ events: number; cases: number }> {
  const out = createWriteStream(path);
  let buffer = `<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7" xmlns="http://www.xes-standard.org/">
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<global scope="trace">
\t\t<string key="concept:name" value="name"/>
\t</global>
\t<global scope="event">
\t\t<string key="org:resource" value="resource"/>
\t\t<string key="lifecycle:transition" value="complete"/>
\t\t<string key="concept:name" value="name"/>
\t\t<date key="time:timestamp" value="1970-01-01T01:00:00.000+01:00"/>
\t</global>
\t<classifier name="Activity classifier" keys="concept:name lifecycle:transition"/>
\t<string key="concept:name" value="synthetic BPIC 2012"/>
`;
  let cases = 0;
  let written = 0;
  for (const trace of syntheticCases(events)) {
    cases++;
    buffer += `\t<trace>\n\t\t<date key="REG_DATE" value="${iso(trace[0]!.time)}"/>\n\t\t<string key="concept:name" value="${173688 + cases}"/>\n\t\t<string key="AMOUNT_REQ" value="${(cases * 37) % 50000}"/>\n`;
    for (const e of trace) {
      buffer += `\t\t<event>\n\t\t\t<string key="org:resource" value="${e.resource}"/>\n\t\t\t<string key="lifecycle:transition" value="${e.lifecycle}"/>\n\t\t\t<string key="concept:name" value="${e.activity}"/>\n\t\t\t<date key="time:timestamp" value="${iso(e.time)}"/>\n\t\t</event>\n`;
    }
    written += trace.length;
    buffer += '\t</trace>\n';
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.write(`${buffer}</log>\n`);
  out.end();
  await once(out, 'finish');
  return { events: written, cases };
}
