// The students marked absent on the board's day, each with a way to take the
// absence back when they come in after all, and a form to mark one absent
// for this day or several. A week made or updated after it gives the
// student no adult those days, so the paras who had them are free for
// students nobody covered: the board updates the published week at once
// (`onChanged`), for the coordinator to review and publish.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { Combobox } from './combobox';
import { ActionError, ErrorSummary, Field, Loaded, addDays, refusalOf, summaryOf, useFormProblems, useLoad } from './components';
import { type Person, findStudents } from './lib/keep_apart';
import { type StudentAbsence, fetchStudentAbsences, markStudentAbsent, takeBackStudentAbsence } from './lib/student_absences';

// The server marks at most this many days on from the first.
const MOST_DAYS = 30;

const STUDENTS = { one: 'student', many: 'students' };

type FormField = 'student' | 'last';

const CONTROL: Record<FormField, string> = { student: 'absent-student', last: 'absent-student-last' };

// The API's fields, as the form's controls and as a sentence names them.
const API_FIELDS: Record<string, { field: FormField | 'form'; name: string }> = {
  student_id: { field: 'student', name: 'The student' },
  last_day: { field: 'last', name: 'Last day absent' },
  first_day: { field: 'form', name: 'The day' },
};

export function StudentAbsenceSection({
  schoolId,
  date,
  updates,
  planned,
  busy,
  error,
  onChanged,
}: {
  schoolId: number;
  date: string;
  // Whether a change is followed by an update of the published week (else
  // it applies when the optimizer runs again).
  updates: boolean;
  // The students the schedule shown gives a para that day: one marked
  // absent among them is still planned (an update discarded, or none made).
  planned: Set<number>;
  busy: boolean;
  error: ComponentChildren;
  onChanged: (said: string) => void;
}) {
  const absences = useLoad(() => fetchStudentAbsences(schoolId, date), [schoolId, date], { keep: true });
  const [removing, setRemoving] = useState(0);
  const [failure, setFailure] = useState<{ absence: StudentAbsence; error: unknown } | null>(null);
  // The form searches the school's students as the coordinator types (each
  // found an audited read), so it opens only when asked for.
  const [marking, setMarking] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  async function takeBack(absence: StudentAbsence) {
    setRemoving(absence.id);
    setFailure(null);
    try {
      await takeBackStudentAbsence(absence.id);
      absences.reload();
      // The button pressed is gone: focus goes back to the list's heading.
      heading.current?.focus();
      onChanged(`${absence.student} is no longer marked absent on ${date}.`);
    } catch (failed) {
      setFailure({ absence, error: failed });
    } finally {
      setRemoving(0);
    }
  }

  return (
    <section class="card students-absent" aria-labelledby="students-absent-title">
      <h2 id="students-absent-title" ref={heading} tabIndex={-1}>
        Students absent on {date}
      </h2>
      <p class="hint">
        A student marked absent has no adult planned that day, so the para who had them is free for a student nobody covered.{' '}
        {updates ? 'Each change here updates the published week, for you to review and publish.' : 'It applies when you run the optimizer again.'}
      </p>
      <Loaded load={absences} what="the students absent">
        {(list) =>
          list.length === 0 ? (
            <p>No student is marked absent on this day.</p>
          ) : (
            <ul class="plain away">
              {list.map((absence) => (
                <li key={absence.id}>
                  {absence.student}{' '}
                  {absence.studentId !== null && planned.has(absence.studentId) && (
                    <span class="hint">(still with a para in the schedule shown: update the published week to free the para) </span>
                  )}
                  <button type="button" class="button" disabled={busy || removing !== 0} onClick={() => takeBack(absence)}>
                    {removing === absence.id ? 'Taking back…' : 'In after all'}
                    <span class="visually-hidden"> ({absence.student})</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {failure && <ActionError error={failure.error} failed={`take back ${failure.absence.student}'s absence`} />}
      {error}
      <details onToggle={(event) => event.currentTarget.open && setMarking(true)}>
        <summary>Mark a student absent</summary>
        {marking && (
          <StudentAbsenceForm
            schoolId={schoolId}
            date={date}
            updates={updates}
            busy={busy}
            onMarked={(student, last) => {
              absences.reload();
              onChanged(last === date ? `${student} is marked absent on ${date}.` : `${student} is marked absent from ${date} to ${last}.`);
            }}
          />
        )}
      </details>
    </section>
  );
}

function StudentAbsenceForm({
  schoolId,
  date,
  updates,
  busy,
  onMarked,
}: {
  schoolId: number;
  date: string;
  updates: boolean;
  busy: boolean;
  onMarked: (student: string, lastDay: string) => void;
}) {
  const [student, setStudent] = useState<Person | null>(null);
  const [lastDay, setLastDay] = useState(date);
  const { problems, summary, show: showProblems, sending, send } = useFormProblems<FormField>();

  async function submit(event: Event) {
    event.preventDefault();
    if (!student) {
      showProblems({ student: 'Choose the student: type part of their name and pick them from the list.' });
      return;
    }
    await send(async () => {
      // A day already marked keeps its record: the update is made all the same.
      await markStudentAbsent(student.id, date, lastDay || date);
      setStudent(null);
      setLastDay(date);
      onMarked(student.name, lastDay || date);
    }, (failed) => refusalOf(failed, API_FIELDS));
  }

  return (
    <form class="student-absence-form" onSubmit={submit} noValidate>
      <ErrorSummary
        title="The student was not marked absent."
        summary={summary}
        problems={summaryOf(problems, CONTROL)}
      />
      <Field id={CONTROL.student} label="Student" hint="Every student of the school: type part of a name, or the student's id, and pick them from the list." error={problems.student}>
        {(control) => <Combobox control={control} choices={(name: string) => findStudents(schoolId, name)} value={student} noun={STUDENTS} onChange={setStudent} />}
      </Field>
      <Field id={CONTROL.last} label="Last day absent" hint={`From ${date}. A weekend in between has no school blocks to plan.`} error={problems.last}>
        {(control) => (
          <input {...control} type="date" min={date} max={addDays(date, MOST_DAYS)} value={lastDay} onChange={(event) => setLastDay(event.currentTarget.value || date)} />
        )}
      </Field>
      <button type="submit" class="button" disabled={busy || sending}>
        {sending ? 'Marking absent…' : updates ? 'Mark absent and update the week' : 'Mark absent'}
      </button>
    </form>
  );
}
