/**
 * The process map drawn as SVG: activities left to right by where they tend to occur (their
 * mean position among a case's executions, approximated from the edges), edges as curves
 * whose width follows their frequency, labelled with count and median time. Meant for a
 * quick look in the HTML report, not as a layout engine.
 */
import { humanDuration } from './durations.js';
import type { ProcessMap } from './process-map.js';

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const W = 170;
const H = 44;
const GAP_X = 90;
const GAP_Y = 40;

export function processMapSvg(map: ProcessMap): string {
  const names = new Set<string>([...Object.keys(map.start), ...Object.keys(map.end)]);
  for (const e of map.edges) names.add(e.from).add(e.to);
  if (names.size === 0) return '<p class="none">no events</p>';
  const level = levels([...names], map);
  const columns = new Map<number, string[]>();
  for (const [name, l] of level) columns.set(l, [...(columns.get(l) ?? []), name]);
  const at = new Map<string, { x: number; y: number }>();
  let height = 0;
  for (const [l, members] of columns) {
    members.forEach((name, i) => at.set(name, { x: 20 + l * (W + GAP_X), y: 20 + i * (H + GAP_Y) }));
    height = Math.max(height, members.length * (H + GAP_Y));
  }
  const width = 40 + (Math.max(...columns.keys()) + 1) * (W + GAP_X);
  const most = Math.max(1, ...map.edges.map((e) => e.count));
  const edges = map.edges.map((e) => {
    const a = at.get(e.from)!;
    const b = at.get(e.to)!;
    const x1 = a.x + W;
    const y1 = a.y + H / 2;
    const x2 = b.x;
    const y2 = b.y + H / 2;
    const back = x2 <= a.x;
    const bend = back ? -60 - Math.abs(y2 - y1) / 4 : 0;
    const mx = (x1 + x2) / 2;
    const my = (y1 + y2) / 2 + bend;
    const path =
      e.from === e.to
        ? `M${a.x + W - 20},${a.y} c 20,-40 40,-10 20,10`
        : `M${x1},${y1} Q${mx},${my} ${x2},${y2}`;
    const stroke = 1 + (6 * e.count) / most;
    const label = `${e.count} · ${humanDuration(e.medianSeconds)}`;
    return `<path d="${path}" fill="none" stroke="#5b6b86" stroke-opacity=".7" stroke-width="${stroke.toFixed(1)}" marker-end="url(#arrow)"><title>${esc(`${e.from} → ${e.to}: ${label}`)}</title></path><text x="${mx}" y="${my - 4}" font-size="10" text-anchor="middle" fill="#3a4456">${esc(label)}</text>`;
  });
  const nodes = [...at].map(
    ([name, p]) =>
      `<g><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="6" fill="${map.start[name] ? '#e6f4ea' : map.end[name] ? '#fdecea' : '#eef2f8'}" stroke="#5b6b86"/><text x="${p.x + W / 2}" y="${p.y + H / 2 + 4}" font-size="11" text-anchor="middle">${esc(name.length > 26 ? `${name.slice(0, 25)}…` : name)}</text><title>${esc(name)}</title></g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height + 40}" width="${width}" height="${height + 40}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6b86"/></marker></defs>
${edges.join('\n')}
${nodes.join('\n')}
</svg>`;
}

/** A column per node: longest path from the start activities over forward edges (breadth-first, cycles cut). */
function levels(names: readonly string[], map: ProcessMap): Map<string, number> {
  const level = new Map<string, number>();
  const queue = Object.keys(map.start).filter((n) => names.includes(n));
  for (const n of queue) level.set(n, 0);
  const out = new Map<string, string[]>();
  for (const e of map.edges) if (e.from !== e.to) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    for (const m of out.get(n) ?? []) {
      if (!level.has(m)) {
        level.set(m, level.get(n)! + 1);
        queue.push(m);
      }
    }
  }
  let next = Math.max(-1, ...level.values()) + 1;
  for (const n of names) if (!level.has(n)) level.set(n, next++);
  return level;
}
