// Building blocks every page shares: the page heading that takes focus after
// navigation, and the loading, empty and error states.
import type { ComponentChildren, RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './lib/api';

// The first page after loading keeps the browser's own focus order, so the
// skip link stays the first stop; later pages take focus (see PageHeading).
let firstPageShown = false;

export function PageHeading({ title, children }: { title: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · paraplan`;
    // Moving focus to the new page's heading tells keyboard and screen reader
    // users that the page changed, and starts their tab order there.
    if (firstPageShown) heading.current?.focus();
    firstPageShown = true;
  }, [title]);
  return (
    <div class="page-heading">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

// A server message as a sentence: its first letter capitalised and a full
// stop at the end. The API's messages are lower-case fragments ("the email
// or password is wrong") meant to follow a field name or a colon.
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

// What went wrong with something the person did ("Could not publish the
// re-plan."), with the server's reason. Shown beside the control that did it,
// so a phone shows it where the person tapped.
// `labels` names a field the server refuses by the label of its control
// ("Last day away") instead of the API's name.
export function ActionError({
  error,
  failed,
  id,
  reword = (text) => text,
  labels = {},
}: {
  error: unknown;
  failed: string;
  id?: string;
  reword?: (text: string) => string;
  labels?: Record<string, string>;
}) {
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div class="notice notice-error" role="alert" id={id}>
      <p>
        <strong>Could not {failed}.</strong> {sentence(reword(describeError(error)))}
      </p>
      {fields.length > 0 && (
        <ul>
          {fields.map((problem) => (
            <li key={problem.field}>
              {labels[problem.field] ?? <code>{problem.field}</code>}: {reword(problem.reason)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorNotice({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {describeError(error)}
      </p>
      {fields.length > 0 && (
        <ul>
          {fields.map((problem) => (
            <li key={problem.field}>
              <code>{problem.field}</code>: {problem.reason}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

// `reloading`: the data shown is being read again (see useLoad's `keep`).
export type Load<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'ready'; data: T; reloading: boolean; reload: () => void }
  | { state: 'error'; error: unknown; reload: () => void };

// Loads data when the dependencies change; a late answer for an old request
// never overwrites a newer one. With `keep`, reload() keeps the data shown
// until the new answer replaces it, so a list read again after a change does
// not blink to "Loading…"; new dependencies still load afresh.
export function useLoad<T>(load: () => Promise<T>, dependencies: unknown[], { keep = false }: { keep?: boolean } = {}): Load<T> {
  const [result, setResult] = useState<{ state: 'loading' } | { state: 'ready'; data: T; reloading: boolean } | { state: 'error'; error: unknown }>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  // The dependencies of the data shown, which a reload with `keep` reads again.
  const shown = useRef<unknown[] | null>(null);
  useEffect(() => {
    let live = true;
    const again = keep && shown.current !== null && shown.current.length === dependencies.length && shown.current.every((value, index) => Object.is(value, dependencies[index]));
    setResult((current) => (again && current.state === 'ready' ? { ...current, reloading: true } : { state: 'loading' }));
    load().then(
      (data) => {
        if (!live) return;
        shown.current = dependencies;
        setResult({ state: 'ready', data, reloading: false });
      },
      (error: unknown) => live && setResult({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [...dependencies, attempt]);
  return { ...result, reload } as Load<T>;
}

// Shows the right state for a Load, and the content when ready.
export function Loaded<T>({ load, what, children }: { load: Load<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (load.state === 'loading') return <Loading what={what} />;
  if (load.state === 'error') return <ErrorNotice error={load.error} what={what} onRetry={load.reload} />;
  return <>{children(load.data)}</>;
}

// The attributes that tie a field's control to its hint and its error, for
// the control to spread: a screen reader reads both with the control.
export interface FieldControl {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: (control: FieldControl) => ComponentChildren }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={'field' + (error ? ' field-invalid' : '')}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy || undefined })}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

// One problem of a form, and the id of the control it is about (none when
// it is about the form as a whole).
export interface FormProblem {
  target?: string;
  message: string;
}

// A form's problems, one per control and `form` for the form as a whole,
// as an ErrorSummary lists them: each linked to its control's id.
export function summaryOf<F extends string>(problems: Partial<Record<F | 'form', string>>, controls: Record<F, string>): FormProblem[] {
  return (Object.entries(problems) as [F | 'form', string][]).map(([field, message]) => ({
    target: field === 'form' ? undefined : controls[field as F],
    message,
  }));
}

// What the server refused, beside the control it names: each field of a
// 422 in `fields` is shown at its control as a sentence that names it
// ("The student names no student of the district."), any other for the
// form as a whole, and an error without fields for the form in words.
export function refusalOf<F extends string>(
  error: unknown,
  fields: Record<string, { field: F | 'form'; name: string }>,
  reword: (text: string) => string = (text) => text,
): Partial<Record<F | 'form', string>> {
  const found: Partial<Record<F | 'form', string>> = {};
  if (error instanceof ApiError) {
    for (const problem of error.fields) {
      const known = fields[problem.field];
      if (known) found[known.field] ??= sentence(`${known.name} ${problem.reason}`);
      else found.form ??= sentence(`${problem.field} ${problem.reason}`);
    }
  }
  if (Object.keys(found).length === 0) found.form = sentence(reword(describeError(error)));
  return found;
}

// A form's problems, one per control and `form` for the form as a whole,
// with the ref its ErrorSummary takes: `show` sets them and moves focus to
// the summary. `send` runs the form's request (and what follows it) with
// `sending` set, clears the problems once it is done, and shows what the
// server refused, as `refused` words it (refusalOf, say).
export function useFormProblems<F extends string>() {
  type Problems = Partial<Record<F | 'form', string>>;
  const [problems, setProblems] = useState<Problems>({});
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const show = (found: Problems) => {
    setProblems(found);
    queueMicrotask(() => summary.current?.focus());
  };
  async function send(request: () => Promise<void>, refused: (error: unknown) => Problems) {
    setSending(true);
    try {
      await request();
      setProblems({});
    } catch (error) {
      show(refused(error));
    } finally {
      setSending(false);
    }
  }
  return { problems, summary, show, sending, send };
}

// The summary of a form's problems, shown above it; it takes focus (the form
// moves focus to `summary`). Each problem about a control links to it, as the
// summary of a form's errors should: a click (or Enter) takes keyboard and
// screen reader users there.
export function ErrorSummary({ title, problems, summary }: { title: string; problems: FormProblem[]; summary: RefObject<HTMLDivElement> }) {
  if (problems.length === 0) return null;
  return (
    <div class="notice notice-error" role="alert" tabIndex={-1} ref={summary}>
      <p>
        <strong>{title}</strong>
      </p>
      <ul>
        {problems.map(({ target, message }, index) => (
          <li key={index}>
            {target ? (
              <a
                href={`#${target}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(target)?.focus();
                }}
              >
                {message}
              </a>
            ) : (
              message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

// Whether `text` is a calendar date as YYYY-MM-DD (as an address's ?date= should be).
export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text + 'T12:00:00Z'));
}

