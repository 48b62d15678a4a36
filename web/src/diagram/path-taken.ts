/**
 * Where an instance's tokens are and the path it took, as markers for the diagram: elements
 * with history are on the path, and so is a sequence flow whose both ends are (the history
 * records elements, not flows).
 */
import type { DiagramDecorations, DiagramOverlay } from './decorations';

export function sequenceFlowsOf(xml: string): { id: string; source: string; target: string }[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return [...doc.getElementsByTagNameNS('*', 'sequenceFlow')].map((flow) => ({
    id: flow.getAttribute('id') ?? '',
    source: flow.getAttribute('sourceRef') ?? '',
    target: flow.getAttribute('targetRef') ?? '',
  }));
}

export function pathDecorations(
  xml: string,
  visited: readonly string[],
  active: readonly string[],
  failing: readonly string[] = [],
): DiagramDecorations {
  const onPath = new Set(visited);
  const markers: Record<string, string[]> = {};
  const mark = (id: string, cls: string): void => {
    (markers[id] ??= []).push(cls);
  };
  for (const id of onPath) mark(id, 'path-taken');
  for (const flow of sequenceFlowsOf(xml))
    if (onPath.has(flow.source) && onPath.has(flow.target)) mark(flow.id, 'path-taken');
  const tokens = new Map<string, number>();
  for (const id of active) tokens.set(id, (tokens.get(id) ?? 0) + 1);
  for (const id of tokens.keys()) mark(id, 'token-here');
  for (const id of failing) mark(id, 'incident-here');
  const overlays: DiagramOverlay[] = [...tokens].map(([elementId, count]) => ({
    elementId,
    text: String(count),
    title: `${count} token${count === 1 ? '' : 's'} here`,
    className: 'token-count',
    position: 'bottom-left',
  }));
  return { markers, overlays };
}
