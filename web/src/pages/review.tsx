// Records paras captured wait here until a licensed educator reviews and
// signs them off (seed 002: decisions stay with licensed educators). They
// already count for minutes.
import { useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, describeError, useLoad } from '../components';
import { api } from '../lib/api';
import { announce } from '../lib/announce';
import { describeCapture } from '../lib/describe';
import { type Capture, type Student, caseloadQuery, fetchCaptures, fetchStudents } from '../lib/records';

export default function ReviewPage({ session }: PageProps) {
  const load = useLoad(async () => {
    const students = await fetchStudents(caseloadQuery(session));
    const pending = await Promise.all(students.map((student) => fetchCaptures({ student_id: student.id, review: 'pending' })));
    return { captures: pending.flat().filter((capture) => capture.review === 'pending'), students };
  }, [session.staffId]);
  const [signed, setSigned] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function signOff(capture: Capture) {
    try {
      await api.post(`/captures/${capture.id}/review`, { version: capture.version });
      setSigned((previous) => new Set(previous).add(capture.id));
      setErrors(({ [capture.id]: _, ...rest }) => rest);
      announce('Record signed off.');
    } catch (error) {
      setErrors((previous) => ({ ...previous, [capture.id]: describeError(error) }));
      announce(`Could not sign off: ${describeError(error)}`, 'assertive');
    }
  }

  return (
    <>
      <PageHeading title="Records to review" />
      <p class="meta">Paras' records count for minutes at once; your sign-off confirms the data for progress decisions.</p>
      <Loaded load={load} what="records to review">
        {({ captures, students }) => {
          const open = captures.filter((capture) => !signed.has(capture.id));
          if (open.length === 0)
            return (
              <Empty>
                <p>
                  <strong>Nothing to review.</strong> Every record from your caseload is signed off.
                </p>
              </Empty>
            );
          const names = new Map<number, Student>(students.map((student) => [student.id, student]));
          const byStudent = new Map<number, Capture[]>();
          open.forEach((capture) => byStudent.set(capture.studentId, [...(byStudent.get(capture.studentId) ?? []), capture]));
          return (
            <>
              <p role="status">
                {open.length} {open.length === 1 ? 'record waits' : 'records wait'} for your review.
              </p>
              {[...byStudent.entries()].map(([studentId, list]) => (
                <section class="card" key={studentId} aria-labelledby={`review-${studentId}`}>
                  <h2 id={`review-${studentId}`}>{names.get(studentId)?.name ?? `Student ${studentId}`}</h2>
                  <ul class="plain review-list">
                    {list.map((capture) => (
                      <li key={capture.id}>
                        <div>
                          <strong>{describeCapture(capture)}</strong>
                          <div class="meta">
                            {capture.date}
                            {capture.recordedByName && ` · recorded by ${capture.recordedByName}`}
                          </div>
                          {errors[capture.id] && <p class="field-error">{errors[capture.id]}</p>}
                        </div>
                        <button type="button" class="button" onClick={() => void signOff(capture)}>
                          Sign off <span class="visually-hidden">{describeCapture(capture)}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
