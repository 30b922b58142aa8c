// The make-up a student is owed, session by session, on the Progress page:
// each session missed for the school's reasons (its provider away, a school
// event) that no make-up session names yet, and a way to record the make-up
// given for it. The make-up is a delivered service session that names the
// missed one (`makes_up`), sent straight to the server (`POST
// /api/v1/captures`), which pays off what the missed session owed
// (MakeupOwed on the server) and stops the next week's para schedule giving
// it again.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Field, isDate, refusalOf, summaryOf, today, useFormProblems } from './components';
import { announce } from './lib/announce';
import { words } from './lib/brief';
import { type Person, fetchParas } from './lib/keep_apart';
import type { Capture, Service } from './lib/records';
import { MOST_MINUTES, ProviderOptions, REASONS, postSession } from './missed_session';

type FormField = 'provider' | 'date' | 'start' | 'minutes';

const API_FIELDS: Record<string, { field: FormField | 'form'; name: string }> = {
  provider_id: { field: 'provider', name: 'Who gave it' },
  date: { field: 'date', name: 'The day' },
  start: { field: 'start', name: 'The time' },
  minutes: { field: 'minutes', name: 'The minutes' },
};

// The sessions a student is still owed a make-up for, oldest first: missed
// for a reason that owes one, and named by no make-up session.
export function owedSessions(captures: Capture[]): Capture[] {
  const owes = new Set(REASONS.filter((reason) => reason.owed).map((reason) => reason.value));
  const madeUp = new Set(captures.filter((capture) => capture.makesUp).map((capture) => capture.makesUp.toLowerCase()));
  return captures
    .filter((capture) => capture.kind === 'service_session' && capture.outcome === 'missed' && owes.has(capture.missedReason) && !madeUp.has(capture.id.toLowerCase()))
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
}

