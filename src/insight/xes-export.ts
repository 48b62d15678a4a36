/**
 * An EventLog as XES (IEEE 1849-2016), written in chunks so a large log never becomes one
 * string. Globals declare the attributes every event has. Each event carries concept:name, time:timestamp (UTC, milliseconds),
 * org:resource and lifecycle:transition when it has them; each trace its case id. Reading
 * the output back gives the same log.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type EventLog, NONE } from './event-log.js';

const escape = (text: string): string => text.replace(/[&<>"\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);

const attribute = (type: string, key: string, value: string): string =>
  `<${type} key="${key}" value="${escape(value)}"/>`;

/** The XES text in pieces of about `chunkSize` characters. */
export function* xesChunks(log: EventLog, chunkSize = 1 << 20): Generator<string> {
  const extensions = [
    ['Concept', 'concept'],
    ['Time', 'time'],
    ['Organizational', 'org'],
    ['Lifecycle', 'lifecycle'],
  ]
    .map(
      ([name, prefix]) =>
        `\t<extension name="${name}" prefix="${prefix}" uri="http://www.xes-standard.org/${prefix}.xesext"/>\n`,
    )
    .join('');
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">\n${extensions}`;
  // A global promises that every event has the attribute, so only those that hold are declared.
  const named = !log.activity.includes(NONE);
  const timed = !log.time.some(Number.isNaN);
  out += `\t<global scope="trace">\n\t\t${attribute('string', 'concept:name', '__INVALID__')}\n\t</global>\n`;
  out += '\t<global scope="event">\n';
  if (named) out += `\t\t${attribute('string', 'concept:name', '__INVALID__')}\n`;
  if (timed) out += `\t\t${attribute('date', 'time:timestamp', '1970-01-01T00:00:00.000Z')}\n`;
  out += '\t</global>\n';
  if (named) out += `\t<classifier name="Activity" keys="concept:name"/>\n`;
  for (const [key, value] of Object.entries(log.meta.attributes))
    out += `\t${attribute('string', key, value)}\n`;
  for (let c = 0; c < log.caseCount; c++) {
    out += `\t<trace>\n\t\t${attribute('string', 'concept:name', log.caseIds[c]!)}\n`;
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      out += '\t\t<event>';
      const a = log.activity[e]!;
      if (a !== NONE) out += attribute('string', 'concept:name', log.activities[a]!);
      const t = log.time[e]!;
      if (!Number.isNaN(t)) out += attribute('date', 'time:timestamp', new Date(t).toISOString());
      const r = log.resource[e]!;
      if (r !== NONE) out += attribute('string', 'org:resource', log.resources[r]!);
      const l = log.lifecycle[e]!;
      if (l !== NONE) out += attribute('string', 'lifecycle:transition', log.lifecycles[l]!);
      out += '</event>\n';
    }
    out += '\t</trace>\n';
    if (out.length >= chunkSize) {
      yield out;
      out = '';
    }
  }
  yield `${out}</log>\n`;
}

export const toXes = (log: EventLog): string => [...xesChunks(log)].join('');

export async function writeXesFile(log: EventLog, path: string): Promise<void> {
  const file = createWriteStream(path);
  for (const chunk of xesChunks(log)) if (!file.write(chunk)) await once(file, 'drain');
  file.end();
  await once(file, 'finish');
}
