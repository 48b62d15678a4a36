/**
 * The process map of the real flow: the directly-follows graph the insight routes answer,
 * drawn left to right. Activities are layered by their longest path from the start over the
 * graph without its back edges (found by a depth-first walk), so loops show as arcs that run
 * backwards under the boxes. Edge width and the number on it are how often one activity
 * directly followed the other; the table under it says the same for screen readers.
 */
import { formatDuration } from '../app/format';
import type { ProcessMap } from '../app/insight-types';

const start = '▶ start';
const end = '■ end';
const box = { width: 168, height: 46, gapX: 70, gapY: 28, margin: 24 } as const;
/** Room above and below the boxes for the arcs of skipping edges and loops. */
const room = 56;

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly medianSeconds: number | null;
}

interface Layout {
  readonly at: Map<string, { x: number; y: number }>;
  readonly back: Set<Edge>;
  readonly width: number;
  readonly height: number;
}

function mapEdges(map: ProcessMap): Edge[] {
  return [
    ...Object.entries(map.start).map(([to, count]) => ({ from: start, to, count, medianSeconds: null })),
    ...map.edges,
    ...Object.entries(map.end).map(([from, count]) => ({ from, to: end, count, medianSeconds: null })),
  ];
}

function layout(nodes: readonly string[], edges: readonly Edge[]): Layout {
  const out = new Map<string, Edge[]>(nodes.map((n) => [n, []]));
  for (const e of edges) out.get(e.from)?.push(e);
  const back = new Set<Edge>();
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const walk = (node: string): void => {
    state.set(node, 'open');
    for (const e of out.get(node) ?? []) {
      const seen = state.get(e.to);
      if (seen === 'open') back.add(e);
      else if (seen === undefined) walk(e.to);
    }
    state.set(node, 'done');
    order.push(node);
  };
  for (const node of nodes) if (!state.has(node)) walk(node);
  // Reverse post-order is a topological order of the graph without its back edges.
  const layer = new Map<string, number>(nodes.map((n) => [n, 0]));
  for (const node of order.reverse())
    for (const e of out.get(node) ?? [])
      if (!back.has(e)) layer.set(e.to, Math.max(layer.get(e.to)!, layer.get(node)! + 1));
  const columns: string[][] = [];
  for (const node of order) (columns[layer.get(node)!] ??= []).push(node);
  const tallest = Math.max(...columns.map((c) => c?.length ?? 0));
  const at = new Map<string, { x: number; y: number }>();
  columns.forEach((column, i) => {
    const offset = ((tallest - column.length) * (box.height + box.gapY)) / 2;
    column.forEach((node, j) =>
      at.set(node, {
        x: box.margin + i * (box.width + box.gapX),
        y: box.margin + room + offset + j * (box.height + box.gapY),
      }),
    );
  });
  return {
    at,
    back,
    width: box.margin * 2 + columns.length * (box.width + box.gapX) - box.gapX,
    height: box.margin * 2 + room * 2 + tallest * (box.height + box.gapY) - box.gapY,
  };
}

type Point = { readonly x: number; readonly y: number };

/**
 * A forward edge between neighbouring columns runs straight across; one that skips columns
 * arcs over the boxes between, and a loop (back edge) arcs under them.
 */
function route(a: Point, b: Point, loop: boolean): { d: string; mid: Point } {
  const span = Math.abs(a.x - b.x);
  if (loop) {
    const x1 = a.x + box.width / 2;
    const x2 = b.x + box.width / 2 + 12;
    const y = Math.max(a.y, b.y) + box.height;
    const dip = y + 30 + Math.min(span / 12, 30);
    return {
      d: `M${x1},${y} C${x1},${dip} ${x2},${dip} ${x2},${y}`,
      mid: { x: (x1 + x2) / 2, y: 0.25 * y + 0.75 * dip + 14 },
    };
  }
  if (span > box.width + box.gapX) {
    const x1 = a.x + box.width / 2;
    const x2 = b.x + box.width / 2 - 12;
    const top = Math.min(a.y, b.y);
    const rise = top - 30 - Math.min(span / 12, 30);
    return {
      d: `M${x1},${a.y} C${x1},${rise} ${x2},${rise} ${x2},${b.y}`,
      mid: { x: (x1 + x2) / 2, y: 0.25 * top + 0.75 * rise - 6 },
    };
  }
  const x1 = a.x + box.width;
  const y1 = a.y + box.height / 2;
  const x2 = b.x;
  const y2 = b.y + box.height / 2;
  return {
    d: `M${x1},${y1} C${x1 + box.gapX / 2},${y1} ${x2 - box.gapX / 2},${y2} ${x2},${y2}`,
    mid: { x: (x1 + x2) / 2 - 6, y: (y1 + y2) / 2 - 7 },
  };
}

