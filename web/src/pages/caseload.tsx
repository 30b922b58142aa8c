// The case manager's caseload: each student with this week's service minutes
// delivered against required, records waiting for review, and a link to the
// student's progress charts.
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, today, useLoad } from '../components';
import { words } from '../lib/brief';
import { type Capture, type Iep, type Student, caseloadQuery, deliveredMinutes, fetchCaptures, fetchIep, fetchStudents, weekOf, weeklyMinutes } from '../lib/records';

interface Row {
  student: Student;
  iep: Iep | null;
  week: Capture[];
  pending: number;
}

export default function CaseloadPage({ session }: PageProps) {
  const week = weekOf(today());
  const load = useLoad(async (): Promise<Row[]> => {
    const students = await fetchStudents(caseloadQuery(session));
    return Promise.all(
      students.map(async (student) => {
        const [iep, captures] = await Promise.all([fetchIep(student.id), fetchCaptures({ student_id: student.id })]);
        return {
          student,
          iep,
          week: captures.filter((capture) => capture.date >= week.from && capture.date <= week.to),
          pending: captures.filter((capture) => capture.review === 'pending').length,
        };
      }),
    );
  }, [session.staffId]);

  return (
    <>
      <PageHeading title="Caseload" />
      <p class="meta">
        Week of {week.from} to {week.to}. Minutes count as soon as a session is recorded, reviewed or not.
      </p>
      <Loaded load={load} what="your caseload">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>
              <p>
                <strong>No students on your caseload.</strong> Students appear here when you are named their case manager or provide
                one of their services.
              </p>
            </Empty>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label="Caseload">
              <table class="caseload">
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Services this week (delivered / required)</th>
                    <th scope="col">To review</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ student, iep, week: captures, pending }) => {
                    const delivered = deliveredMinutes(captures);
                    return (
                      <tr key={student.id}>
                        <th scope="row">
                          <a href={`/students/${student.id}`}>{student.name}</a>
                          <div class="meta">Grade {student.grade || '—'}</div>
                        </th>
                        <td>
                          {!iep || iep.services.length === 0 ? (
                            <span class="meta">No services</span>
                          ) : (
                            <ul class="plain">
                              {iep.services.map((service) => {
                                const required = weeklyMinutes(service);
                                const done = delivered.get(service.id) ?? 0;
                                return (
                                  <li key={service.id}>
                                    {words(service.type)}: {done} / {required} min{' '}
                                    {done >= required ? <span class="tag tag-good">met</span> : <span class="tag tag-warn">{required - done} to go</span>}
                                  </li>
                                );
                              })}
                            </ul>
                          )}
                        </td>
                        <td>{pending > 0 ? <a href="/review">{pending} pending</a> : <span class="meta">None</span>}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}
