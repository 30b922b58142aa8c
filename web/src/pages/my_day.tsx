// "My day" for a paraeducator, phone first: the day's blocks in order, and
// per student what the para implements, with one-tap data capture that works
// without a network (records wait in the outbox and are sent when it returns).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { ActionError, Empty, ErrorNotice, Field, Loading, PageHeading, clockTime, isDate, minutesBetween, today } from '../components';
import { MOST_MINUTES, REASONS } from '../missed_session';
import { ApiError, api } from '../lib/api';
import { announce } from '../lib/announce';
import { type Brief, type BriefBlock, type BriefGoal, type BriefStudent, PROMPT_LEVELS, type PromptLevel, briefFromJson, words } from '../lib/brief';
import { SAVED, get, put } from '../lib/idb';
import { navigate } from '../lib/router';
import { type CaptureKind, discard, enqueue, flush, newRecordId, useOutbox } from '../lib/outbox';

type Recorder = (kind: CaptureKind, studentId: number, fields: Record<string, unknown>, summary: string) => Promise<void>;

interface DayState {
  brief: Brief | null;
  savedAt: string | null;
  error: unknown;
  loading: boolean;
}

// One tap, one record: while a save is under way further taps are ignored
// (a double tap sends two clicks before the first save has reached the
// device's outbox), and `saving` disables the button meanwhile.
function useOneSave(): { saving: boolean; run: (save: () => Promise<void>) => Promise<void> } {
  const busy = useRef(false);
  const [saving, setSaving] = useState(false);
  async function run(save: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    try {
      await save();
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }
  return { saving, run };
}

function nowTime(): string {
  const now = new Date();
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}

function useDay(date: string, attempt: number): DayState {
  const [state, setState] = useState<DayState>({ brief: null, savedAt: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState({ brief: null, savedAt: null, error: null, loading: true });
    (async () => {
      try {
        const json = await api.get<unknown>('/me/day', { date });
        const brief = briefFromJson(json, date);
        // Kept on the device so the day is there in a room without signal.
        await put(SAVED, { brief, savedAt: new Date().toISOString() }, `day:${date}`).catch(() => {});
        if (live) setState({ brief, savedAt: null, error: null, loading: false });
      } catch (error) {
        const saved = error instanceof ApiError && error.offline ? await get<{ brief: Brief; savedAt: string }>(SAVED, `day:${date}`).catch(() => undefined) : undefined;
        if (!live) return;
        // A day saved by an earlier version has no changes listed.
        if (saved) setState({ brief: { ...saved.brief, changes: saved.brief.changes ?? [] }, savedAt: saved.savedAt, error: null, loading: false });
        else setState({ brief: null, savedAt: null, error, loading: false });
      }
    })();
    return () => {
      live = false;
    };
  }, [date, attempt]);
  return state;
}

export default function MyDayPage({ session, query }: PageProps) {
  // The day is in the address (?date=), so a reload or Back keeps it.
  const asked = query.get('date') ?? '';
  const date = isDate(asked) ? asked : today();
  const setDate = (next: string) => navigate(`/day?date=${next}`);
  const [attempt, setAttempt] = useState(0);
  const day = useDay(date, attempt);
  const owner = `account-${session.accountId}`;
  const outbox = useOutbox(owner);
  const waiting = (outbox ?? []).filter((entry) => !entry.refused);
  const refused = (outbox ?? []).filter((entry) => entry.refused);
  const [online, setOnline] = useState(navigator.onLine);
  const [syncMessage, setSyncMessage] = useState('');

  async function send() {
    if (!navigator.onLine) return;
    const result = await flush(owner);
    if (result.sent > 0 || result.refused > 0) {
      const parts = [];
      if (result.sent > 0) parts.push(`${result.sent} ${result.sent === 1 ? 'record' : 'records'} sent`);
      if (result.refused > 0) parts.push(`${result.refused} refused by the server`);
      setSyncMessage(parts.join(', ') + '.');
      announce(parts.join(', ') + '.');
    } else if (result.error && !result.error.offline) {
      setSyncMessage(`Records could not be sent: ${result.error.message}`);
      announce(`Records could not be sent: ${result.error.message}`, 'assertive');
    }
  }

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      announce('The network is back. Sending waiting records.');
      void send();
    };
    const goOffline = () => {
      setOnline(false);
      announce('You are offline. Records are kept on this device.');
    };
    const message = (event: MessageEvent) => {
      if ((event.data as { type?: string })?.type === 'flush-outbox') void send();
    };
    addEventListener('online', goOnline);
    addEventListener('offline', goOffline);
    navigator.serviceWorker?.addEventListener('message', message);
    // Also retry now and then: a phone may report "online" on a captive network.
    const timer = setInterval(() => void send(), 30000);
    void send();
    return () => {
      removeEventListener('online', goOnline);
      removeEventListener('offline', goOffline);
      navigator.serviceWorker?.removeEventListener('message', message);
      clearInterval(timer);
    };
  }, [owner]);

  // Records are of what happened: a day still ahead is read-only.
  const ahead = date > today();
  const record: Recorder = async (kind, studentId, fields, summary) => {
    await enqueue(owner, { id: newRecordId(), kind, created_at: new Date().toISOString(), student_id: studentId, ...fields }, summary);
    announce(`Saved: ${summary}.${navigator.onLine ? '' : ' It will be sent when the network returns.'}`);
    if (navigator.onLine) void send();
  };

  return (
    <div class="my-day">
      <PageHeading title="My day">
        <div class="field date-field">
          <label for="day-date">Date</label>
          <input id="day-date" type="date" value={date} onChange={(event) => setDate(event.currentTarget.value || today())} />
        </div>
      </PageHeading>

      <section class={'outbox card' + (waiting.length > 0 ? ' outbox-waiting' : '')} aria-labelledby="outbox-title">
        <h2 id="outbox-title" class="visually-hidden">
          Records on this device
        </h2>
        <p role="status" class="outbox-count">
          {outbox === null
            ? 'Checking for records on this device…'
            : waiting.length === 0
            ? refused.length > 0
              ? 'No record is waiting; the server refused some, listed below.'
              : 'Every record is sent.'
            : `${waiting.length} ${waiting.length === 1 ? 'record is' : 'records are'} waiting to be sent${online ? '.' : ' — you are offline.'}`}
        </p>
        {syncMessage && <p class="meta">{syncMessage}</p>}
        {waiting.length > 0 && online && (
          <button type="button" class="button" onClick={() => void send()}>
            Send now
          </button>
        )}
        {refused.length > 0 && (
          <div class="notice notice-error">
            <p>
              <strong>The server refused {refused.length === 1 ? 'one record' : `${refused.length} records`}.</strong> Tell your
              supervising teacher, then discard it.
            </p>
            <ul>
              {refused.map((entry) => (
                <li key={entry.client_id}>
                  {entry.summary}: {entry.refused}{' '}
                  <button type="button" class="button button-small" onClick={() => void discard(entry.client_id)}>
                    Discard <span class="visually-hidden">{entry.summary}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      {day.loading && <Loading what="your day" />}
      {day.error ? <ErrorNotice error={day.error} what="your day" onRetry={() => setAttempt((value) => value + 1)} /> : null}
      {day.savedAt && (
        <p class="notice notice-warn">
          You are offline: this is your day as saved on this device at {clockTime(new Date(day.savedAt))}.
        </p>
      )}
      {day.brief && day.brief.blocks.length === 0 && (
        <Empty>
          <p>
            <strong>No assignments for this day.</strong> Your schedule has no blocks on {date}. If you expected some, ask your
            coordinator whether the schedule is published.
          </p>
        </Empty>
      )}
      {day.brief && day.brief.blocks.length > 0 && ahead && (
        <p class="notice" id="day-ahead">
          <strong>This day is still ahead.</strong> You can read it to prepare; records can be taken on the day.
        </p>
      )}
      {day.brief && day.brief.changes.length > 0 && (
        <section class="notice notice-warn day-changes" aria-labelledby="day-changes-title">
          <h2 id="day-changes-title">Your day is changed</h2>
          <p>
            {day.brief.changes.length === 1 ? 'This block differs' : `These ${day.brief.changes.length} blocks differ`} from your usual week:
          </p>
          <ul>
            {day.brief.changes.map((change) => (
              <li key={change.start}>
                <span class="time">
                  {change.start}–{change.end}
                </span>
                : {change.said}
              </li>
            ))}
          </ul>
          <ChangesRead key={date} date={date} seenAt={day.brief.changesSeenAt} />
        </section>
      )}
      {day.brief && day.brief.blocks.length > 0 && (
        <ol class="blocks">
          {day.brief.blocks.map((block) => (
            <li key={block.key}>
              <BlockCard block={block} date={date} staffId={session.staffId} record={ahead ? null : record} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

// The para tells the coordinator they have read the changes to their day
// (the board lists who has); once told, when. The answer is shown in place
// of the button, and focus moves to it.
function ChangesRead({ date, seenAt }: { date: string; seenAt: number | null | undefined }) {
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState<unknown>(null);
  const [readAt, setReadAt] = useState<number | null>(null);
  const said = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (readAt !== null) said.current?.focus();
  }, [readAt]);
  if (seenAt === undefined) return null;
  const at = seenAt ?? readAt;
  if (at !== null) {
    return (
      <p class="meta" ref={said} tabIndex={-1}>
        You told your coordinator you read the changes at {clockTime(new Date(at * 1000))}.
      </p>
    );
  }
  return (
    <>
      <button
        type="button"
        class="button"
        disabled={sending}
        onClick={async () => {
          setSending(true);
          setFailed(null);
          try {
            const answer = await api.post<{ seen_at?: number }>('/me/day/seen', { date });
            announce('Your coordinator can see you read the changes.');
            setReadAt(Number(answer?.seen_at ?? Math.floor(Date.now() / 1000)));
          } catch (error) {
            setFailed(error);
          } finally {
            setSending(false);
          }
        }}
      >
        I have read the changes
      </button>
      {failed ? <ActionError error={failed} failed="tell your coordinator" /> : null}
    </>
  );
}

// A scheduled block the day's re-plan changed: what it usually is.
function Usual({ block }: { block: BriefBlock }) {
  if (!block.usual) return null;
  return (
    <p class="changed">
      <span class="tag tag-warn">Changed</span> Usually {block.usual}.
    </p>
  );
}

// A lesson's plan puts the para in its room, and the published schedule
// has them somewhere else then: said, so the para asks rather than guesses.
function Elsewhere({ block }: { block: BriefBlock }) {
  const elsewhere = block.elsewhere ?? [];
  if (elsewhere.length === 0) return null;
  return (
    <div class="notice notice-warn elsewhere">
      <p>
        <strong>Your schedule has you elsewhere during this lesson</strong>
        {elsewhere.length === 1 ? `: ${elsewhere[0]}.` : ':'}
      </p>
      {elsewhere.length > 1 && (
        <ul>
          {elsewhere.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      <p>Ask your coordinator or the special educator where to be.</p>
    </div>
  );
}

// `record` is null on a day still ahead: the day is shown without capture.
function BlockCard({ block, date, staffId, record }: { block: BriefBlock; date: string; staffId: number | null; record: Recorder | null }) {
  const headingId = `block-${block.key}`;
  if (block.source !== 'plan' && block.source !== 'support') {
    // A duty of the published schedule: lunch, break or data entry.
    return (
      <section class="card block duty" aria-labelledby={headingId}>
        <h2 id={headingId}>
          <span class="time">
            {block.start}–{block.end}
          </span>{' '}
          {block.activity}
        </h2>
        <Usual block={block} />
      </section>
    );
  }
  return (
    <section class="card block" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span class="time">
          {block.start}–{block.end}
        </span>{' '}
        {block.activity || 'Block'}
      </h2>
      <Usual block={block} />
      <Elsewhere block={block} />
      <dl class="pairs">
        <dt>Where</dt>
        <dd>{block.room || 'No room given'}</dd>
        {block.objective && (
          <>
            <dt>Lesson</dt>
            <dd>{block.objective}</dd>
          </>
        )}
      </dl>
      <h3 class="roles-title">Your role</h3>
      {block.source === 'support' ? (
        <p>Support the students below, where the schedule places you. No lesson plan is published for this class yet.</p>
      ) : block.roles.length === 0 ? (
        <p class="meta">No role given.</p>
      ) : (
        <ul class="roles">
          {block.roles.map((role, index) => (
            <li key={index}>
              {role.part && (
                <strong>
                  {role.part}
                  {role.minutes > 0 && ` (${role.minutes} min)`}:{' '}
                </strong>
              )}
              {words(role.activity)}
              {role.studentIds.length > 0
                ? ` with ${role.studentIds.map((id) => block.students.find((student) => student.id === id)?.name ?? `student ${id}`).join(', ')}`
                : role.audience
                  ? ` (${words(role.audience).toLowerCase()})`
                  : ''}
              {role.supervisor && <span class="meta"> — directed by {role.supervisor}</span>}
              {role.note && <div class="meta">{role.note}</div>}
            </li>
          ))}
        </ul>
      )}
      {block.students.length === 0 ? (
        <p class="meta">No students assigned to you in this block.</p>
      ) : (
        block.students.map((student) => <StudentPanel key={student.id} student={student} date={date} staffId={staffId} record={record} block={block} />)
      )}
    </section>
  );
}

function StudentPanel({ student, date, staffId, record, block }: { student: BriefStudent; date: string; staffId: number | null; record: Recorder | null; block: BriefBlock }) {
  const prefix = `s${student.id}-${block.key}`;
  return (
    <div class="student">
      <h3>{student.name}</h3>
      {student.adaptedLessons.map((lesson, index) => (
        <div class="notice" key={index}>
          <p>
            <strong>Adapted lesson to deliver: {lesson.title}</strong>
          </p>
          <p>{lesson.content}</p>
        </div>
      ))}
      <details>
        <summary>Supports, accommodations and regulation plan</summary>
        <h4>Supports</h4>
        {student.supports.length === 0 && student.services.length === 0 ? (
          <p class="meta">None listed for you.</p>
        ) : (
          <ul>
            {student.supports.map((support) => (
              <li key={support}>{words(support)}</li>
            ))}
            {student.services.map((service) => (
              <li key={`service-${service.id}`}>
                {words(service.type)}
                {service.minutes > 0 && ` — ${service.minutes} minutes per ${service.period || 'week'}`}
                {service.setting && ` in the ${words(service.setting)}`}
              </li>
            ))}
          </ul>
        )}
        {student.adaptations.length > 0 && (
          <>
            <h4>Adaptations for this lesson</h4>
            <ul>
              {student.adaptations.map((item, index) => (
                <li key={index}>{item.description}</li>
              ))}
            </ul>
          </>
        )}
        <h4>Accommodations</h4>
        {student.accommodations.length === 0 ? (
          <p class="meta">None listed for you.</p>
        ) : (
          <ul>
            {student.accommodations.map((accommodation) => (
              <li key={accommodation.id}>{accommodation.description}</li>
            ))}
          </ul>
        )}
        <h4>Regulation plan</h4>
        {student.regulationPlan.length === 0 ? (
          <p class="meta">No regulation plan.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Regulation plan for {student.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Level</th>
                  <th scope="col">What you may see</th>
                  <th scope="col">What you do</th>
                </tr>
              </thead>
              <tbody>
                {student.regulationPlan.map((level) => (
                  <tr key={level.level}>
                    <th scope="row">{level.level}</th>
                    <td>{level.studentSigns}</td>
                    <td>{level.staffResponse}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>

      {record === null ? (
        student.goals.length > 0 && (
          <>
            <h4>Data to collect on the day</h4>
            <ul>
              {student.goals.map((goal) => (
                <li key={goal.id}>
                  {goal.statement || `Goal ${goal.id}`}
                  {goal.how && <div class="meta">{goal.how}</div>}
                </li>
              ))}
            </ul>
          </>
        )
      ) : (
        <>
          {student.services.length > 0 && <ServiceTimer student={student} date={date} staffId={staffId} record={record} prefix={prefix} block={block} />}
          {student.goals.map((goal) => (
            <GoalCapture key={goal.id} goal={goal} student={student} date={date} record={record} prefix={`${prefix}-g${goal.id}`} />
          ))}
          {student.accommodations.length > 0 && <FidelityChecklist student={student} date={date} record={record} prefix={prefix} />}
        </>
      )}
    </div>
  );
}

function ServiceTimer({ student, date, staffId, record, prefix, block }: { student: BriefStudent; date: string; staffId: number | null; record: Recorder; prefix: string; block: BriefBlock }) {
  const [serviceId, setServiceId] = useState(student.services[0]!.id);
  const [started, setStarted] = useState<{ at: number; clock: string } | null>(null);
  const service = student.services.find((item) => item.id === serviceId) ?? student.services[0]!;
  const { saving, run } = useOneSave();
  // "Could not give it": the missed session's reason and minutes, asked for
  // only when the para says the session did not happen.
  const [missing, setMissing] = useState(false);
  // Focus follows the form: into its first choice when it opens, back to
  // the button that opened it when it closes (the button is drawn again).
  const firstReason = useRef<HTMLInputElement>(null);
  const couldNot = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (missing) firstReason.current?.focus();
    else if (opened.current) couldNot.current?.focus();
    opened.current = missing;
  }, [missing]);
  const [reason, setReason] = useState(REASONS[0]!.value);
  const [missedMinutes, setMissedMinutes] = useState(String(minutesBetween(block.start, block.end) ?? 30));
  const [minutesProblem, setMinutesProblem] = useState('');

  function recordMissed(event: Event) {
    event.preventDefault();
    const minutes = Number(missedMinutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MOST_MINUTES) {
      setMinutesProblem(`Enter the minutes missed, a whole number from 1 to ${MOST_MINUTES}.`);
      return;
    }
    setMinutesProblem('');
    const why = REASONS.find((item) => item.value === reason) ?? REASONS[0]!;
    return run(async () => {
      const what = `${words(service.type)} for ${student.name} not given: ${minutes} min, ${why.owed ? 'make-up owed' : 'no make-up owed'}`;
      await record(
        'service_session',
        student.id,
        {
          service_id: service.id,
          date,
          start: block.start || nowTime(),
          minutes,
          setting: service.setting || 'general_education_classroom',
          provider_id: staffId ?? 0,
          group_size: 1,
          outcome: 'missed',
          missed_reason: why.value,
        },
        what,
      );
      setMissing(false);
      announce(`${what}.`);
    });
  }

  function stop() {
    if (!started) return;
    return run(async () => {
      const minutes = Math.max(1, Math.round((Date.now() - started.at) / 60000));
      await record(
        'service_session',
        student.id,
        {
          service_id: service.id,
          date,
          start: started.clock,
          minutes,
          setting: service.setting || 'general_education_classroom',
          provider_id: staffId ?? 0,
          group_size: 1,
          outcome: 'delivered',
        },
        `${words(service.type)} session for ${student.name}, ${minutes} min`,
      );
      setStarted(null);
    });
  }

  return (
    <fieldset class="capture">
      <legend>Service session</legend>
      {student.services.length > 1 && (
        <div class="field">
          <label for={`${prefix}-service`}>Service</label>
          <select id={`${prefix}-service`} value={serviceId} onChange={(event) => setServiceId(Number(event.currentTarget.value))} disabled={!!started}>
            {student.services.map((item) => (
              <option key={item.id} value={item.id}>
                {words(item.type)}
              </option>
            ))}
          </select>
        </div>
      )}
      {started ? (
        <>
          <p>
            {words(service.type)} started at {started.clock}.
          </p>
          <button type="button" class="button button-primary big" disabled={saving} onClick={() => void stop()}>
            Stop session <span class="visually-hidden">for {student.name}</span>
          </button>
        </>
      ) : missing ? (
        <form class="missed-here" onSubmit={recordMissed} noValidate>
          <fieldset>
            <legend>Why was {words(service.type).toLowerCase()} not given?</legend>
            {REASONS.map((item) => (
              <div key={item.value} class="check">
                <input
                  ref={item === REASONS[0] ? firstReason : undefined}
                  id={`${prefix}-missed-${item.value}`}
                  type="radio"
                  name={`${prefix}-missed-reason`}
                  value={item.value}
                  checked={reason === item.value}
                  onChange={() => setReason(item.value)}
                />
                <label for={`${prefix}-missed-${item.value}`}>{item.asPara}</label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for={`${prefix}-missed-minutes`}>Minutes missed</label>
            <input
              id={`${prefix}-missed-minutes`}
              type="number"
              inputMode="numeric"
              min={1}
              max={MOST_MINUTES}
              value={missedMinutes}
              aria-invalid={minutesProblem ? 'true' : undefined}
              aria-describedby={minutesProblem ? `${prefix}-missed-minutes-error` : undefined}
              onInput={(event) => setMissedMinutes(event.currentTarget.value)}
            />
            {minutesProblem && (
              <p id={`${prefix}-missed-minutes-error`} class="field-error">
                {minutesProblem}
              </p>
            )}
          </div>
          <button type="submit" class="button button-primary" disabled={saving}>
            Record the missed session <span class="visually-hidden">of {words(service.type)} for {student.name}</span>
          </button>{' '}
          <button type="button" class="button" onClick={() => setMissing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <button
            type="button"
            class="button big"
            onClick={() => {
              setStarted({ at: Date.now(), clock: nowTime() });
              announce(`${words(service.type)} session for ${student.name} started.`);
            }}
          >
            Start session <span class="visually-hidden">of {words(service.type)} for {student.name}</span>
          </button>{' '}
          <button type="button" class="button" ref={couldNot} onClick={() => setMissing(true)}>
            Could not give it <span class="visually-hidden">: {words(service.type)} for {student.name}</span>
          </button>
        </>
      )}
    </fieldset>
  );
}

function GoalCapture({ goal, student, date, record, prefix }: { goal: BriefGoal; student: BriefStudent; date: string; record: Recorder; prefix: string }) {
  const method = goal.method || 'percent_of_trials';
  return (
    <fieldset class="capture">
      <legend>Goal: {goal.statement || `goal ${goal.id}`}</legend>
      {goal.how && <p class="meta">{goal.how}</p>}
      {method === 'rate' ? (
        <RateProbe goal={goal} student={student} date={date} record={record} prefix={prefix} />
      ) : method === 'frequency' ? (
        <FrequencyCounter goal={goal} student={student} date={date} record={record} method={method} />
      ) : method === 'duration' || method === 'latency' ? (
        <DurationTimer goal={goal} student={student} date={date} record={record} method={method} />
      ) : method === 'rubric_score' ? (
        <RubricScore goal={goal} student={student} date={date} record={record} prefix={prefix} />
      ) : (
        <TrialButtons goal={goal} student={student} date={date} record={record} prefix={prefix} method={method} />
      )}
    </fieldset>
  );
}

interface CaptureProps {
  goal: BriefGoal;
  student: BriefStudent;
  date: string;
  record: Recorder;
}

function TrialButtons({ goal, student, date, record, prefix, method }: CaptureProps & { prefix: string; method: string }) {
  const [prompt, setPrompt] = useState<PromptLevel>('independent');
  const [trials, setTrials] = useState<{ prompt: PromptLevel; result: 'correct' | 'incorrect' }[]>([]);
  const correct = trials.filter((trial) => trial.result === 'correct').length;
  const { saving, run } = useOneSave();

  function add(result: 'correct' | 'incorrect') {
    setTrials((previous) => [...previous, { prompt, result }]);
    announce(`Trial ${trials.length + 1}: ${result}, ${words(prompt).toLowerCase()}.`);
  }

  function save() {
    return run(async () => {
      const summary = `${correct} of ${trials.length} trials correct for ${student.name}`;
      await record('goal_observation', student.id, { goal_id: goal.id, date, method, trials }, summary);
      setTrials([]);
    });
  }

  return (
    <>
      <div class="prompt-levels" role="radiogroup" aria-label="Prompt level for the next trial">
        {PROMPT_LEVELS.map((level) => (
          <label key={level} class="chip">
            <input type="radio" name={`${prefix}-prompt`} value={level} checked={prompt === level} onChange={() => setPrompt(level)} />
            {words(level)}
          </label>
        ))}
      </div>
      <div class="actions trial-buttons">
        <button type="button" class="button button-good big" onClick={() => add('correct')}>
          Correct
        </button>
        <button type="button" class="button button-bad big" onClick={() => add('incorrect')}>
          Incorrect
        </button>
      </div>
      <p class="tally">
        {trials.length === 0 ? 'No trials yet.' : `${correct} of ${trials.length} correct: ${trials.map((trial) => (trial.result === 'correct' ? '+' : '−')).join(' ')}`}
      </p>
      <div class="actions">
        <button type="button" class="button button-primary" disabled={trials.length === 0 || saving} onClick={() => void save()}>
          Save {trials.length} {trials.length === 1 ? 'trial' : 'trials'}
        </button>
        {trials.length > 0 && (
          <button type="button" class="button" disabled={saving} onClick={() => setTrials((previous) => previous.slice(0, -1))}>
            Undo last trial
          </button>
        )}
      </div>
    </>
  );
}

function FrequencyCounter({ goal, student, date, record, method }: CaptureProps & { method: string }) {
  const [count, setCount] = useState(0);
  const startedAt = useRef<number | null>(null);
  const { saving, run } = useOneSave();

  function bump(step: number) {
    startedAt.current ??= Date.now();
    setCount((value) => {
      const next = Math.max(0, value + step);
      announce(`Count ${next}.`);
      return next;
    });
  }

  function save() {
    return run(async () => {
      const minutes = Math.max(1, Math.round((Date.now() - (startedAt.current ?? Date.now())) / 60000));
      await record('goal_observation', student.id, { goal_id: goal.id, date, method, count, observation_minutes: minutes }, `Count of ${count} in ${minutes} min for ${student.name}`);
      setCount(0);
      startedAt.current = null;
    });
  }

  return (
    <>
      <p class="counter" aria-hidden="true">
        {count}
      </p>
      <div class="actions">
        <button type="button" class="button button-primary big" onClick={() => bump(1)}>
          Add one <span class="visually-hidden">(count is {count})</span>
        </button>
        <button type="button" class="button big" onClick={() => bump(-1)} disabled={count === 0}>
          Remove one
        </button>
        <button type="button" class="button" onClick={() => void save()} disabled={saving || (count === 0 && startedAt.current === null)}>
          Save count
        </button>
      </div>
    </>
  );
}

// The lengths a timed probe may have, in minutes: the server keeps whole minutes.
const PROBE_MINUTES = [1, 2, 3, 5];

// What a rate goal counts, from its unit: "words correct per minute" counts
// "Words correct". Without a per-minute unit it is a plain count.
function probeNoun(unit: string): string {
  const noun = unit.replace(/\s*(per|a|\/)\s*min(ute)?s?\.?\s*$/i, '').trim();
  return noun && noun !== unit.trim() ? noun.charAt(0).toUpperCase() + noun.slice(1) : 'Count';
}

// A rate goal (words correct per minute) is measured with a timed probe, as
// oral reading fluency is: the para picks the probe's length, times it, and
// enters what was counted in it (or taps it as it happens). The record's
// minutes are the probe's length, never the time the taps took: a count of
// 50 in a 30-second tally was stored as 50 a minute.
function RateProbe({ goal, student, date, record, prefix }: CaptureProps & { prefix: string }) {
  const [minutes, setMinutes] = useState(PROBE_MINUTES[0]);
  const [count, setCount] = useState('');
  const [error, setError] = useState<string | undefined>();
  const { saving, run } = useOneSave();
  const noun = probeNoun(goal.unit);
  const label = `${noun} in a ${minutes}-minute probe`;
  const current = /^\d+$/.test(count.trim()) ? Number(count.trim()) : 0;

  function bump(step: number) {
    const next = Math.max(0, current + step);
    setCount(String(next));
    setError(undefined);
    announce(`Count ${next}.`);
  }

  function save() {
    return run(async () => {
      const entered = count.trim();
      if (!/^\d+$/.test(entered)) {
        setError(`Enter the ${noun.toLowerCase()} counted in the ${minutes}-minute probe, as a whole number.`);
        setTimeout(() => document.getElementById(`${prefix}-probe-count`)?.focus());
        return;
      }
      setError(undefined);
      const value = Number(entered);
      await record(
        'goal_observation',
        student.id,
        { goal_id: goal.id, date, method: 'rate', count: value, observation_minutes: minutes },
        `${noun}: ${value} in a ${minutes}-minute probe for ${student.name}`,
      );
      setCount('');
    });
  }

  return (
    <>
      <div class="field">
        <label for={`${prefix}-probe-minutes`}>Probe length</label>
        <select id={`${prefix}-probe-minutes`} value={minutes} disabled={saving} onChange={(event) => setMinutes(Number(event.currentTarget.value))}>
          {PROBE_MINUTES.map((length) => (
            <option key={length} value={length}>
              {length} {length === 1 ? 'minute' : 'minutes'}
            </option>
          ))}
        </select>
      </div>
      <Field id={`${prefix}-probe-count`} label={label} hint="Time the probe, then enter the count, or tap Add one as you count." error={error}>
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={count}
            disabled={saving}
            onInput={(event) => {
              setCount(event.currentTarget.value);
              setError(undefined);
            }}
          />
        )}
      </Field>
      <div class="actions">
        <button type="button" class="button button-primary big" onClick={() => bump(1)}>
          Add one <span class="visually-hidden">(count is {current})</span>
        </button>
        <button type="button" class="button big" onClick={() => bump(-1)} disabled={current === 0}>
          Remove one
        </button>
        <button type="button" class="button" onClick={() => void save()} disabled={saving || count.trim() === ''}>
          Save {minutes}-minute probe
        </button>
      </div>
    </>
  );
}

function DurationTimer({ goal, student, date, record, method }: CaptureProps & { method: string }) {
  const [runningSince, setRunningSince] = useState<number | null>(null);
  const [durations, setDurations] = useState<number[]>([]);
  const [, tick] = useState(0);
  const { saving, run } = useOneSave();
  useEffect(() => {
    if (runningSince === null) return;
    const timer = setInterval(() => tick((value) => value + 1), 1000);
    return () => clearInterval(timer);
  }, [runningSince]);
  const field = method === 'latency' ? 'latencies_seconds' : 'durations_seconds';
  const elapsed = runningSince === null ? 0 : Math.round((Date.now() - runningSince) / 1000);

  function toggle() {
    if (runningSince === null) {
      setRunningSince(Date.now());
      announce('Timer started.');
      return;
    }
    const seconds = Math.max(1, Math.round((Date.now() - runningSince) / 1000));
    setDurations((previous) => [...previous, seconds]);
    setRunningSince(null);
    announce(`Timer stopped at ${seconds} seconds.`);
  }

  function save() {
    return run(async () => {
      const total = durations.reduce((sum, value) => sum + value, 0);
      await record('goal_observation', student.id, { goal_id: goal.id, date, method, [field]: durations }, `${durations.length} timings (${total} s) for ${student.name}`);
      setDurations([]);
    });
  }

  return (
    <>
      <p class="counter" aria-hidden="true">
        {runningSince === null ? '0:00' : `${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}`}
      </p>
      <div class="actions">
        <button type="button" class="button button-primary big" onClick={toggle}>
          {runningSince === null ? 'Start timer' : 'Stop timer'}
        </button>
        <button type="button" class="button" onClick={() => void save()} disabled={saving || durations.length === 0 || runningSince !== null}>
          Save {durations.length} {durations.length === 1 ? 'timing' : 'timings'}
        </button>
      </div>
      {durations.length > 0 && <p class="tally">Timings: {durations.map((seconds) => `${seconds} s`).join(', ')}</p>}
    </>
  );
}

function RubricScore({ goal, student, date, record, prefix }: CaptureProps & { prefix: string }) {
  const [score, setScore] = useState(0);
  // The score last saved, until the para picks another: a second tap on
  // Save would store the same observation again.
  const [saved, setSaved] = useState<number | null>(null);
  const { saving, run } = useOneSave();
  const max = 4;

  function save() {
    return run(async () => {
      await record('goal_observation', student.id, { goal_id: goal.id, date, method: 'rubric_score', rubric_score: score, rubric_max: max }, `Rubric score ${score} of ${max} for ${student.name}`);
      setSaved(score);
    });
  }

  return (
    <>
      <div class="field">
        <label for={`${prefix}-score`}>Score (0 to {max})</label>
        <select
          id={`${prefix}-score`}
          value={score}
          onChange={(event) => {
            setScore(Number(event.currentTarget.value));
            setSaved(null);
          }}
        >
          {Array.from({ length: max + 1 }, (_, value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="button" class="button button-primary" disabled={saving || saved !== null} onClick={() => void save()}>
          {saved === null ? 'Save score' : 'Score saved'}
        </button>
        {saved !== null && (
          <button type="button" class="button" onClick={() => setSaved(null)}>
            Record another score <span class="visually-hidden">for {student.name}</span>
          </button>
        )}
      </div>
      {saved !== null && <p class="tally">Saved: score {saved} of {max}.</p>}
    </>
  );
}

function FidelityChecklist({ student, date, record, prefix }: { student: BriefStudent; date: string; record: Recorder; prefix: string }) {
  const initial = useMemo(() => Object.fromEntries(student.accommodations.map((item) => [item.id, true])), [student]);
  const [implemented, setImplemented] = useState<Record<number, boolean>>(initial);
  const [notes, setNotes] = useState<Record<number, string>>({});
  // The accommodation whose note is missing, and what to say about it.
  const [problem, setProblem] = useState<{ id: number; text: string } | null>(null);
  // Once saved, the checklist is locked: saving it again would store every
  // accommodation's check a second time. "Start a new checklist" unlocks it.
  const [saved, setSaved] = useState(false);
  const { saving, run } = useOneSave();
  const locked = saving || saved;

  function save() {
    return run(async () => {
      const missingNote = student.accommodations.find((item) => !implemented[item.id] && !(notes[item.id] ?? '').trim());
      if (missingNote) {
        setProblem({ id: missingNote.id, text: `Say why "${missingNote.description}" was not implemented.` });
        // Focus once the message is drawn: the note is read with it.
        setTimeout(() => document.getElementById(`${prefix}-note-${missingNote.id}`)?.focus());
        return;
      }
      setProblem(null);
      for (const item of student.accommodations) {
        await record(
          'fidelity_check',
          student.id,
          { accommodation_id: item.id, date, outcome: implemented[item.id] ? 'implemented' : 'not_implemented', note: notes[item.id] ?? '' },
          `Fidelity check "${item.description}" for ${student.name}: ${implemented[item.id] ? 'implemented' : 'not implemented'}`,
        );
      }
      setSaved(true);
    });
  }

  function startAgain() {
    setImplemented(initial);
    setNotes({});
    setSaved(false);
  }

  return (
    <fieldset class="capture">
      <legend>Fidelity checklist: were the accommodations implemented?</legend>
      {student.accommodations.map((item) => (
        <div key={item.id}>
          <div class="check">
            <input
              type="checkbox"
              id={`${prefix}-acc-${item.id}`}
              checked={implemented[item.id] ?? true}
              disabled={locked}
              onChange={(event) => setImplemented({ ...implemented, [item.id]: event.currentTarget.checked })}
            />
            <label for={`${prefix}-acc-${item.id}`}>{item.description}</label>
          </div>
          {!implemented[item.id] && (
            <Field id={`${prefix}-note-${item.id}`} label="Why was it not implemented?" error={problem?.id === item.id ? problem.text : undefined}>
              {(control) => <input {...control} value={notes[item.id] ?? ''} disabled={locked} onInput={(event) => setNotes({ ...notes, [item.id]: event.currentTarget.value })} />}
            </Field>
          )}
        </div>
      ))}
      {saved ? (
        <>
          <p class="tally">Checklist saved.</p>
          <button type="button" class="button" onClick={startAgain}>
            Start a new checklist <span class="visually-hidden">for {student.name}</span>
          </button>
        </>
      ) : (
        <button type="button" class="button button-primary" disabled={saving} onClick={() => void save()}>
          Save checklist
        </button>
      )}
    </fieldset>
  );
}