// The next school weekday from `date` (YYYY-MM-DD): the date itself on a
// weekday, the Monday after on a weekend.
export function schoolDay(date: string): string {
  const day = new Date(date + 'T12:00:00Z');
  const weekday = day.getUTCDay();
  if (weekday === 6) day.setUTCDate(day.getUTCDate() + 2);
  if (weekday === 0) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

// The minutes from one clock time to a later one ("09:00" to "09:50": 50),
// or null when either is not HH:MM or the second is not later.
export function minutesBetween(start: string, end: string): number | null {
  const clock = (time: string) => (/^\d{1,2}:\d{2}$/.test(time) ? Number(time.slice(0, -3)) * 60 + Number(time.slice(-2)) : NaN);
  const length = clock(end) - clock(start);
  return Number.isFinite(length) && length > 0 ? length : null;
}

// A moment as this device's clock time ("07:42").
export function clockTime(when: Date): string {
  return when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

// The date `days` after `date` (YYYY-MM-DD; before it when `days` is negative).
export function addDays(date: string, days: number): string {
  const day = new Date(date + 'T12:00:00Z');
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

export function humanize(name: string): string {
  const text = name.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// A date as a heading says it: "7 December 2026", or with `weekday`
// "Monday 7 December 2026".
export function longDate(date: string, { weekday = false }: { weekday?: boolean } = {}): string {
  const day = new Date(date + 'T12:00:00Z');
  const text = `${day.getUTCDate()} ${MONTH_NAMES[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
  return weekday ? `${WEEKDAY_NAMES[day.getUTCDay()]} ${text}` : text;
}

// A date as a column or a list of a week says it: "Mon 7 Dec".
export function shortDate(date: string): string {
  const day = new Date(date + 'T12:00:00Z');
  return `${WEEKDAY_NAMES[day.getUTCDay()]!.slice(0, 3)} ${day.getUTCDate()} ${MONTH_NAMES[day.getUTCMonth()]!.slice(0, 3)}`;
}

// "1 block", "3 blocks".
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// Names as a sentence lists them: "A", "A and B", "A, B and C".
export function listInWords(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
