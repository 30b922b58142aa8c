// The case manager's caseload: each student with this week's service minutes
// delivered against required and against what the school's published para
// schedule gives them, the adult support the schedule leaves uncovered,
// records waiting for review, and a link to the student's progress charts.
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, today, useLoad } from '../components';
import { words } from '../lib/brief';
import {
  type Capture,
  type Iep,
  type Service,
  type Student,
  type StudentSchedule,
  caseloadQuery,
  deliveredMinutes,
  fetchCaptures,
  fetchIep,
  fetchStudentSchedule,
  fetchStudents,
  oneToOneReview,
  uncoveredSupport,
  weekOf,
  weeklyMinutes,
} from '../lib/records';

interface Row {
  student: Student;
  iep: Iep | null;
  week: Capture[];
  pending: number;
  // The student's week in the published para schedule; null when the server
  // does not show it to this person.
  schedule: StudentSchedule | null;
}

const blocks = (count: number) => (count === 1 ? '1 block' : `${count} blocks`);

export default function CaseloadPage({ session }: PageProps) {
  const day = today();
  const week = weekOf(day);
  const load = useLoad(async (): Promise<Row[]> => {
    const students = await fetchStudents(caseloadQuery(session));
    return Promise.all(
      students.map(async (student) => {
        const [iep, captures, schedule] = await Promise.all([fetchIep(student.id), fetchCaptures({ student_id: student.id }), fetchStudentSchedule(student.id, day)]);
        return {
          student,
          iep,
          week: captures.filter((capture) => capture.date >= week.from && capture.date <= week.to),
          pending: captures.filter((capture) => capture.review === 'pending').length,
          schedule,
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
        {(rows) => {
          if (rows.length === 0) {
            return (
              <Empty>
                <p>
                  <strong>No students on your caseload.</strong> Students appear here when you are named their case manager or provide
                  one of their services.
                </p>
              </Empty>
            );
          }
          // Scheduled minutes show when some student's week is published;
          // when none is, the page says so once, else each such row does.
          const shown = rows.filter((row) => row.schedule !== null);
          const anyPublished = shown.some((row) => row.schedule!.scheduleId !== null);
          return (
            <>
              {shown.length > 0 && !anyPublished && (
                <p class="notice notice-warn">
                  <strong>No para schedule is published for this week.</strong> Scheduled minutes and adult support appear here once the
                  school publishes it.
                </p>
              )}
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Caseload">
                <table class="caseload">
                  <thead>
                    <tr>
                      <th scope="col">Student</th>
                      <th scope="col">{anyPublished ? 'This week (service minutes delivered / required · scheduled)' : 'Services this week (delivered / required)'}</th>
                      <th scope="col">To review</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <CaseloadRow key={row.student.id} row={row} pageSaysUnpublished={!anyPublished} />
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function CaseloadRow({ row: { student, iep, week: captures, pending, schedule }, pageSaysUnpublished }: { row: Row; pageSaysUnpublished: boolean }) {
  const delivered = deliveredMinutes(captures);
  const published = schedule?.scheduleId != null ? schedule : null;
  return (
    <tr>
      <th scope="row">
        <a href={`/students/${student.id}`}>{student.name}</a>
        <div class="meta">Grade {student.grade || '—'}</div>
        {iep?.oneToOne && <OneToOneTag designation={iep.oneToOne} />}
      </th>
      <td>
        {!iep || iep.services.length === 0 ? (
          <span class="meta">No services</span>
        ) : (
          <ul class="plain">
            {iep.services.map((service) => (
              <ServiceLine key={service.id} service={service} done={delivered.get(service.id) ?? 0} schedule={published} />
            ))}
          </ul>
        )}
        {published ? (
          <AdultSupport studentId={student.id} schedule={published} />
        ) : (
          schedule && !pageSaysUnpublished && <p class="meta">No para schedule is published for this student's school this week.</p>
        )}
      </td>
      <td>{pending > 0 ? <a href="/review">{pending} pending</a> : <span class="meta">None</span>}</td>
    </tr>
  );
}

// A student with one-to-one para support: said, with the review's tag when
// the IEP team's review is due within a month or has passed.
function OneToOneTag({ designation }: { designation: NonNullable<Iep['oneToOne']> }) {
  const { tag } = oneToOneReview(designation, today());
  return <div class="one-to-one-tag">{tag ? <span class={`tag tag-${tag.tone}`}>One-to-one: {tag.text.toLowerCase()}</span> : <span class="meta">One-to-one support</span>}</div>;
}

// One service: minutes delivered and due this week (the IEP's, and the
// make-up owed for sessions missed in earlier weeks, as the published week
// counted it), and, when the week is published, the minutes the schedule
// gives it, with a warning when they fall short.
function ServiceLine({ service, done, schedule }: { service: Service; done: number; schedule: StudentSchedule | null }) {
  const required = weeklyMinutes(service);
  const scheduled = schedule?.services.find((entry) => entry.serviceId === service.id);
  const makeup = scheduled?.makeupMinutes ?? 0;
  const due = required + makeup;
  return (
    <li>
      {words(service.type)}: {done} delivered / {required} required
      {makeup > 0 && <> + {makeup} make-up owed</>}
      {scheduled && <> · {scheduled.scheduledMinutes} scheduled</>}
      {schedule && !scheduled && <span class="meta"> · not on the para schedule</span>}{' '}
      {done >= due ? <span class="tag tag-good">met</span> : <span class="tag tag-warn">{due - done} to go</span>}
      {scheduled && scheduled.scheduledMinutes < due && (
        <>
          {' '}
          <span class="tag tag-warn">schedule short by {due - scheduled.scheduledMinutes} min</span>
        </>
      )}
    </li>
  );
}

// The week's adult support: a link to the student's week when the schedule
// leaves any of it uncovered.
function AdultSupport({ studentId, schedule }: { studentId: number; schedule: StudentSchedule }) {
  const total = schedule.adultSupport.length;
  if (total === 0) return null;
  const uncovered = uncoveredSupport(schedule).length;
  if (uncovered === 0) return <p class="meta">Adult support: all {blocks(total)} covered.</p>;
  return (
    <p>
      <a href={`/students/${studentId}#this-week`} class="uncovered-link">
        {blocks(uncovered)} of adult support not covered this week
      </a>
    </p>
  );
}
