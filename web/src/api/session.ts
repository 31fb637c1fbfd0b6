// The session endpoints of the server (docs/api.md, "Sessions"): the token is sent once to
// POST /session and never kept by the page (no localStorage); the HttpOnly cookie does the rest.
export type Role = 'ADMIN' | 'COORDINATOR' | 'REQUESTER' | 'EXPERT';

export interface SessionViewer {
  role: Role;
  tokenName: string;
  /** The Expert's global id for an EXPERT token. */
  expertId: string | null;
}

export class SignInError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function currentSession(): Promise<SessionViewer | null> {
  const res = await fetch('/session', { credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`GET /session answered ${res.status}`);
  return (await res.json()) as SessionViewer;
}

export async function signIn(token: string): Promise<SessionViewer> {
  const res = await fetch('/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new SignInError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body as SessionViewer;
}

export async function signOut(): Promise<void> {
  await fetch('/session', { method: 'DELETE', credentials: 'same-origin' });
}

/** Staff roles: the roster, requests board and reports. */
export const isStaff = (role: Role | undefined): boolean => role === 'ADMIN' || role === 'COORDINATOR';

/** Where a signed-in person starts. */
export function homeFor(role: Role): string {
  if (role === 'EXPERT') return '/me';
  if (role === 'REQUESTER') return '/requests';
  return '/roster';
}
