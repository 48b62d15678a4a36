/**
 * The server's live stream (GET /api/v1/events): one EventSource per page that wants it; the
 * browser reconnects on its own. Events are not replayed, so a page lists what it shows again
 * when the stream (re)opens as well as on each change.
 */
import { useEffect, useRef } from 'react';

export interface LiveChange {
  readonly kind: 'task' | 'instance' | 'ready';
  readonly data: Record<string, unknown>;
}

export function useLiveEvents(onChange: (change: LiveChange) => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const source = new EventSource('/api/v1/events', { withCredentials: true });
    const forward = (kind: LiveChange['kind']) => (event: MessageEvent<string>) => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        // A comment or keep-alive carries no JSON; the kind alone is the news.
      }
      handler.current({ kind, data });
    };
    source.addEventListener('ready', forward('ready'));
    source.addEventListener('task', forward('task'));
    source.addEventListener('instance', forward('instance'));
    return () => source.close();
  }, []);
}
