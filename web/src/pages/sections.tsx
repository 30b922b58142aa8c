// The general educator's sections: upcoming lessons with their review (who
// supports whom in each part), posting a lesson plan, the lessons of the
// last two weeks (a plan written up after the lesson is for a past date), and
// the accommodations of the students in the section.
import { useRef, useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { ActionError, Empty, ErrorSummary, Field, Loaded, PageHeading, addDays, describeError, humanize, schoolDay, sentence, today, useLoad } from '../components';
import { ApiError, allItems, api, itemsOf } from '../lib/api';
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

// How far back "Recent lessons" reaches: two school weeks, time enough to
// write up a lesson that was taught and submit it.
const RECENT_DAYS = 14;

function SectionDetail({ section }: { section: Section }) {
  const students = useLoad(async () => {
    const list = await fetchStudents({ section_id: section.id });
    const ieps = await Promise.all(list.map((student) => fetchIep(student.id).catch(() => null)));
    return list.map((student, index) => ({ student, iep: ieps[index] ?? null }));
  }, [section.id]);
  const plans = useLoad(async () => {
    const list = (await allItems<Json>('/plans', { section_id: section.id, from: today(), limit: 100 })).map(planFromJson);
    return list.sort((a, b) => a.date.localeCompare(b.date));
  }, [section.id]);
  const recent = useLoad(async () => {
    const list = (await allItems<Json>('/plans', { section_id: section.id, from: addDays(today(), -RECENT_DAYS), to: addDays(today(), -1), limit: 100 })).map(planFromJson);
    return list.sort((a, b) => b.date.localeCompare(a.date));
  }, [section.id]);
  // The recent lessons are folded away until asked for, or until a plan for
  // a past date is posted: then it is among them.
  const [recentOpen, setRecentOpen] = useState(false);
  const names = students.state === 'ready' ? new Map(students.data.map(({ student }) => [student.id, student.name])) : new Map<number, string>();
  const reload = () => {
    plans.reload();
    recent.reload();
  };
  const posted = (plan: Plan) => {
    if (plan.date < today()) setRecentOpen(true);
    reload();
  };

  // Takes focus to a recent plan's card (a link in the form's notice).
  function showRecent(planId: number) {
    setRecentOpen(true);
    const card = document.getElementById(`plan-${planId}`);
    if (card?.closest('details')) (card.closest('details') as HTMLDetailsElement).open = true;
    card?.focus();
  }
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
              list.map((plan) => <PlanCard key={plan.id} plan={plan} names={names} onChanged={reload} />)
            )
          }
        </Loaded>
        <LessonPlanForm section={section} onPosted={posted} onShowRecent={showRecent} />
        <h2 id="recent-title">Recent lessons</h2>
        <Loaded load={recent} what="the recent lessons">
          {(list) =>
            list.length === 0 ? (
              <p class="meta">No lesson plans for the last {RECENT_DAYS} days.</p>
            ) : (
              <details class="recent-lessons" open={recentOpen} onToggle={(event) => setRecentOpen(event.currentTarget.open)}>
                <summary>
                  {list.length === 1 ? '1 lesson' : `${list.length} lessons`} in the last {RECENT_DAYS} days, newest first
                </summary>
                {list.map((plan) => (
                  <PlanCard key={plan.id} plan={plan} names={names} onChanged={reload} />
                ))}
              </details>
            )
          }
        </Loaded>
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

function PlanCard({ plan, names, onChanged }: { plan: Plan; names: Map<number, string>; onChanged: () => void }) {
  const adult = (id: number) => plan.adults.find((item) => item.staffId === id)?.name ?? `Staff ${id}`;
  const whom = (ids: number[], audience: string) => (ids.length > 0 ? ids.map((id) => names.get(id) ?? `student ${id}`).join(', ') : words(audience).toLowerCase());
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // A draft (never submitted, or returned by the special educator) goes to
  // the special educator's review.
  async function submit() {
    setBusy(true);
    setFailure(null);
    try {
      await api.post(`/plans/${plan.id}/submit`, { version: plan.version });
      announce(`Lesson plan for ${plan.date} submitted for review.`);
      onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby={`plan-${plan.id}`}>
      <h3 id={`plan-${plan.id}`} tabIndex={-1}>
        {plan.date}: {plan.objective || 'Lesson'}
      </h3>
      <p>
        <span class={'tag' + (plan.status === 'published' ? ' tag-good' : '')}>{words(plan.status)}</span>{' '}
        {plan.late && <span class="tag tag-bad">Submitted late</span>}
      </p>
      {plan.status === 'draft' && (
        <>
          <p>
            <button type="button" class="button" disabled={busy} aria-describedby={failure ? `plan-${plan.id}-error` : undefined} onClick={() => void submit()}>
              {busy ? 'Submitting…' : 'Submit for review'} <span class="visually-hidden">the plan for {plan.date}</span>
            </button>
          </p>
          {failure !== null && <ActionError id={`plan-${plan.id}-error`} error={failure} failed="submit the plan" />}
        </>
      )}
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

function LessonPlanForm({ section, onPosted, onShowRecent }: { section: Section; onPosted: (plan: Plan) => void; onShowRecent: (planId: number) => void }) {
  // Today on a weekday, else the Monday after: the server takes a plan only
  // for a day the section meets.
  const [date, setDate] = useState(() => schoolDay(today()));
  const [objective, setObjective] = useState('');
  const [standard, setStandard] = useState('');
  const [parts, setParts] = useState('Whole group lesson, 20\nIndependent practice, 20');
  const [materials, setMaterials] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; late: boolean } | null>(null);
  // A plan just posted for a past date: the notice links to it among the recent lessons.
  const [pastPlan, setPastPlan] = useState<number | null>(null);
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
    setMessage(null);
    setPastPlan(null);
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
      const plan = planFromJson(await api.post<Json>(`/plans/${String(created.id)}/submit`, { version: created.version }));
      setObjective('');
      setStandard('');
      setMaterials('');
      // A lesson already taught is written up late: say so, and where the plan went.
      const past = plan.date < today();
      const listed = plan.date >= addDays(today(), -RECENT_DAYS);
      const said = past
        ? `Lesson plan for ${plan.date} saved for that past date and posted for review. It is flagged late: the lesson has already been taught. ${listed ? 'It is under Recent lessons.' : `Recent lessons lists only the last ${RECENT_DAYS} days.`}`
        : plan.late
          ? `Lesson plan for ${plan.date} posted for review. It is flagged late: it was due ${plan.deadline}.`
          : `Lesson plan for ${plan.date} posted for review.`;
      setMessage({ text: said, late: plan.late || past });
      setPastPlan(past && listed ? plan.id : null);
      announce(said);
      onPosted(plan);
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
        <p class={'notice ' + (message.late ? 'notice-warn' : 'notice-good')} role="status">
          {message.text}{' '}
          {pastPlan && (
            <a
              href={`#plan-${pastPlan}`}
              onClick={(event) => {
                event.preventDefault();
                onShowRecent(pastPlan);
              }}
            >
              Show the plan
            </a>
          )}
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
