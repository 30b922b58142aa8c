// The general educator's sections: upcoming lessons with their review (who
// supports whom in each part), posting a lesson plan, the lessons of the
// last two weeks (a plan written up after the lesson is for a past date), and
// the accommodations of the students in the section. A lesson plan opens
// from the lists (?plan=): a draft to change and submit, any other to read.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
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

// A section that is not one of the teacher's, by its id (a plan names it).
async function fetchSection(id: number): Promise<Section> {
  const json = await api.get<Json>(`/sections/${id}`);
  return { id, course: String(json.course ?? ''), code: String(json.code ?? '') };
}

export default function SectionsPage({ session, query }: PageProps) {
  const load = useLoad(() => fetchSections(session.staffId), [session.staffId]);
  const chosen = Number(query.get('section') ?? 0);
  const opened = Number(query.get('plan') ?? 0);
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
              {opened > 0 ? <OpenedPlan key={opened} planId={opened} section={section} sections={sections} /> : <SectionDetail key={section.id} section={section} />}
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
  }, [section.id], { keep: true });
  const recent = useLoad(async () => {
    const list = (await allItems<Json>('/plans', { section_id: section.id, from: addDays(today(), -RECENT_DAYS), to: addDays(today(), -1), limit: 100 })).map(planFromJson);
    return list.sort((a, b) => b.date.localeCompare(a.date));
  }, [section.id], { keep: true });
  // The recent lessons are folded away until asked for, or until a plan for
  // a past date is posted: then it is among them.
  const [recentOpen, setRecentOpen] = useState(false);
  const names = students.state === 'ready' ? new Map(students.data.map(({ student }) => [student.id, student.name])) : new Map<number, string>();
  // Read again after a post or a submit; the lists stay shown meanwhile.
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
              list.map((plan) => <PlanCard key={plan.id} plan={plan} section={section} names={names} onChanged={reload} />)
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
                  <PlanCard key={plan.id} plan={plan} section={section} names={names} onChanged={reload} />
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

// Why the special educator returned a draft: what the teacher should change
// before submitting it again (the server forgets it once they do).
function ReturnReason({ plan, id }: { plan: Plan; id?: string }) {
  if (plan.status !== 'draft' || !plan.returnReason) return null;
  return (
    <p class="notice notice-warn return-reason" id={id}>
      <strong>Returned by the special educator:</strong> <span class="reason-text">{plan.returnReason}</span>
    </p>
  );
}

function PlanCard({ plan, section, names, onChanged }: { plan: Plan; section: Section; names: Map<number, string>; onChanged: () => void }) {
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
      // The button goes with the draft: focus stays on the plan's card.
      document.getElementById(`plan-${plan.id}`)?.focus();
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
      <ReturnReason plan={plan} />
      <p>
        <a class="button" href={`/sections?section=${section.id}&plan=${plan.id}`}>
          {plan.status === 'draft' ? 'Open and edit' : 'Open'} <span class="visually-hidden">the plan for {plan.date}</span>
        </a>
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

// The lesson the general educator writes, as the form holds it: the parts
// and the materials one per line.
interface Lesson {
  objective: string;
  standard: string;
  parts: string;
  materials: string;
}

const NEW_LESSON: Lesson = { objective: '', standard: '', parts: 'Whole group lesson, 20\nIndependent practice, 20', materials: '' };

function lessonOf(plan: Plan): Lesson {
  return {
    objective: plan.objective,
    standard: plan.standard,
    parts: plan.parts.map((part) => `${(part.description || part.key).replace(/\s+/g, ' ')}, ${part.minutes}`).join('\n'),
    materials: plan.materials.join('\n'),
  };
}

type Part = Plan['parts'][number];

// The parts one per line ("Independent practice, 20"), or what is wrong with
// them. A part already in the plan keeps its key (the review's roles name
// it): the part of the same description, else the one in its place.
function parseParts(text: string, existing: Part[]): Part[] | string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return 'Add at least one part of the lesson.';
  const parsed: { description: string; minutes: number }[] = [];
  for (const [index, line] of lines.entries()) {
    const match = line.match(/^(.*?)[,;]\s*(\d+)\s*(min(utes)?)?$/i);
    if (!match || !match[1]!.trim()) return `Line ${index + 1}: write the part, a comma, then its minutes (e.g. "Independent practice, 20").`;
    parsed.push({ description: match[1]!.trim(), minutes: Number(match[2]) });
  }
  const used = new Set<string>();
  const keys = parsed.map((part) => {
    const same = existing.find((item) => !used.has(item.key) && (item.description || item.key) === part.description);
    if (same) used.add(same.key);
    return same?.key;
  });
  parsed.forEach((_, index) => {
    const inPlace = existing[index];
    if (keys[index] === undefined && inPlace && !used.has(inPlace.key) && !keys.includes(inPlace.key)) {
      keys[index] = inPlace.key;
      used.add(inPlace.key);
    }
  });
  let next = 1;
  return parsed.map((part, index) => {
    let key = keys[index];
    while (key === undefined) {
      const candidate = `part-${next++}`;
      if (!keys.includes(candidate) && !existing.some((item) => item.key === candidate)) key = candidate;
    }
    keys[index] = key;
    return { key, ...part };
  });
}

