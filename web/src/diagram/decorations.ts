/**
 * Marks and overlays on a bpmn-js diagram, shared by the viewer (tokens, path, heatmap) and the
 * modeler (validator findings). `decorate` returns the undo, so a page's next state replaces
 * the last one instead of piling up.
 */

export interface DiagramOverlay {
  readonly elementId: string;
  readonly text: string;
  readonly className?: string;
  readonly title?: string;
  readonly position?: 'top-right' | 'bottom-left' | 'bottom-right';
}

export interface DiagramDecorations {
  /** Element id → CSS classes to add to it. */
  readonly markers?: Readonly<Record<string, readonly string[]>>;
  readonly overlays?: readonly DiagramOverlay[];
}

export interface DiagramServices {
  get(name: 'canvas'): {
    addMarker(id: string, cls: string): void;
    removeMarker(id: string, cls: string): void;
  };
  get(name: 'overlays'): {
    add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
    remove(filter: { type: string }): void;
  };
  get(name: 'elementRegistry'): { get(id: string): unknown };
}

const overlayType = 'sluice-decoration';

const positions = {
  'top-right': { top: -12, right: 12 },
  'bottom-left': { bottom: 10, left: -6 },
  'bottom-right': { bottom: 10, right: 14 },
} as const;

export function decorate(
  services: DiagramServices,
  { markers = {}, overlays = [] }: DiagramDecorations,
): () => void {
  const canvas = services.get('canvas');
  const registry = services.get('elementRegistry');
  const layer = services.get('overlays');
  const applied: [string, string][] = [];
  for (const [id, classes] of Object.entries(markers)) {
    if (!registry.get(id)) continue;
    for (const cls of classes) {
      canvas.addMarker(id, cls);
      applied.push([id, cls]);
    }
  }
  for (const overlay of overlays) {
    if (!registry.get(overlay.elementId)) continue;
    const html = document.createElement('div');
    html.className = `diagram-overlay ${overlay.className ?? ''}`;
    html.textContent = overlay.text;
    if (overlay.title) html.title = overlay.title;
    layer.add(overlay.elementId, overlayType, { position: positions[overlay.position ?? 'top-right'], html });
  }
  return () => {
    for (const [id, cls] of applied) canvas.removeMarker(id, cls);
    layer.remove({ type: overlayType });
  };
}
