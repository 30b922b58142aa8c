// Session expiry warning (WCAG 2.2.1 Timing Adjustable): before the server
// ends an idle session, the person is warned and can stay signed in with one
// key press; the warning gives them at least two minutes to respond.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, lastServerContact, onServerContact } from './lib/api';
import { announce } from './lib/announce';
import type { Session } from './lib/session';

const WARNING_MILLISECONDS = 2 * 60 * 1000;

function formatRemaining(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? `${minutes} min ${String(rest).padStart(2, '0')} s` : `${rest} s`;
}

export function ExpiryWarning({ session, onExpired, onSignOut }: { session: Session; onExpired: () => void; onSignOut: () => void }) {
  const [now, setNow] = useState(Date.now());
  const [contact, setContact] = useState(lastServerContact());
  const [extending, setExtending] = useState(false);
  const stayButton = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => onServerContact(() => setContact(lastServerContact())), []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const idleEnd = contact + session.idleMinutes * 60 * 1000;
  const remaining = idleEnd - now;
  const warning = remaining <= WARNING_MILLISECONDS;

  useEffect(() => {
    if (remaining <= 0) onExpired();
  }, [remaining <= 0]);

  useEffect(() => {
    if (!warning) return;
    opener.current = document.activeElement;
    announce('You will be signed out soon because of inactivity.', 'assertive');
    stayButton.current?.focus();
    return () => {
      // Give focus back to where the person was working.
      if (opener.current instanceof HTMLElement && document.contains(opener.current)) opener.current.focus();
    };
  }, [warning]);

  if (!warning || remaining <= 0) return null;

  async function stay() {
    setExtending(true);
    try {
      await api.get('/session');
      announce('You are still signed in.');
    } catch {
      // A failure here is the 401 of an already ended session; the shell handles it.
    } finally {
      setExtending(false);
    }
  }

  return (
    <div class="dialog-backdrop">
      <div
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="expiry-title"
        aria-describedby="expiry-text"
        onKeyDown={(event) => {
          if (event.key === 'Escape') void stay();
          if (event.key === 'Tab') {
            // Keep focus inside the dialog while it is open.
            const buttons = Array.from((event.currentTarget as HTMLElement).querySelectorAll('button'));
            const first = buttons[0];
            const last = buttons[buttons.length - 1];
            if (event.shiftKey && document.activeElement === first) {
              event.preventDefault();
              last?.focus();
            } else if (!event.shiftKey && document.activeElement === last) {
              event.preventDefault();
              first?.focus();
            }
          }
        }}
      >
        <h2 id="expiry-title">Still there?</h2>
        <p id="expiry-text">
          For the students' privacy, paraplan signs you out after {session.idleMinutes} minutes without activity. You will be
          signed out in <strong class="countdown">{formatRemaining(remaining)}</strong>.
        </p>
        <div class="actions">
          <button type="button" class="button button-primary" ref={stayButton} onClick={stay} disabled={extending}>
            Stay signed in
          </button>
          <button type="button" class="button" onClick={onSignOut}>
            Sign out now
          </button>
        </div>
      </div>
    </div>
  );
}
