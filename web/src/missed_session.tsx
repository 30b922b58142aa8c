// The case manager records a service session that did not happen: its
// provider was away, a school event took the time, or the student was
// absent. The first two leave make-up owed, which the next week's para
// schedule gives the service on top of the IEP's minutes (MakeupOwed on the
// server); a student's own absence owes none. Sent straight to the server
// (`POST /api/v1/captures`), with the provider the session was due from:
// one of the school's paras, or the case manager, who answers for the
// service's delivery, when nobody else is named.
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary, Field, isDate, refusalOf, summaryOf, today, useFormProblems } from './components';
import { announce } from './lib/announce';
import { api } from './lib/api';
import { words } from './lib/brief';
import { type Person, fetchParas } from './lib/keep_apart';
import { newRecordId } from './lib/outbox';
import type { Service } from './lib/records';

type FormField = 'service' | 'provider' | 'date' | 'start' | 'minutes' | 'reason';

const CONTROL: Record<FormField, string> = {
  service: 'missed-service',
  provider: 'missed-provider',
  date: 'missed-date',
  start: 'missed-start',
  minutes: 'missed-minutes',
  reason: 'missed-reason',
};

// The API's fields, as the form's controls and as a sentence names them.
const API_FIELDS: Record<string, { field: FormField | 'form'; name: string }> = {
  service_id: { field: 'service', name: 'The service' },
  provider_id: { field: 'provider', name: 'Who was to give it' },
  date: { field: 'date', name: 'The day' },
  start: { field: 'start', name: 'The time' },
  minutes: { field: 'minutes', name: 'The minutes' },
  missed_reason: { field: 'reason', name: 'Why it was missed' },
};

// Why a session was missed, and whether make-up is owed for it (the
// server's rule, domain/capture.h MakeupOwed): `label` as the case manager
// records it, `asPara` as the para who could not give it says it (My day).
export const REASONS: { value: string; label: string; asPara: string; owed: boolean }[] = [
  { value: 'provider_absent', label: 'Its provider was away (make-up owed)', asPara: 'I was called away (make-up owed)', owed: true },
  { value: 'school_event', label: 'A school event took the time (make-up owed)', asPara: 'A school event took the time (make-up owed)', owed: true },
  { value: 'student_absent', label: 'The student was absent (no make-up owed)', asPara: 'The student is absent (no make-up owed)', owed: false },
];

// The most minutes one session may have, as the server checks.
export const MOST_MINUTES = 480;

type Problems = Partial<Record<FormField | 'form', string>>;

// Sends one service session of a student straight to the server, with a
// new record id, as given to (or due from) one provider alone with them.
export async function postSession(session: { student_id: number; service_id: number; date: string; start: string; minutes: number; setting: string; provider_id: number; outcome: 'delivered' | 'missed'; missed_reason?: string; makes_up?: string }) {
  await api.post('/captures', {
    id: newRecordId(),
    kind: 'service_session',
    created_at: new Date().toISOString(),
    group_size: 1,
    ...session,
    setting: session.setting || 'general_education_classroom',
  });
}

// Who a session was (or is) given by: the case manager, first, or one of the
// school's paras.
export function ProviderOptions({ staffId, paras }: { staffId: number | null; paras: Person[] }) {
  return (
    <>
      <option value={staffId ?? 0}>You (the case manager)</option>
      {paras
        .filter((para) => para.id !== staffId)
        .map((para) => (
          <option key={para.id} value={para.id}>
            {para.name}
          </option>
        ))}
    </>
  );
}

