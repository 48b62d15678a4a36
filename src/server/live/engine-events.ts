/**
 * One subscription to the engine's committed events, fanned out to the parts of the server
 * that follow them (live streams, metrics, waiting job fetches).
 */
import type { HistoryEvent, InstanceState } from '../../core/types.js';
import type { Sluice } from '../../engine/engine.js';

export type EngineListener = (events: readonly HistoryEvent[], state: InstanceState) => void;

export class EngineEvents {
  private readonly listeners = new Set<EngineListener>();
  private readonly unsubscribe: () => void;

  constructor(
    sluice: Sluice,
    private readonly onError: (error: unknown) => void,
  ) {
    this.unsubscribe = sluice.onEvents((events, state) => this.publish(events, state));
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A listener that throws must not stop the engine's after-commit work or the others. */
  publish(events: readonly HistoryEvent[], state: InstanceState): void {
    for (const listener of this.listeners) {
      try {
        listener(events, state);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
