// A parent's or guardian's view: their own child's services and goals, in
// plain words. Progress reports in the family's language come with the
// reports work; this page shows what the IEP promises.
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, useLoad } from '../components';
import { words } from '../lib/brief';
import { fetchIep, fetchStudents } from '../lib/records';

export default function FamilyPage(_: PageProps) {
  const load = useLoad(async () => {
    const students = await fetchStudents({});
    const ieps = await Promise.all(students.map((student) => fetchIep(student.id)));
    return students.map((student, index) => ({ student, iep: ieps[index] ?? null }));
  }, []);
  return (
    <>
      <PageHeading title="My child" />
      <Loaded load={load} what="your child's services">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>
              <p>
                <strong>No student is linked to your account.</strong> Ask the school office to link your child.
              </p>
            </Empty>
          ) : (
            rows.map(({ student, iep }) => (
              <section class="card" key={student.id} aria-labelledby={`child-${student.id}`}>
                <h2 id={`child-${student.id}`}>{student.name}</h2>
                {!iep ? (
                  <p>No IEP on record.</p>
                ) : (
                  <>
                    <h3>Services</h3>
                    {iep.services.length === 0 ? (
                      <p class="meta">No services listed.</p>
                    ) : (
                      <ul>
                        {iep.services.map((service) => (
                          <li key={service.id}>
                            {words(service.type)}: {service.minutes} minutes per {service.period || 'week'}, {words(service.setting).toLowerCase()}
                          </li>
                        ))}
                      </ul>
                    )}
                    <h3>Goals</h3>
                    {iep.goals.length === 0 ? (
                      <p class="meta">No goals listed.</p>
                    ) : (
                      <ul>
                        {iep.goals.map((goal) => (
                          <li key={goal.id}>
                            {goal.statement} <span class="meta">(by {goal.targetDate})</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </section>
            ))
          )
        }
      </Loaded>
    </>
  );
}
