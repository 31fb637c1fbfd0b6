// Who is signed in, for the whole app: GET /session on load, then sign in and sign out. Pages read
// it with useSession(); `viewer` is null when nobody is signed in. When the API answers
// UNAUTHENTICATED (the session ended or its token was revoked) the app drops the viewer and
// shows the sign-in page with a note.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider as UrqlProvider } from 'urql';
import { createApiClient } from './api/client.ts';
import { currentSession, signIn as postSession, signOut as deleteSession, type SessionViewer } from './api/session.ts';

interface SessionState {
  /** undefined while GET /session is pending. */
  viewer: SessionViewer | null | undefined;
  /** True after the server ended the session under us (not after Sign out). */
  ended: boolean;
  signIn(token: string): Promise<SessionViewer>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [viewer, setViewer] = useState<SessionViewer | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const sessionEnded = useCallback(() => {
    setViewer((current) => {
      if (current) setEnded(true);
      return null;
    });
  }, []);
  // A new client per viewer, so that nothing cached for one person is shown to the next.
  const client = useMemo(() => createApiClient(sessionEnded), [viewer, sessionEnded]);

  useEffect(() => {
    currentSession().then(setViewer, () => setViewer(null));
  }, []);

  const state = useMemo<SessionState>(
    () => ({
      viewer,
      ended,
      async signIn(token) {
        const signedIn = await postSession(token);
        setEnded(false);
        setViewer(signedIn);
        return signedIn;
      },
      async signOut() {
        await deleteSession();
        setEnded(false);
        setViewer(null);
      },
    }),
    [viewer, ended],
  );
  return (
    <SessionContext.Provider value={state}>
      <UrqlProvider value={client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