// Whether the server refused a change because the plan changed since it was
// read (another version is current).
function isStale(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 409 || error.status === 412 || (error.status === 422 && error.fields.some((problem) => problem.field === 'version')));
}

// The lesson form's state, checks and problems, shared by posting a plan and
// changing a draft. `extra` are the problems of fields outside the lesson
// (the date of a new plan).
function useLessonForm(initial: Lesson) {
  const [lesson, setLesson] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);
  const focusSummary = () => queueMicrotask(() => summary.current?.focus());
  return {
    lesson,
    errors,
    summary,
    change: (field: keyof Lesson, value: string) => setLesson((current) => ({ ...current, [field]: value })),
    reset: (next: Lesson) => {
      setLesson(next);
      setErrors({});
    },
    clearErrors: () => setErrors({}),
    // The lesson as the API takes it, or null when the form shows what is wrong.
    check(existingParts: Part[] = [], extra: Record<string, string> = {}) {
      const found: Record<string, string> = { ...extra };
      if (!lesson.objective.trim()) found.objective = 'Write the lesson objective.';
      const parts = parseParts(lesson.parts, existingParts);
      if (typeof parts === 'string') found.parts = parts;
      setErrors(found);
      if (Object.keys(found).length > 0 || typeof parts === 'string') {
        focusSummary();
        return null;
      }
      return {
        objective: lesson.objective.trim(),
        standard: lesson.standard.trim(),
        parts,
        materials: lesson.materials.split('\n').map((line) => line.trim()).filter(Boolean),
      };
    },
    // Shows what the server refused. The server names each field with a
    // fragment ("is longer than 1000 characters") and repeats them all in its
    // message: each problem is shown once, as a sentence that names the field
    // (a part by its line), and the message only when no field is named.
    refused(error: unknown) {
      const fields: Record<string, string> = {};
      if (error instanceof ApiError) {
        for (const problem of error.fields) {
          const field = problem.field.replace(/[[.].*$/, '');
          const line = field === 'parts' ? /^parts\[(\d+)\]/.exec(problem.field)?.[1] : undefined;
          const name = `${PLAN_FIELDS[field] ?? humanize(field)}${line !== undefined ? `, line ${Number(line) + 1}:` : ''}`;
          fields[field] ??= sentence(`${name} ${problem.reason}`);
        }
      }
      setErrors(Object.keys(fields).length > 0 ? fields : { form: sentence(describeError(error)) });
      focusSummary();
    },
  };
}

type LessonForm = ReturnType<typeof useLessonForm>;

// The lesson's fields with the summary of their problems above them; what
// comes between (a notice, the date of a new plan) is the children. `prefix`
// starts the controls' ids.
function LessonFields({ form, prefix, title, children }: { form: LessonForm; prefix: string; title: string; children?: ComponentChildren }) {
  const { lesson, errors, change } = form;
  return (
    <>
      <ErrorSummary
        title={title}
        summary={form.summary}
        problems={Object.entries(errors).map(([field, reason]) => ({ target: field in PLAN_FIELDS ? `${prefix}-${field}` : undefined, message: reason }))}
      />
      {children}
      <Field id={`${prefix}-objective`} label="Objective" error={errors.objective}>
        {(control) => <input {...control} value={lesson.objective} onInput={(event) => change('objective', event.currentTarget.value)} />}
      </Field>
      <Field id={`${prefix}-standard`} label="Grade-level standard (optional)" error={errors.standard}>
        {(control) => <input {...control} value={lesson.standard} onInput={(event) => change('standard', event.currentTarget.value)} />}
      </Field>
      <Field id={`${prefix}-parts`} label="Parts of the lesson" hint='One per line: the part, a comma, its minutes. Example: "Independent practice, 20".' error={errors.parts}>
        {(control) => <textarea {...control} value={lesson.parts} onInput={(event) => change('parts', event.currentTarget.value)} />}
      </Field>
      <Field id={`${prefix}-materials`} label="Materials (optional)" hint="One per line." error={errors.materials}>
        {(control) => <textarea {...control} value={lesson.materials} onInput={(event) => change('materials', event.currentTarget.value)} />}
      </Field>
    </>
  );
}

