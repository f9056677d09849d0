import { createContext, useContext } from 'react';
import type { SessionViewT } from '../../../../server/contract/accounts';

/** Provided by RequireAuth, so pages inside it always have a session to read. */
export const SessionContext = createContext<SessionViewT | null>(null);

export function useSession(): SessionViewT {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is only available inside RequireAuth');
  return session;
}
