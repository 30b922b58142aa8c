// The general educator's sections: upcoming lessons with their review (who
// supports whom in each part), posting a lesson plan, and the accommodations
// of the students in the section.
import { useRef, useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { Empty, ErrorSummary, Field, Loaded, PageHeading, describeError, humanize, schoolDay, sentence, today, useLoad } from '../components';
import { ApiError, api, itemsOf } from '../lib/api';
import { announce } from '../lib/announce';
import { words } from '../lib/brief';
import { navigate } from '../lib/router';
import { type Plan, planFromJson } from '../lib/plans';
import { fetchIep, fetchStudents } from '../lib/records';

type Json = Record<string, unknown>;

interface Section {
  id: number;
  course: string;
  code: string;
}

async function fetchSections(staffId: number | null): Promise<Section[]> {
  const sections = itemsOf<Json>(await api.get('/sections', { general_educator_id: staffId ?? undefined, limit: 500 })).map((json) => ({
    id: Number(json.id),
    course: String(json.course ?? ''),
    code: String(json.code ?? ''),
  }));
  return sections;
}

export default function SectionsPage({ session, query }: PageProps) {
  const load = useLoad(() => fetchSections(session.staffId), [session.staffId]);
  const chosen = Number(query.get('section') ?? 0);
  return (
    <>
      <PageHeading title="My sections" />
      <Loaded load={load} what="your sections">
        {(sections) => {
          if (sections.length === 0)
            return (
              <Empty>
                <p>
                  <strong>No sections.</strong> Sections appear here when the roster names you as their teacher.
                </p>
              </Empty>
            );
          const section = sections.find((item) => item.id === chosen) ?? sections[0]!;
          return (
            <>
              <div class="field">
                <label for="section-choice">Section</label>
                <select id="section-choice" value={section.id} onChange={(event) => navigate(`/sections?section=${event.currentTarget.value}`)}>
                  {sections.map((item) => (
                    <option key={item.id} value={item.id}>
                      {item.course} ({item.code})
                    </option>
                  ))}
                </select>
              </div>
              <SectionDetail key={section.id} section={section} />
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function SectionDetail({ section }: { section: Section }) {
  const plans = useLoad(async () => {
    const list = itemsOf<Json>(await api.get('/plans', { section_id: section.id, from: today() })).map(planFromJson);
    return list.sort((a, b) => a.date.localeCompare(b.date));
  }, [section.id]);
  const students = useLoad(async () => {
    const list = await fetchStudents({ section_id: section.id });
    const ieps = await Promise.all(list.map((student) => fetchIep(student.id).catch(() => null)));
    return list.map((student, index) => ({ student, iep: ieps[index] ?? null }));
  }, [section.id]);

  return (
    <div class="grid-2">
      <div>
        <h2>Upcoming lessons</h2>
        <Loaded load={plans} what="the lesson plans">
          {(list) =>
            list.length === 0 ? (
              <Empty>
                <p>No lesson plans posted for upcoming days. Post one below so the special educator has time to adapt it.</p>
              </Empty>
            ) : (
              list.map((plan) => <PlanCard key={plan.id} plan={plan} names={students.state === 'ready' ? new Map(students.data.map(({ student }) => [student.id, student.name])) : new Map()} />)
            )
          }
        </Loaded>
        <LessonPlanForm section={section} onPosted={plans.reload} />
      </div>
      <div>
        <h2>Accommodations in this section</h2>
        <Loaded load={students} what="the students' accommodations">
          {(rows) => {
            const withAccommodations = rows.filter(({ iep }) => iep && iep.accommodations.length > 0);
            return withAccommodations.length === 0 ? (
              <Empty>
                <p>No student in this section has accommodations on record.</p>
              </Empty>
            ) : (
              withAccommodations.map(({ student, iep }) => (
                <section class="card" key={student.id} aria-labelledby={`acc-${student.id}`}>
                  <h3 id={`acc-${student.id}`}>{student.name}</h3>
                  <ul>
                    {iep!.accommodations.map((item) => (
                      <li key={item.id}>
                        {item.description} <span class="tag">{words(item.kind)}</span>
                      </li>
                    ))}
                  </ul>
                </section>
              ))
            );
          }}
        </Loaded>
      </div>
    </div>
  );
}

function PlanCard({ plan, names }: { plan: Plan; names: Map<number, string> }) {
  const adult = (id: number) => plan.adults.find((item) => item.staffId === id)?.name ?? `Staff ${id}`;
  const whom = (ids: number[], audience: string) => (ids.length > 0 ? ids.map((id) => names.get(id) ?? `student ${id}`).join(', ') : words(audience).toLowerCase());
  return (
    <section class="card" aria-labelledby={`plan-${plan.id}`}>
      <h3 id={`plan-${plan.id}`}>
        {plan.date}: {plan.objective || 'Lesson'}
      </h3>
      <p>
        <span class={'tag' + (plan.status === 'published' ? ' tag-good' : '')}>{words(plan.status)}</span>{' '}
        {plan.late && <span class="tag tag-bad">Submitted late</span>}
      </p>
      {plan.standard && <p class="meta">Standard: {plan.standard}</p>}
      {plan.adaptations.length > 0 && (
        <>
          <h4>Adaptations from the review</h4>
          <ul>
            {plan.adaptations.map((item, index) => (
              <li key={index}>
                {names.get(item.studentId) ?? `Student ${item.studentId}`}: {item.description} ({words(item.kind).toLowerCase()})
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.roles.length === 0 ? (
        <p class="meta">No roles yet: the special educator has not reviewed this plan.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={`Who supports whom on ${plan.date}`}>
          <table>
            <caption>Who supports whom</caption>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col">Adult</th>
                <th scope="col">Does</th>
                <th scope="col">With</th>
              </tr>
            </thead>
            <tbody>
              {plan.roles.map((role, index) => (
                <tr key={index}>
                  <td>{plan.parts.find((part) => part.key === role.part)?.description ?? role.part}</td>
                  <td>{adult(role.staffId)}</td>
                  <td>{words(role.activity)}</td>
                  <td>{whom(role.studentIds, role.audience)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// The form's fields by the names the API gives them, for its error messages.
const PLAN_FIELDS: Record<string, string> = {
  date: 'Lesson date',
  objective: 'Objective',
  standard: 'Grade-level standard',
  parts: 'Parts of the lesson',
  materials: 'Materials',
};

function LessonPlanForm({ section, onPosted }: { section: Section; onPosted: () => void }) {
  // Today on a weekday, else the Monday after: the server takes a plan only
  // for a day the section meets.
  const [date, setDate] = useState(() => schoolDay(today()));
  const [objective, setObjective] = useState('');
  const [standard, setStandard] = useState('');
  const [parts, setParts] = useState('Whole group lesson, 20\nIndependent practice, 20');
  const [materials, setMaterials] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  function parseParts(): { key: string; description: string; minutes: number }[] | string {
    const lines = parts.split('\n').map((line) => line.trim()).filter(Boolean);
    if (lines.length === 0) return 'Add at least one part of the lesson.';
    const parsed = [];
    for (const [index, line] of lines.entries()) {
      const match = line.match(/^(.*?)[,;]\s*(\d+)\s*(min(utes)?)?$/i);
      if (!match || !match[1]!.trim()) return `Line ${index + 1}: write the part, a comma, then its minutes (e.g. "Independent practice, 20").`;
      parsed.push({ key: `part-${index + 1}`, description: match[1]!.trim(), minutes: Number(match[2]) });
    }
    return parsed;
  }

  async function submit(event: Event) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!date) found.date = 'Choose the lesson date.';
    if (!objective.trim()) found.objective = 'Write the lesson objective.';
    const parsedParts = parseParts();
    if (typeof parsedParts === 'string') found.parts = parsedParts;
    setErrors(found);
    setMessage('');
    if (Object.keys(found).length > 0) {
      queueMicrotask(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      // A plan is created as a draft, then submitted for the special educator's review.
      const created = await api.post<Json>('/plans', {
        section_id: section.id,
        date,
        objective: objective.trim(),
        standard: standard.trim(),
        parts: parsedParts,
        materials: materials.split('\n').map((line) => line.trim()).filter(Boolean),
      });
      await api.post(`/plans/${String(created.id)}/submit`, { version: created.version });
      setObjective('');
      setStandard('');
      setMaterials('');
      setMessage(`Lesson plan for ${date} posted for review.`);
      announce(`Lesson plan for ${date} posted for review.`);
      onPosted();
    } catch (error) {
      // The server names each field with a fragment ("is longer than 1000
      // characters") and repeats them all in its message: each problem is
      // shown once, as a sentence that names the field, and the message
      // only when no field is named.
      const fields: Record<string, string> = {};
      if (error instanceof ApiError) {
        for (const problem of error.fields) {
          const field = problem.field.replace(/[[.].*$/, '');
          fields[field] ??= sentence(`${PLAN_FIELDS[field] ?? humanize(field)} ${problem.reason}`);
        }
      }
      setErrors(Object.keys(fields).length > 0 ? fields : { form: sentence(describeError(error)) });
      queueMicrotask(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const problems = Object.entries(errors);
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="post-plan-title">
      <h2 id="post-plan-title">Post a lesson plan</h2>
      <ErrorSummary
        title="The plan was not posted."
        summary={summary}
        problems={problems.map(([field, reason]) => ({ target: field in PLAN_FIELDS ? `plan-${field}` : undefined, message: reason }))}
      />
      {message && (
        <p class="notice notice-good" role="status">
          {message}
        </p>
      )}
      <Field id="plan-date" label="Lesson date" error={errors.date}>
        {(control) => <input {...control} type="date" value={date} onInput={(event) => setDate(event.currentTarget.value)} />}
      </Field>
      <Field id="plan-objective" label="Objective" error={errors.objective}>
        {(control) => <input {...control} value={objective} onInput={(event) => setObjective(event.currentTarget.value)} />}
      </Field>
      <Field id="plan-standard" label="Grade-level standard (optional)">
        {(control) => <input {...control} value={standard} onInput={(event) => setStandard(event.currentTarget.value)} />}
      </Field>
      <Field id="plan-parts" label="Parts of the lesson" hint='One per line: the part, a comma, its minutes. Example: "Independent practice, 20".' error={errors.parts}>
        {(control) => <textarea {...control} value={parts} onInput={(event) => setParts(event.currentTarget.value)} />}
      </Field>
      <Field id="plan-materials" label="Materials (optional)" hint="One per line.">
        {(control) => <textarea {...control} value={materials} onInput={(event) => setMaterials(event.currentTarget.value)} />}
      </Field>
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? 'Posting…' : 'Post lesson plan'}
      </button>
    </form>
  );
}