function LessonPlanForm({ section, onPosted, onShowRecent }: { section: Section; onPosted: (plan: Plan) => void; onShowRecent: (planId: number) => void }) {
  // Today on a weekday, else the Monday after: the server takes a plan only
  // for a day the section meets.
  const [date, setDate] = useState(() => schoolDay(today()));
  const form = useLessonForm(NEW_LESSON);
  const [message, setMessage] = useState<{ text: string; late: boolean } | null>(null);
  // A plan just posted for a past date: the notice links to it among the recent lessons.
  const [pastPlan, setPastPlan] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setMessage(null);
    setPastPlan(null);
    const lesson = form.check([], date ? {} : { date: 'Choose the lesson date.' });
    if (!lesson) return;
    setBusy(true);
    try {
      // A plan is created as a draft, then submitted for the special educator's review.
      const created = await api.post<Json>('/plans', { section_id: section.id, date, ...lesson });
      const plan = planFromJson(await api.post<Json>(`/plans/${String(created.id)}/submit`, { version: created.version }));
      form.reset({ ...NEW_LESSON, parts: form.lesson.parts });
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
      form.refused(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="post-plan-title">
      <h2 id="post-plan-title">Post a lesson plan</h2>
      <LessonFields form={form} prefix="plan" title="The plan was not posted.">
        {message && (
          // Announced once, by announce(): a status role here as well made
          // some screen readers say it twice.
          <p class={'notice ' + (message.late ? 'notice-warn' : 'notice-good')}>
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
        <Field id="plan-date" label="Lesson date" error={form.errors.date}>
          {(control) => <input {...control} type="date" value={date} onInput={(event) => setDate(event.currentTarget.value)} />}
        </Field>
      </LessonFields>
      <button type="submit" class="button button-primary" disabled={busy}>
        {busy ? 'Posting…' : 'Post lesson plan'}
      </button>
    </form>
  );
}

// One lesson plan opened from the lists: a draft (never submitted, or
// returned by the special educator) to change and submit; a plan with the
// special educator, or published, to read. Its section is the plan's own,
// whatever the address names (`named`): a stale or mistaken address is
// corrected to it when it is one of the teacher's `sections`.
function OpenedPlan({ planId, section: named, sections }: { planId: number; section: Section; sections: Section[] }) {
  const load = useLoad(async () => {
    const read = await api.get<Json>(`/plans/${planId}`);
    const sectionId = planFromJson(read).sectionId;
    const section = sections.find((item) => item.id === sectionId) ?? (await fetchSection(sectionId).catch(() => ({ id: sectionId, course: 'Section', code: String(sectionId) })));
    return { read, section };
  }, [planId]);
  const section = load.state === 'ready' ? load.data.section : named;
  useEffect(() => {
    if (section.id !== named.id && sections.some((item) => item.id === section.id)) navigate(`/sections?section=${section.id}&plan=${planId}`, { replace: true });
  }, [section.id, named.id]);
  const back = `/sections?section=${section.id}`;
  return (
    <>
      <p>
        <a
          href={back}
          onClick={(event) => {
            event.preventDefault();
            navigate(back);
            queueMicrotask(() => document.querySelector<HTMLElement>('main h1')?.focus());
          }}
        >
          Back to the lessons of {section.course} ({section.code})
        </a>
      </p>
      <Loaded load={load} what="the lesson plan">
        {({ read }) => <PlanDetail read={read} section={section} onReload={load.reload} />}
      </Loaded>
    </>
  );
}

const WITH_SPECIAL_EDUCATOR = 'With the special educator for review: they adapt the lesson and give each adult a role. You can change it again if they return it to you.';
const PUBLISHED = 'Published: the review is done and the adults in the lesson have it. It no longer changes.';

function PlanDetail({ read: first, section, onReload }: { read: Json; section: Section; onReload: () => void }) {
  const [read, setRead] = useState(first);
  const plan = planFromJson(read);
  const form = useLessonForm(lessonOf(plan));
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [message, setMessage] = useState('');
  const [stale, setStale] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened (or read again), the plan takes focus.
  useEffect(() => heading.current?.focus(), []);

  const changed = JSON.stringify(form.lesson) !== JSON.stringify(lessonOf(plan));

  async function act(action: 'save' | 'submit') {
    setMessage('');
    setStale(false);
    form.clearErrors();
    const lesson = form.check(plan.parts);
    if (!lesson) return;
    setBusy(action);
    try {
      // What the lifecycle owns goes back as it was read.
      let current = read;
      if (action === 'save' || changed) {
        current = await api.put<Json>(`/plans/${plan.id}`, { ...read, ...lesson });
        setRead(current);
        form.reset(lessonOf(planFromJson(current)));
      }
      if (action === 'submit') {
        current = await api.post<Json>(`/plans/${plan.id}/submit`, { version: planFromJson(current).version });
        setRead(current);
        // The form goes (the plan is read-only now): focus stays with the plan.
        heading.current?.focus();
      }
      const saved = planFromJson(current);
      const said =
        action === 'save'
          ? `Changes to the lesson plan for ${saved.date} saved.`
          : `Lesson plan for ${saved.date} submitted for review.${saved.late ? ` It is flagged late: it was due ${saved.deadline}.` : ''}`;
      setMessage(said);
      announce(said);
    } catch (error) {
      if (isStale(error)) setStale(true);
      else form.refused(error);
    } finally {
      setBusy(null);
    }
  }

  const draft = plan.status === 'draft';
  return (
    <section class="card" aria-labelledby="opened-plan-title">
      <h2 id="opened-plan-title" ref={heading} tabIndex={-1}>
        Lesson plan for {plan.date}
      </h2>
      <p>
        <span class={'tag' + (plan.status === 'published' ? ' tag-good' : '')}>{words(plan.status)}</span> {plan.late && <span class="tag tag-bad">Submitted late</span>}{' '}
        <span class="meta">
          · {section.course} ({section.code})
        </span>
      </p>
      {/* Announced when it is said (the shell's live region speaks it once). */}
      {message && <p class="notice notice-good">{message}</p>}
      {stale && (
        <div class="notice notice-error" role="alert">
          <p>
            <strong>This plan was changed meanwhile.</strong> Someone changed it since you opened it, so your changes were not saved. Reload it to see the plan as it is now, then make your changes again.
          </p>
          <button type="button" class="button" onClick={onReload}>
            Reload the plan
          </button>
        </div>
      )}
      {draft ? (
        <form
          onSubmit={(event) => (event.preventDefault(), void act('save'))}
          noValidate
          aria-label={`Change the lesson plan for ${plan.date}`}
          aria-describedby={plan.returnReason ? 'opened-plan-returned' : undefined}
        >
          <ReturnReason plan={plan} id="opened-plan-returned" />
          <p class="meta">A draft: the special educator sees it once you submit it for review. The date and section stay as posted.</p>
          <LessonFields form={form} prefix="lesson" title="The changes were not saved." />
          <div class="actions">
            <button type="submit" class="button button-primary" disabled={busy !== null}>
              {busy === 'save' ? 'Saving…' : 'Save changes'}
            </button>
            <button type="button" class="button" disabled={busy !== null} onClick={() => void act('submit')}>
              {busy === 'submit' ? 'Submitting…' : changed ? 'Save and submit for review' : 'Submit for review'}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p class={'notice ' + (plan.status === 'published' ? 'notice-good' : 'notice-warn')}>{plan.status === 'published' ? PUBLISHED : WITH_SPECIAL_EDUCATOR}</p>
          <dl class="pairs">
            <dt>Objective</dt>
            <dd>{plan.objective}</dd>
            <dt>Grade-level standard</dt>
            <dd>{plan.standard || 'None given'}</dd>
            <dt>Parts of the lesson</dt>
            <dd>
              <ul>
                {plan.parts.map((part) => (
                  <li key={part.key}>
                    {part.description || part.key}, {part.minutes} minutes
                  </li>
                ))}
              </ul>
            </dd>
            <dt>Materials</dt>
            <dd>{plan.materials.length > 0 ? <ul>{plan.materials.map((item, index) => <li key={index}>{item}</li>)}</ul> : 'None listed'}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
