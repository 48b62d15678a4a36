/** Who is signed in, for every page: the `Me` answer, and what their roles let the app show. */
import { createContext, useContext } from 'react';
import type { Me } from './types';

export const SessionContext = createContext<Me | undefined>(undefined);

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe is used outside a signed-in page');
  return me;
}

/** Admin passes every role check on the server; the app shows the same. */
export const hasRole = (me: Me, ...roles: string[]): boolean =>
  me.roles.includes('admin') || roles.some((role) => me.roles.includes(role));
