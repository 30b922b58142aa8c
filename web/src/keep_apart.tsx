// The coordinator's keep-apart list on the schedule board: the school's paras
// who must never support a given student (a family tie, a documented
// conflict, who may give personal care), each with a way to take it off, and
// a form to add a pair. The list reaches a week only when the week is made or
// updated again, so each change says so.
import { useRef, useState } from 'preact/hooks';
import { Combobox } from './combobox';
import { ActionError, ErrorSummary, Field, Loaded, refusalOf, summaryOf, useFormProblems, useLoad } from './components';
import { ApiError } from './lib/api';
import { announce } from './lib/announce';
import { type KeptApart, type Person, REASON_LIMIT, fetchKeepApart, fetchParas, findStudents, keepApart, takeOffKeepApart } from './lib/keep_apart';

// A published week keeps a pair together until it is made or updated again
// (a re-plan starts from the week as it was made): the coordinator is told
// after every change, beside the list.
const APPLIES =
  'The week on the board does not change by itself: this applies once you update the published week or run the optimizer again, with the buttons at the top of the board.';

export function KeepApartSection({ schoolId }: { schoolId: number }) {
  const pairs = useLoad(() => fetchKeepApart(schoolId), [schoolId], { keep: true });
  // What was just added or taken off, shown with when it applies.
  const [done, setDone] = useState('');
  const [removing, setRemoving] = useState(0);
  const [failure, setFailure] = useState<{ pair: KeptApart; error: unknown } | null>(null);
  // The form reads the school's paras, and the students found as the
  // coordinator types (each an audited read), so it is loaded only once the
  // coordinator opens it.
  const [adding, setAdding] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const changed = (said: string) => {
    setDone(said);
    announce(`${said} ${APPLIES}`);
    pairs.reload();
  };

  async function takeOff(pair: KeptApart) {
    setRemoving(pair.id);
    setFailure(null);
    setDone('');
    try {
      await takeOffKeepApart(pair.id);
      changed(`${pair.para} is no longer kept apart from ${pair.student}.`);
      // The button pressed is gone: focus goes back to the list's heading.
      heading.current?.focus();
    } catch (error) {
      setFailure({ pair, error });
    } finally {
      setRemoving(0);
    }
  }

  return (
    <section class="card keep-apart" aria-labelledby="keep-apart-title">
      <h2 id="keep-apart-title" ref={heading} tabIndex={-1}>
        Keep apart
      </h2>
      <p class="hint">
        Paras who must never support a given student: a family tie, a documented conflict, who may give personal care. No schedule made or updated
        after a pair is listed has that para support that student.
      </p>
      <Loaded load={pairs} what="the keep-apart list">
        {(list) =>
          list.length === 0 ? (
            <p>No para is kept apart from a student at this school.</p>
          ) : (
            <ul class="plain keep-apart-list">
              {list.map((pair) => (
                <li key={pair.id}>
                  <p>
                    <strong>{pair.para}</strong> is kept apart from <strong>{pair.student}</strong>: {pair.reason}
                  </p>
                  <button type="button" class="button button-small" disabled={removing !== 0} onClick={() => takeOff(pair)}>
                    {removing === pair.id ? 'Taking off the list…' : 'Take off the list'}
                    <span class="visually-hidden">
                      {' '}
                      ({pair.para} and {pair.student})
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {failure && <ActionError error={failure.error} failed={`take ${failure.pair.para} and ${failure.pair.student} off the list`} reword={withoutIds} />}
      {/* Announced once, by announce(): no live region of its own. */}
      {done && (
        <p class="notice keep-apart-done">
          <strong>{done}</strong> {APPLIES}
        </p>
      )}
      <details onToggle={(event) => event.currentTarget.open && setAdding(true)}>
        <summary>Keep a para apart from a student</summary>
        {adding && (
          <KeepApartForm
            schoolId={schoolId}
            onAdded={(pair) => {
              setFailure(null);
              changed(`${pair.para} is now kept apart from ${pair.student}.`);
            }}
            onStart={() => setDone('')}
          />
        )}
      </details>
    </section>
  );
}

type FormField = 'para' | 'student' | 'reason';

const STUDENTS = { one: 'student', many: 'students' };

const CONTROL: Record<FormField, string> = { para: 'keep-apart-para', student: 'keep-apart-student', reason: 'keep-apart-reason' };

// The API's fields, as the form's controls and as a sentence names them.
const API_FIELDS: Record<string, { field: FormField | 'form'; name: string }> = {
  staff_id: { field: 'para', name: 'The para' },
  student_id: { field: 'student', name: 'The student' },
  reason: { field: 'reason', name: 'The reason' },
};

// The problems of the form: one per control, and `form` for the pair as a whole.
type Problems = Partial<Record<FormField | 'form', string>>;

function KeepApartForm({ schoolId, onAdded, onStart }: { schoolId: number; onAdded: (pair: KeptApart) => void; onStart: () => void }) {
  const school = useLoad(() => fetchParas(schoolId), [schoolId]);
  const [paraId, setParaId] = useState(0);
  // The student picked, as the search found them: the form never holds the
  // whole school, so the refusal names them from here.
  const [student, setStudent] = useState<Person | null>(null);
  const [reason, setReason] = useState('');
  const { problems, summary, show: showProblems, sending: busy, send } = useFormProblems<FormField>();

  return (
    <Loaded load={school} what="the school's paras">
      {(paras) => {
        if (paras.length === 0) return <p>The school has no paras.</p>;

        async function submit(event: Event) {
          event.preventDefault();
          onStart();
          const found: Problems = {};
          if (!paraId) found.para = 'Choose the para.';
          if (!student) found.student = 'Choose the student: type part of their name and pick them from the list.';
          const why = reason.trim();
          if (!why) found.reason = 'Write why the para is kept apart from the student.';
          else if (why.length > REASON_LIMIT) found.reason = `The reason is ${why.length} characters long: keep it to ${REASON_LIMIT}.`;
          if (!student || Object.keys(found).length > 0) {
            showProblems(found);
            return;
          }
          await send(
            async () => {
              const pair = await keepApart(paraId, student.id, why);
              setStudent(null);
              setReason('');
              onAdded(pair);
            },
            (error) => refusal(error, paras.find((para) => para.id === paraId)?.name ?? '', student.name),
          );
        }

        return (
          <form class="keep-apart-form" onSubmit={submit} noValidate>
            <ErrorSummary
              title="The pair was not kept apart."
              summary={summary}
              problems={summaryOf(problems, CONTROL)}
            />
            <Field id={CONTROL.para} label="Para" error={problems.para}>
              {(control) => (
                <select {...control} value={paraId || ''} onChange={(event) => setParaId(Number(event.currentTarget.value) || 0)}>
                  <option value="">Choose a para</option>
                  {paras.map((para) => (
                    <option key={para.id} value={para.id}>
                      {para.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={CONTROL.student} label="Student" hint="Every student of the school: type part of a name, or the student's id, and pick them from the list." error={problems.student}>
              {(control) => (
                <Combobox control={control} choices={(name: string) => findStudents(schoolId, name)} value={student} noun={STUDENTS} onChange={setStudent} />
              )}
            </Field>
            <Field
              id={CONTROL.reason}
              label="Reason"
              hint={`Why they must be kept apart, in a few words: a family tie, a documented conflict, who may give personal care. Up to ${REASON_LIMIT} characters.`}
              error={problems.reason}
            >
              {(control) => <textarea {...control} rows={3} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
            </Field>
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? 'Keeping apart…' : 'Keep apart'}
            </button>
          </form>
        );
      }}
    </Loaded>
  );
}

// What the server refused, beside the control it names: a pair kept apart
// already (409) is about the pair as a whole; each field the server names
// (422) is shown at its control, as a sentence that names it.
function refusal(error: unknown, para: string, student: string): Problems {
  if (error instanceof ApiError && error.status === 409) {
    return { form: `${para || 'The para'} is already kept apart from ${student || 'the student'}: the pair is on the list above.` };
  }
  return refusalOf(error, API_FIELDS, withoutIds);
}

// The server names a pair by its id ("keep-apart 7"); the board shows none.
function withoutIds(message: string): string {
  return message.replace(/\s*\(keep-apart \d+\)/g, '');
}
