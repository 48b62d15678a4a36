import { describe, expect, it } from 'vitest';
import { type Bounds, type ProcessGraph, autoLayout, process } from '../../src/model/index.js';
import {
  badRoutes,
  escapedContent,
  flowsGoingLeft,
  layoutProblems,
  misplacedBoundaryEvents,
  missingBounds,
  overlappingShapes,
} from './layout-checks.js';
import { randomProcess } from './random-processes.js';

const centreY = (b: Bounds): number => b.y + b.height / 2;
const right = (b: Bounds): number => b.x + b.width;

describe('laying out a process that has no drawing', () => {
  it('draws a chain as one straight line, left to right, in bpmn-js sizes', () => {
    const graph = process('p')
      .startEvent('s')
      .userTask('a')
      .exclusiveGateway('g')
      .task('b')
      .endEvent('e')
      .build();

    const { shapes, edges } = autoLayout(graph);

    expect(shapes.s).toMatchObject({ x: 160, width: 36, height: 36 });
    expect(shapes.a).toMatchObject({ width: 100, height: 80 });
    expect(shapes.g).toMatchObject({ width: 50, height: 50 });
    const ids = ['s', 'a', 'g', 'b', 'e'];
    expect(new Set(ids.map((id) => centreY(shapes[id]!))).size).toBe(1);
    ids.slice(1).forEach((id, i) => expect(shapes[id]!.x).toBeGreaterThan(right(shapes[ids[i]!]!)));
    expect(edges['a-g']).toEqual([
      { x: right(shapes.a!), y: centreY(shapes.a!) },
      { x: shapes.g!.x, y: centreY(shapes.g!) },
    ]);
  });

  it('keeps the first flow out of a split straight and opens the other branches beside it', () => {
    const graph = process('p')
      .startEvent('s')
      .parallelGateway('fork')
      .task('main')
      .parallelGateway('join')
      .endEvent('e')
      .from('fork')
      .task('second')
      .to('join')
      .from('fork')
      .task('third')
      .to('join')
      .build();

    const { shapes, edges } = autoLayout(graph);

    const line = centreY(shapes.s!);
    for (const id of ['fork', 'main', 'join', 'e']) expect(centreY(shapes[id]!)).toBe(line);
    expect(centreY(shapes.second!)).toBeGreaterThan(line);
    expect(centreY(shapes.third!)).toBeGreaterThan(centreY(shapes.second!));
    // The split's flows share their way down; each bends once, in the channel.
    expect(edges['fork-second']).toHaveLength(4);
    expect(edges['fork-second']![1]!.x).toBe(edges['fork-third']![1]!.x);
  });

  it('hangs boundary events on the bottom edge of their host, evenly spaced, their paths below', () => {
    const graph = process('p')
      .startEvent('s')
      .userTask('approve')
      .endEvent('e')
      .boundaryEvent('t', { attachedTo: 'approve', timer: { duration: 'PT4H' }, cancelActivity: false })
      .task('nudge')
      .endEvent('nudged')
      .boundaryEvent('m', { attachedTo: 'approve', message: 'withdrawn' })
      .endEvent('withdrawn')
      .boundaryEvent('x', { attachedTo: 'approve', error: 'REJECTED' })
      .endEvent('rejected')
      .build();

    const layout = autoLayout(graph);
    const { shapes } = layout;

    expect(misplacedBoundaryEvents(graph, layout)).toEqual([]);
    const host = shapes.approve!;
    const xs = ['t', 'm', 'x'].map((id) => shapes[id]!.x + 18 - host.x);
    expect(xs[1]! - xs[0]!).toBe(xs[2]! - xs[1]!);
    expect(xs[1]! - xs[0]!).toBeGreaterThanOrEqual(40);
    for (const id of ['nudge', 'withdrawn', 'rejected'])
      expect(centreY(shapes[id]!)).toBeGreaterThan(host.y + host.height);
    expect(centreY(shapes.e!)).toBe(centreY(host));
    expect(layoutProblems(graph, layout)).toEqual([]);
  });

  it('sizes an expanded subprocess to hold its content, two levels deep', () => {
    const graph = process('p')
      .startEvent('s')
      .subProcess('outer', (outer) =>
        outer
          .startEvent('os')
          .subProcess('inner', (inner) => inner.startEvent('is').task('work').endEvent('ie'))
          .endEvent('oe')
          .boundaryEvent('late', { attachedTo: 'inner', timer: { duration: 'PT5M' } })
          .endEvent('timedOut'),
      )
      .endEvent('e')
      .build();

    const layout = autoLayout(graph);

    expect(layout.shapes.outer).toMatchObject({ expanded: true });
    expect(layout.shapes.inner).toMatchObject({ expanded: true });
    expect(escapedContent(graph, layout)).toEqual([]);
    expect(layoutProblems(graph, layout)).toEqual([]);
    expect(layout.shapes.outer!.width).toBeGreaterThan(layout.shapes.inner!.width);
  });

  it('draws a loop round the top of what it spans, entering its target from the left', () => {
    const graph = process('p')
      .startEvent('s')
      .userTask('edit')
      .userTask('review')
      .exclusiveGateway('ok')
      .flow('ok', 'edit', { condition: 'not(approved)' })
      .from('ok', { default: true })
      .endEvent('e')
      .build();

    const { shapes, edges } = autoLayout(graph);
    const loop = edges['ok-edit']!;

    const top = Math.min(...['edit', 'review', 'ok'].map((id) => shapes[id]!.y));
    expect(Math.min(...loop.map((p) => p.y))).toBeLessThan(top);
    expect(loop[0]).toEqual({ x: right(shapes.ok!), y: centreY(shapes.ok!) });
    expect(loop[loop.length - 1]).toEqual({ x: shapes.edit!.x, y: centreY(shapes.edit!) });
    expect(shapes.e!.x).toBeGreaterThan(right(shapes.ok!));
  });

  it('gives flows that would run on top of each other in a channel tracks of their own', () => {
    const graph = process('p')
      .startEvent('s')
      .subProcess('work', (inner) => inner.startEvent('ws').task('do').endEvent('we'))
      .endEvent('e')
      .boundaryEvent('b1', { attachedTo: 'work', error: 'E1' })
      .task('handle')
      .endEvent('handled')
      .boundaryEvent('b2', { attachedTo: 'work', message: 'm', cancelActivity: false })
      .endEvent('noted')
      .build();

    const layout = autoLayout(graph);

    expect(layoutProblems(graph, layout)).toEqual([]);
    const runX = (id: string) => layout.edges[id]!.find((p, i, all) => i > 0 && all[i - 1]!.x === p.x)?.x;
    expect(runX('b1-handle')).not.toBe(runX('b2-noted'));
  });

  it('is deterministic', () => {
    expect(autoLayout(randomProcess(7))).toEqual(autoLayout(randomProcess(7)));
  });

  it('draws a graph with errors too, as far as it can', () => {
    const { graph } = process('p').startEvent('s').task('a').flow('a', 'ghost').check();

    const layout = autoLayout(graph);

    expect(Object.keys(layout.shapes).sort()).toEqual(['a', 's']);
    expect(layout.edges['a-ghost']).toBeUndefined();
  });
});