export function MakeupsOwed({ studentId, studentName, schoolId, services, captures, staffId }: { studentId: number; studentName: string; schoolId: number; services: Service[]; captures: Capture[]; staffId: number | null }) {
  // Made up on this page since it loaded.
  const [recorded, setRecorded] = useState<{ ids: Set<string>; text: string | null }>({ ids: new Set(), text: null });
  const [open, setOpen] = useState<string | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  const owed = owedSessions(captures).filter((capture) => !recorded.ids.has(capture.id));
  const serviceOf = (capture: Capture) => services.find((service) => service.id === capture.serviceId);
  const reasonOf = (capture: Capture) => (capture.missedReason === 'school_event' ? 'a school event took the time' : 'its provider was away');

  function done(capture: Capture, text: string) {
    setRecorded((before) => ({ ids: new Set([...before.ids, capture.id]), text }));
    setOpen(null);
    announce(text);
    // The session's row is gone with its button: focus goes to what was done.
    queueMicrotask(() => notice.current?.focus());
  }

  return (
    <section class="card makeups" aria-labelledby="makeups-title">
      <h2 id="makeups-title">Make-up owed</h2>
      {recorded.text && (
        <p class="notice notice-good" tabIndex={-1} ref={notice}>
          {recorded.text}
        </p>
      )}
      {owed.length === 0 ? (
        <p>No session is owed a make-up: every session the school missed has been made up.</p>
      ) : (
        <>
          <p class="meta">Sessions missed because the school did not give them, oldest first. The next week's para schedule gives their minutes until a make-up is recorded.</p>
          <ul class="owed-sessions">
            {owed.map((capture) => {
              const service = serviceOf(capture);
              const title = `${words(service?.type ?? 'service')} missed on ${capture.date}`;
              return (
                <li key={capture.id}>
                  <p>
                    <strong>{title}</strong> ({reasonOf(capture)}): {capture.minutes} min owed.{' '}
                    <button type="button" id={`makeup-open-${capture.id}`} class="button button-secondary" aria-expanded={open === capture.id} onClick={() => setOpen(open === capture.id ? null : capture.id)}>
                      Record its make-up
                    </button>
                  </p>
                  {open === capture.id && (
                    <MakeupForm
                      missed={capture}
                      service={service}
                      title={title}
                      studentId={studentId}
                      studentName={studentName}
                      schoolId={schoolId}
                      staffId={staffId}
                      onDone={(text) => done(capture, text)}
                      onCancel={() => {
                        setOpen(null);
                        queueMicrotask(() => document.getElementById(`makeup-open-${capture.id}`)?.focus());
                      }}
                    />
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function MakeupForm({
  missed,
  service,
  title,
  studentId,
  studentName,
  schoolId,
  staffId,
  onDone,
  onCancel,
}: {
  missed: Capture;
  service: Service | undefined;
  title: string;
  studentId: number;
  studentName: string;
  schoolId: number;
  staffId: number | null;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const ids = {
    provider: `makeup-provider-${missed.id}`,
    date: `makeup-date-${missed.id}`,
    start: `makeup-start-${missed.id}`,
    minutes: `makeup-minutes-${missed.id}`,
  };
  // Who gave it: the para the missed session was due from, when the school
  // lists them; else the case manager.
  const [paras, setParas] = useState<Person[]>([]);
  const [providerId, setProviderId] = useState(staffId ?? 0);
  useEffect(() => {
    let live = true;
    fetchParas(schoolId).then(
      (found) => {
        if (!live) return;
        setParas(found);
        if (found.some((para) => para.id === missed.providerId)) setProviderId(missed.providerId);
      },
      () => live && setParas([]),
    );
    return () => {
      live = false;
    };
  }, [schoolId, missed.providerId]);
  const [date, setDate] = useState(today());
  const [start, setStart] = useState(missed.start || '09:00');
  const [minutes, setMinutes] = useState(String(missed.minutes));
  const { problems, summary, show, sending, send } = useFormProblems<FormField>();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(event: Event) {
    event.preventDefault();
    const found: Partial<Record<FormField | 'form', string>> = {};
    const count = Number(minutes);
    if (!isDate(date)) found.date = 'Enter the day the make-up was given.';
    else if (date > today()) found.date = 'The day cannot be after today: record a make-up once it has been given.';
    else if (date < missed.date) found.date = `The make-up cannot come before the session it makes up, on ${missed.date}.`;
    if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(start)) found.start = 'Enter the time the make-up began, as hours and minutes.';
    if (!/^[0-9]+$/.test(minutes) || count < 1 || count > MOST_MINUTES) found.minutes = `Enter the minutes given, a whole number from 1 to ${MOST_MINUTES}.`;
    if (Object.keys(found).length > 0) {
      show(found);
      return;
    }
    await send(async () => {
      await postSession({ student_id: studentId, service_id: missed.serviceId, date, start, minutes: count, setting: service?.setting ?? '', provider_id: providerId, outcome: 'delivered', makes_up: missed.id });
      onDone(`${count} min of ${words(service?.type ?? 'service').toLowerCase()} for ${studentName} on ${date} recorded as the make-up for the session missed on ${missed.date}.`);
    }, (failed) => refusalOf(failed, API_FIELDS));
  }

  return (
    <form class="makeup-form" onSubmit={submit} noValidate aria-label={`Make-up for ${title}`}>
      <ErrorSummary title="The make-up was not recorded." summary={summary} problems={summaryOf(problems, ids)} />
      <Field id={ids.provider} label="Who gave it" hint="The para who gave the make-up; you, when you did." error={problems.provider}>
        {(control) => (
          <select {...control} ref={first} value={providerId} onChange={(event) => setProviderId(Number(event.currentTarget.value))}>
            <ProviderOptions staffId={staffId} paras={paras} />
          </select>
        )}
      </Field>
      <Field id={ids.date} label="Day given" hint={`From ${missed.date} to today.`} error={problems.date}>
        {(control) => <input {...control} type="date" min={missed.date} max={today()} value={date} onChange={(event) => setDate(event.currentTarget.value)} />}
      </Field>
      <Field id={ids.start} label="Time it began" error={problems.start}>
        {(control) => <input {...control} type="time" value={start} onChange={(event) => setStart(event.currentTarget.value)} />}
      </Field>
      <Field id={ids.minutes} label="Minutes given" hint={`A whole number from 1 to ${MOST_MINUTES}; the session missed ${missed.minutes}.`} error={problems.minutes}>
        {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={MOST_MINUTES} step={1} value={minutes} onInput={(event) => setMinutes(event.currentTarget.value)} />}
      </Field>
      <div class="actions">
        <button type="submit" class="button" disabled={sending}>
          {sending ? 'Recording…' : 'Record the make-up'}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
