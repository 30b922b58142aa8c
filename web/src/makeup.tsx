// The make-up a student is owed, on the Progress page: per service, the
// minutes owed by the server's rule, and each session missed for the
// school's reasons (its provider away, a school event) that no make-up
// session names yet, with a way to record the make-up given for it. The make-up is a delivered service session that names the
// missed one (`makes_up`), sent straight to the server (`POST
// /api/v1/captures`), which pays off what the missed session owed
// (MakeupOwed on the server) and stops the next week's para schedule giving
// it again.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Field, isDate, refusalOf, summaryOf, today, useFormProblems } from './components';
import { announce } from './lib/announce';
import { words } from './lib/brief';
import { type Person, fetchParas } from './lib/keep_apart';
import { type Capture, type Service, weekOf, weeklyMinutes } from './lib/records';
import { MOST_MINUTES, ProviderOptions, REASONS, postSession } from './missed_session';

type FormField = 'provider' | 'date' | 'start' | 'minutes';

const API_FIELDS: Record<string, { field: FormField | 'form'; name: string }> = {
  provider_id: { field: 'provider', name: 'Who gave it' },
  date: { field: 'date', name: 'The day' },
  start: { field: 'start', name: 'The time' },
  minutes: { field: 'minutes', name: 'The minutes' },
};

const OWING = new Set(REASONS.filter((reason) => reason.owed).map((reason) => reason.value));
const owesMakeup = (capture: Capture) => capture.kind === 'service_session' && capture.outcome === 'missed' && OWING.has(capture.missedReason);

// The make-up minutes one service is owed after the sessions recorded so
// far, by the server's rule (domain/capture.h MakeupOwed), week by week in
// order: a week owes what was missed for the school's reasons, but no more
// than it fell short of the IEP's weekly minutes in regular sessions; make-up
// sessions, and regular minutes beyond the week's, pay off what is owed.
export function makeupOwed(sessions: Capture[], minutesPerWeek: number): number {
  const weeks = new Map<string, { delivered: number; madeUp: number; missed: number }>();
  for (const session of sessions) {
    if (session.kind !== 'service_session') continue;
    const monday = weekOf(session.date).from;
    const totals = weeks.get(monday) ?? { delivered: 0, madeUp: 0, missed: 0 };
    if (session.outcome === 'delivered') {
      if (session.makesUp) totals.madeUp += session.minutes;
      else totals.delivered += session.minutes;
    } else if (owesMakeup(session)) {
      totals.missed += session.minutes;
    }
    weeks.set(monday, totals);
  }
  let owed = 0;
  for (const monday of [...weeks.keys()].sort()) {
    const totals = weeks.get(monday)!;
    owed += Math.min(totals.missed, Math.max(0, minutesPerWeek - totals.delivered));
    owed -= totals.madeUp + Math.max(0, totals.delivered - minutesPerWeek);
    owed = Math.max(0, owed);
  }
  return owed;
}

// Per service still owed make-up minutes: the minutes, and the sessions
// missed for the school's reasons that no make-up names yet (oldest first),
// whose make-up can be recorded (none when every miss has a make-up that
// gave fewer minutes than it missed).
export function makeupsOwed(captures: Capture[], services: Service[]): { service: Service; minutes: number; sessions: Capture[] }[] {
  const named = new Set(captures.filter((capture) => capture.makesUp).map((capture) => capture.makesUp.toLowerCase()));
  return services
    .map((service) => {
      const own = captures.filter((capture) => capture.kind === 'service_session' && capture.serviceId === service.id);
      const sessions = own.filter((capture) => owesMakeup(capture) && !named.has(capture.id.toLowerCase())).sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
      return { service, minutes: makeupOwed(own, weeklyMinutes(service)), sessions };
    })
    .filter((entry) => entry.minutes > 0);
}

export function MakeupsOwed({ studentId, studentName, schoolId, services, captures, staffId }: { studentId: number; studentName: string; schoolId: number; services: Service[]; captures: Capture[]; staffId: number | null }) {
  // Make-ups recorded on this page since it loaded, counted with the rest.
  const [recorded, setRecorded] = useState<{ sessions: Capture[]; text: string | null }>({ sessions: [], text: null });
  const [open, setOpen] = useState<string | null>(null);
  const notice = useRef<HTMLParagraphElement>(null);
  const owed = makeupsOwed([...captures, ...recorded.sessions], services);
  const reasonOf = (capture: Capture) => (capture.missedReason === 'school_event' ? 'a school event took the time' : 'its provider was away');

  function done(missed: Capture, made: { date: string; minutes: number }, text: string) {
    const session: Capture = { ...missed, id: `recorded-${missed.id}`, outcome: 'delivered', missedReason: '', makesUp: missed.id, date: made.date, minutes: made.minutes };
    setRecorded((before) => ({ sessions: [...before.sessions, session], text }));
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
        <p>No make-up is owed: every session the school missed has been made up.</p>
      ) : (
        <>
          <p class="meta">What each service is owed for sessions the school did not give, counted as the para schedule counts it (a week that still gave the IEP's minutes owes nothing; minutes given beyond a week's pay it off), and the missed sessions no make-up names yet, oldest first.</p>
          <ul class="owed-services plain">
            {owed.map(({ service, minutes, sessions }) => (
              <li key={service.id}>
                <h3>
                  {words(service.type)}: {minutes} min of make-up owed
                </h3>
                {sessions.length === 0 && <p class="meta">Every missed session has a make-up, but the make-ups gave fewer minutes than were missed.</p>}
                <ul class="owed-sessions">
                  {sessions.map((capture) => {
                    const title = `${words(service.type)} missed on ${capture.date}`;
                    return (
                      <li key={capture.id}>
                        <p>
                          Missed on {capture.date} ({reasonOf(capture)}): {capture.minutes} min.{' '}
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
                            onDone={(made, text) => done(capture, made, text)}
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
              </li>
            ))}
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
  onDone: (made: { date: string; minutes: number }, text: string) => void;
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
      onDone({ date, minutes: count }, `${count} min of ${words(service?.type ?? 'service').toLowerCase()} for ${studentName} on ${date} recorded as the make-up for the session missed on ${missed.date}.`);
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
