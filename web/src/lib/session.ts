// The signed-in person as the UI knows them, read from the server's session
// answer (`POST /api/v1/session` at sign-in, `GET /api/v1/session` on load).

import { ApiError, api, setCsrfToken } from './api';

export type Role =
  | 'administrator'
  | 'special_educator'
  | 'related_service_provider'
  | 'general_educator'
  | 'paraeducator'
  | 'parent';

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  special_educator: 'Special educator',
  related_service_provider: 'Related service provider',
  general_educator: 'General educator',
  paraeducator: 'Paraeducator',
  parent: 'Parent or guardian',
};

export interface Session {
  // The account's id: records captured on a device belong to it.
  accountId: number;
  role: Role;
  name: string;
  email: string;
  staffId: number | null;
  guardianId: number | null;
  schoolId: number | null;
  csrfToken: string;
  // Minutes of inactivity after which the server ends the session.
  idleMinutes: number;
}

const DEFAULT_IDLE_MINUTES = 30;

type Json = Record<string, unknown>;

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// Reads the session answer. The principal may be at the top level or nested
// under `principal`/`account`/`user`, so the UI does not break when the
// server groups it differently.
export function sessionFromJson(json: Json): Session {
  const principal = ((json.principal ?? json.account ?? json.user ?? json) as Json) ?? {};
  const role = String(principal.role ?? json.role ?? '') as Role;
  if (!(role in ROLE_LABELS)) {
    throw new ApiError(500, 'unknown_role', `The server named an unknown role "${role}".`);
  }
  const first = String(principal.first_name ?? '');
  const last = String(principal.last_name ?? '');
  const name = String(principal.name ?? principal.display_name ?? `${first} ${last}`).trim();
  const email = String(principal.email ?? json.email ?? '');
  const idleSeconds = numberOrNull(json.idle_timeout_seconds ?? json.idle_seconds);
  return {
    accountId: numberOrNull(principal.account_id ?? json.account_id) ?? 0,
    role,
    name: name || email,
    email,
    staffId: numberOrNull(principal.staff_id),
    guardianId: numberOrNull(principal.guardian_id),
    schoolId: numberOrNull(principal.school_id),
    csrfToken: String(json.csrf_token ?? json.csrf ?? ''),
    idleMinutes: idleSeconds ? idleSeconds / 60 : DEFAULT_IDLE_MINUTES,
  };
}

// The session answer names the account, not the person: their name comes
// from their own staff or guardian record. Without it the role is shown.
async function withName(session: Session): Promise<Session> {
  if (session.name && session.name !== session.email) return session;
  const path = session.staffId ? `/staff/${session.staffId}` : session.guardianId ? `/guardians/${session.guardianId}` : null;
  try {
    if (path) {
      const person = await api.get<Json>(path);
      const name = `${String(person.first_name ?? '')} ${String(person.last_name ?? '')}`.trim();
      if (name) return { ...session, name, email: session.email || String(person.email ?? '') };
    }
  } catch {
    // The name is a courtesy; the session works without it.
  }
  return { ...session, name: session.name || ROLE_LABELS[session.role] };
}

export async function signIn(email: string, password: string): Promise<Session> {
  await finishPendingSignOut();
  const json = await api.post<Json>('/session', { email, password });
  markSignOutPending(false);
  const session = sessionFromJson(json);
  setCsrfToken(session.csrfToken);
  return withName({ ...session, email: session.email || email });
}

// The current session, or null when nobody is signed in.
export async function currentSession(): Promise<Session | null> {
  try {
    const json = await api.get<Json>('/session');
    const session = sessionFromJson(json);
    setCsrfToken(session.csrfToken);
    return await withName(session);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 404)) return null;
    throw error;
  }
}

// A sign-out that cannot reach the server leaves the session cookie valid,
// and the page cannot delete it (HttpOnly): whoever opens paraplan next on
// this device would be signed in as the person who left. So a sign-out is
// marked pending before it is sent, and the mark stays until the server has
// ended the session; while it is there the app shows the sign-in page and
// ends the session before anything else (see finishPendingSignOut). It is
// kept in localStorage, which every tab and the next visit read.
const SIGN_OUT_PENDING = 'paraplan.sign-out-pending';
// The mark as this page knows it: in a browser without storage it lasts as
// long as the page.
let pendingHere = false;

export function signOutPending(): boolean {
  try {
    return pendingHere || localStorage.getItem(SIGN_OUT_PENDING) !== null;
  } catch {
    return pendingHere;
  }
}

function markSignOutPending(pending: boolean): void {
  pendingHere = pending;
  try {
    if (pending) localStorage.setItem(SIGN_OUT_PENDING, new Date().toISOString());
    else localStorage.removeItem(SIGN_OUT_PENDING);
  } catch {
    // Without storage the mark cannot outlive the page.
  }
}

// Ends the session on the server; the session is over only once this
// resolves. It throws when the server could not be told (offline), and the
// sign-out stays pending.
export async function signOut(): Promise<void> {
  markSignOutPending(true);
  try {
    await api.delete('/session');
    markSignOutPending(false);
  } catch (error) {
    // Already ended (expired, or ended from another tab).
    if (error instanceof ApiError && error.status === 401) {
      markSignOutPending(false);
      return;
    }
    throw error;
  } finally {
    setCsrfToken('');
  }
}

// Ends a pending sign-out: asks for the session (for the CSRF token the
// DELETE needs; nothing of it is shown), then deletes it. True when no
// sign-out is pending any more, false when the server still cannot be told.
export async function finishPendingSignOut(): Promise<boolean> {
  if (!signOutPending()) return true;
  try {
    const json = await api.get<Json>('/session');
    setCsrfToken(String(json.csrf_token ?? json.csrf ?? ''));
    await signOut();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      markSignOutPending(false);
      return true;
    }
    return false;
  } finally {
    setCsrfToken('');
  }
}

// The page each role starts on.
export function homeOf(role: Role): string {
  switch (role) {
    case 'paraeducator':
      return '/day';
    case 'administrator':
      return '/schedule';
    case 'special_educator':
    case 'related_service_provider':
      return '/caseload';
    case 'general_educator':
      return '/sections';
    case 'parent':
      return '/family';
  }
}

export interface NavItem {
  path: string;
  label: string;
}

export function navigationOf(role: Role): NavItem[] {
  switch (role) {
    case 'paraeducator':
      return [{ path: '/day', label: 'My day' }];
    case 'administrator':
      return [{ path: '/schedule', label: 'Schedule board' }];
    case 'special_educator':
    case 'related_service_provider':
      return [
        { path: '/caseload', label: 'Caseload' },
        { path: '/plans', label: 'Plans to review' },
        { path: '/review', label: 'Records to review' },
      ];
    case 'general_educator':
      return [{ path: '/sections', label: 'My sections' }];
    case 'parent':
      return [{ path: '/family', label: 'My child' }];
  }
}
