import { useRef, useState } from 'preact/hooks';
import { Field, PageHeading, describeError, sentence } from '../components';
import { ApiError } from '../lib/api';
import { type Session, signIn } from '../lib/session';

export function SignInPage({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const errorBox = useRef<HTMLDivElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!email.trim()) missing.email = 'Enter your email address.';
    if (!password) missing.password = 'Enter your password.';
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) {
      setError('Sign-in needs your email address and password.');
      queueMicrotask(() => errorBox.current?.focus());
      return;
    }
    setBusy(true);
    setError('');
    try {
      onSignedIn(await signIn(email.trim(), password));
    } catch (caught) {
      const fields: Record<string, string> = {};
      // The server's messages are lower-case fragments ("the email or
      // password is wrong"): shown as sentences.
      if (caught instanceof ApiError) caught.fields.forEach((problem) => (fields[problem.field] = sentence(problem.reason)));
      setFieldErrors(fields);
      setError(sentence(describeError(caught)));
      setPassword('');
      queueMicrotask(() => errorBox.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="sign-in">
      <PageHeading title="Sign in" />
      <p>paraplan plans and records the services students receive. Sign in with the account your school gave you.</p>
      {notice && !error && (
        <div class="notice" role="status">
          {notice}
        </div>
      )}
      {error && (
        <div class="notice notice-error" role="alert" tabIndex={-1} ref={errorBox}>
          {error}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <Field id="email" label="Email address" error={fieldErrors.email}>
          {(control) => (
            <input
              {...control}
              name="email"
              type="email"
              autocomplete="username"
              inputMode="email"
              spellcheck={false}
              value={email}
              onInput={(event) => setEmail(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="password" label="Password" error={fieldErrors.password}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autocomplete="current-password"
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