describe('laying out random processes', () => {
  const seeds = Array.from({ length: 150 }, (_, i) => i + 1);
  const graphs = new Map<number, ProcessGraph>(seeds.map((seed) => [seed, randomProcess(seed)]));

  it.each(seeds)('process %i: every element drawn, no shapes overlapping, routes orthogonal', (seed) => {
    const graph = graphs.get(seed)!;
    const layout = autoLayout(graph);

    expect(missingBounds(graph, layout)).toEqual([]);
    expect(overlappingShapes(graph, layout)).toEqual([]);
    expect(misplacedBoundaryEvents(graph, layout)).toEqual([]);
    expect(escapedContent(graph, layout)).toEqual([]);
    expect(badRoutes(graph, layout)).toEqual([]);
  });

  it('put every target to the right of its source when the process has no loops', () => {
    const acyclic = process('dag')
      .startEvent('s')
      .parallelGateway('f')
      .task('a')
      .task('b')
      .parallelGateway('j')
      .endEvent('e')
      .from('f')
      .task('c')
      .to('j')
      .from('f')
      .to('j')
      .boundaryEvent('t', { attachedTo: 'a', timer: { duration: 'PT1M' }, cancelActivity: false })
      .to('j')
      .build();

    expect(flowsGoingLeft(acyclic, autoLayout(acyclic))).toEqual([]);
  });
});