export function MissedSessionForm({ studentId, studentName, schoolId, services, staffId }: { studentId: number; studentName: string; schoolId: number; services: Service[]; staffId: number | null }) {
  const [serviceId, setServiceId] = useState(services[0]?.id ?? 0);
  const [providerId, setProviderId] = useState(staffId ?? 0);
  // The school's paras, read once the form is open; until then (or if the
  // read fails) the case manager is the only choice.
  const [paras, setParas] = useState<Person[]>([]);
  useEffect(() => {
    let live = true;
    fetchParas(schoolId).then(
      (found) => live && setParas(found),
      () => live && setParas([]),
    );
    return () => {
      live = false;
    };
  }, [schoolId]);
  const [date, setDate] = useState(today());
  const [start, setStart] = useState('09:00');
  const [minutes, setMinutes] = useState('30');
  const [reason, setReason] = useState(REASONS[0]!.value);
  const [recorded, setRecorded] = useState<string | null>(null);
  const { problems, summary, show: showProblems, sending, send } = useFormProblems<FormField>();

  async function submit(event: Event) {
    event.preventDefault();
    const found: Problems = {};
    const count = Number(minutes);
    if (!isDate(date)) found.date = 'Enter the day of the missed session.';
    else if (date > today()) found.date = 'The day cannot be after today: record a session once it has been missed.';
    if (!/^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(start)) found.start = 'Enter the time the session was due, as hours and minutes.';
    if (!/^[0-9]+$/.test(minutes) || count < 1 || count > MOST_MINUTES) found.minutes = `Enter the minutes missed, a whole number from 1 to ${MOST_MINUTES}.`;
    if (Object.keys(found).length > 0) {
      showProblems(found);
      return;
    }
    const service = services.find((item) => item.id === serviceId) ?? services[0]!;
    const why = REASONS.find((item) => item.value === reason) ?? REASONS[0]!;
    await send(async () => {
      await postSession({ student_id: studentId, service_id: service.id, date, start, minutes: count, setting: service.setting, provider_id: providerId, outcome: 'missed', missed_reason: why.value });
      const what = `${count} min of ${words(service.type).toLowerCase()} for ${studentName} on ${date} recorded as missed`;
      const text = why.owed ? `${what}: make-up is owed, and the next week's para schedule gives it.` : `${what}: the student was absent, so no make-up is owed.`;
      setRecorded(text);
      announce(text);
    }, (failed) => refusalOf(failed, API_FIELDS));
  }

  return (
    <form class="missed-session-form" onSubmit={submit} noValidate>
      <ErrorSummary title="The missed session was not recorded." summary={summary} problems={summaryOf(problems, CONTROL)} />
      {recorded && <p class="notice notice-good">{recorded}</p>}
      <Field id={CONTROL.service} label="Service" error={problems.service}>
        {(control) => (
          <select {...control} value={serviceId} onChange={(event) => setServiceId(Number(event.currentTarget.value))}>
            {services.map((service) => (
              <option key={service.id} value={service.id}>
                {words(service.type)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={CONTROL.provider} label="Who was to give it" hint="The para the session was due from; you, when it was yours or nobody else is known." error={problems.provider}>
        {(control) => (
          <select {...control} value={providerId} onChange={(event) => setProviderId(Number(event.currentTarget.value))}>
            <ProviderOptions staffId={staffId} paras={paras} />
          </select>
        )}
      </Field>
      <Field id={CONTROL.reason} label="Why it was missed" hint="Make-up is owed when the school did not deliver the session, not for the student's own absence." error={problems.reason}>
        {(control) => (
          <select {...control} value={reason} onChange={(event) => setReason(event.currentTarget.value)}>
            {REASONS.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={CONTROL.date} label="Day" hint="Today or earlier." error={problems.date}>
        {(control) => <input {...control} type="date" max={today()} value={date} onChange={(event) => setDate(event.currentTarget.value)} />}
      </Field>
      <Field id={CONTROL.start} label="Time it was due" error={problems.start}>
        {(control) => <input {...control} type="time" value={start} onChange={(event) => setStart(event.currentTarget.value)} />}
      </Field>
      <Field id={CONTROL.minutes} label="Minutes missed" hint={`A whole number from 1 to ${MOST_MINUTES}.`} error={problems.minutes}>
        {(control) => <input {...control} type="number" inputMode="numeric" min={1} max={MOST_MINUTES} step={1} value={minutes} onInput={(event) => setMinutes(event.currentTarget.value)} />}
      </Field>
      <button type="submit" class="button" disabled={sending}>
        {sending ? 'Recording…' : 'Record the missed session'}
      </button>
    </form>
  );
}