const short = (text: string): string => (text.length > 22 ? `${text.slice(0, 21)}…` : text);

export function ProcessMapDiagram({ map, label }: { map: ProcessMap; label: string }) {
  const edges = mapEdges(map);
  if (edges.length === 0) return <p className="muted">No case has an activity yet: the map is empty.</p>;
  const nodes = [start, ...Object.keys(map.activities), end];
  const { at, back, width, height } = layout(nodes, edges);
  const most = Math.max(...edges.map((e) => e.count));
  const busiest = Math.max(...Object.values(map.activities));
  return (
    <figure className="process-map">
      <div className="process-map-scroll">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`${label}: ${nodes.length - 2} activities, ${edges.length} transitions`}
        >
          <defs>
            <marker
              id="map-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="11"
              markerHeight="11"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill="#3d4b5f" />
            </marker>
          </defs>
          {edges.map((e) => {
            const a = at.get(e.from);
            const b = at.get(e.to);
            if (!a || !b) return null;
            const { d, mid } = route(a, b, back.has(e) || a.x >= b.x);
            return (
              <g key={`${e.from}→${e.to}`} className="map-edge" data-from={e.from} data-to={e.to}>
                <title>
                  {e.from} → {e.to}: {e.count} times
                  {e.medianSeconds !== null ? `, median ${formatDuration(e.medianSeconds * 1000)}` : ''}
                </title>
                <path
                  d={d}
                  fill="none"
                  strokeWidth={1.5 + (5 * e.count) / most}
                  markerEnd="url(#map-arrow)"
                />
                <text x={mid.x} y={mid.y} textAnchor="middle">
                  {e.count}
                </text>
              </g>
            );
          })}
          {nodes.map((node) => {
            const p = at.get(node)!;
            const executions = map.activities[node];
            const terminal = node === start || node === end;
            const shade = executions === undefined ? 0 : executions / busiest;
            return (
              <g key={node} className={terminal ? 'map-node map-terminal' : 'map-node'} data-activity={node}>
                <title>{terminal ? node : `${node}: ${executions} executions`}</title>
                <rect
                  x={p.x}
                  y={p.y}
                  width={box.width}
                  height={box.height}
                  rx={terminal ? 23 : 8}
                  style={terminal ? undefined : { fill: `rgba(11, 87, 208, ${0.08 + 0.3 * shade})` }}
                />
                <text x={p.x + box.width / 2} y={p.y + (terminal ? 28 : 20)} textAnchor="middle">
                  {short(node)}
                </text>
                {!terminal && (
                  <text className="map-count" x={p.x + box.width / 2} y={p.y + 37} textAnchor="middle">
                    {executions}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="muted">
        {label}. Box shade and the number in it: executions; arrow width and number: how often one activity
        directly followed the other.
        {map.hiddenEdges > 0 && ` ${map.hiddenEdges} rare transitions are hidden.`}
      </figcaption>
      <details>
        <summary>The transitions as a table</summary>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Times</th>
              <th scope="col">Median time between</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((e) => (
              <tr key={`${e.from}→${e.to}`}>
                <td>{e.from}</td>
                <td>{e.to}</td>
                <td>{e.count}</td>
                <td>{e.medianSeconds === null ? '—' : formatDuration(e.medianSeconds * 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
