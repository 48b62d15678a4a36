/**
 * A read-only BPMN diagram (bpmn-js NavigatedViewer: pan and zoom) with what a page wants
 * drawn on it: CSS classes on elements (tokens, the path taken, findings) and small overlays
 * (counts, durations). The diagram is imported once per XML; markers change without re-import.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../app/ui';
import { type DiagramDecorations, decorate } from './decorations';

interface Props extends DiagramDecorations {
  readonly xml: string;
  readonly label: string;
  readonly height?: number;
  readonly onElementClick?: (elementId: string) => void;
}

export default function BpmnDiagram({ xml, label, height = 420, markers, overlays, onElementClick }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | undefined>(undefined);
  const [ready, setReady] = useState(0);
  const [error, setError] = useState<unknown>();
  const click = useRef(onElementClick);
  click.current = onElementClick;

  useEffect(() => {
    const v = new NavigatedViewer({ container: host.current! });
    viewer.current = v;
    let live = true;
    v.importXML(xml).then(
      () => {
        if (!live) return;
        v.get<{ zoom(mode: string, center: string): void }>('canvas').zoom('fit-viewport', 'auto');
        v.get<{ on(e: string, f: (ev: { element: { id: string } }) => void): void }>('eventBus').on(
          'element.click',
          (event) => click.current?.(event.element.id),
        );
        setReady((n) => n + 1);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
      v.destroy();
      viewer.current = undefined;
    };
  }, [xml]);

  useEffect(() => {
    if (!viewer.current || ready === 0) return;
    return decorate(viewer.current, { markers, overlays });
  }, [ready, markers, overlays]);

  return (
    <figure className="diagram" aria-label={label}>
      <div ref={host} className="diagram-canvas" style={{ height }} role="img" aria-label={label} />
      <ErrorNote error={error} />
    </figure>
  );
}
