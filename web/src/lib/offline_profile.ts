// What a phone remembers about who is signed in, so a para who opens paraplan
// in a room without signal still sees their day. The CSRF token is not kept:
// nothing can be sent without a fresh session from the server.
import { SAVED, clear, get, put } from './idb';
import type { Session } from './session';

const PROFILE_KEY = 'profile';

export async function saveOfflineProfile(session: Session): Promise<void> {
  try {
    await put(SAVED, { ...session, csrfToken: '' }, PROFILE_KEY);
  } catch {
    // A browser without storage (private mode) works online only.
  }
}

export async function loadOfflineProfile(): Promise<Session | null> {
  try {
    return (await get<Session>(SAVED, PROFILE_KEY)) ?? null;
  } catch {
    return null;
  }
}

// Forgets the saved views (profile, saved days) at sign-out. Records not yet
// sent stay in the outbox: they belong to the person who recorded them and
// are sent when that person signs in again.
export async function forgetDevice(): Promise<void> {
  try {
    await clear(SAVED);
  } catch {
    // Nothing saved, nothing to forget.
  }
}
