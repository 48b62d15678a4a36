/** Loads data for a page: the value, the failure, and a way to load again (after a change). */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>({
    value: undefined,
    error: undefined,
    loading: true,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => mine === latest.current && setState({ value, error: undefined, loading: false }),
      (error: unknown) => mine === latest.current && setState((s) => ({ ...s, error, loading: false })),
    );
    // The caller names what the load depends on, as with useEffect.
  }, [...deps, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
