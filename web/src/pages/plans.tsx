// The special educator's and related service provider's review of the
// general educators' lesson plans (seed 000 "Service Delivery Plan"): per
// student the adaptations and the data to collect on an IEP goal, adapted
// lessons, and a role for every adult in the room in every part of the
// lesson; then the plan is marked reviewed and published, or returned to its
// teacher. The server decides who may do which activity; the form offers each
// adult only their role's activities and shows the server's refusals at the
// control they are about.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { ActionError, Empty, ErrorSummary, Field, type FormProblem, type Load, Loaded, PageHeading, describeError, sentence, useLoad } from '../components';
import { ApiError, api, itemsOf } from '../lib/api';
import { announce } from '../lib/announce';
import { words } from '../lib/brief';
import type { Json } from '../lib/json';
import { type AdaptedLesson, type DataToCollect, type Plan, type PlanAdult, type PlanRole, planFromJson, withReview } from '../lib/plans';
import { type Iep, fetchIep, fetchStudents } from '../lib/records';
import type { Session } from '../lib/session';

interface SectionInfo {
  id: number;
  name: string;
  schoolId: number;
}

async function fetchSection(id: number): Promise<SectionInfo> {
  const json = await api.get<Json>(`/sections/${id}`);
  return { id, name: `${String(json.course ?? '')} (${String(json.code ?? '')})`, schoolId: Number(json.school_id) };
}

async function fetchSections(ids: number[]): Promise<Map<number, SectionInfo>> {
  const unique = [...new Set(ids)];
  return new Map((await Promise.all(unique.map(fetchSection))).map((section) => [section.id, section]));
}

function teacherOf(plan: Plan): string {
  return plan.adults.find((adult) => adult.staffId === plan.authorId)?.name ?? `Staff ${plan.authorId}`;
}

export default function PlansPage({ params, session }: PageProps) {
  return params.id ? <PlanReview id={Number(params.id)} session={session} /> : <PlanList />;
}

// The plans waiting for a review (submitted) or for publishing (reviewed),
// soonest lesson first.
function PlanList() {
  const load = useLoad(async () => {
    const pages = await Promise.all(['submitted', 'reviewed'].map((status) => api.get('/plans', { status, limit: 500 })));
    const plans = pages
      .flatMap((page) => itemsOf<Json>(page))
      .map(planFromJson)
      .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
    return { plans, sections: await fetchSections(plans.map((plan) => plan.sectionId)) };
  }, []);
  return (
    <>
      <PageHeading title="Plans to review" />
      <p class="meta">Lesson plans the general educators have submitted: add what students with IEPs need and a role for every adult in the room, then publish.</p>
      <Loaded load={load} what="the plans to review">
        {({ plans, sections }) =>
          plans.length === 0 ? (
            <Empty>
              <p>
                <strong>No plans to review.</strong> A lesson plan appears here when its teacher submits it.
              </p>
            </Empty>
          ) : (
            <ul class="plain plan-list">
              {plans.map((plan) => (
                <li key={plan.id} class="card">
                  <h2>
                    <a href={`/plans/${plan.id}`}>
                      {sections.get(plan.sectionId)?.name ?? `Section ${plan.sectionId}`} on {plan.date}
                    </a>
                  </h2>
                  <p>
                    {plan.objective} <span class="meta">· {teacherOf(plan)}</span>
                  </p>
                  <p>
                    <StatusTags plan={plan} />
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

function StatusTags({ plan, status = plan.status }: { plan: Plan; status?: string }) {
  return (
    <>
      <span class={'tag' + (status === 'published' ? ' tag-good' : '')}>{words(status)}</span> {plan.late && <span class="tag tag-bad">Submitted late</span>}{' '}
      {plan.deadline && <span class="meta">Due {plan.deadline}</span>}
    </>
  );
}

interface Activity {
  activity: string;
  scope: string;
  description: string;
}

interface StaffMember {
  id: number;
  name: string;
  role: string;
}

interface PlanStudent {
  id: number;
  name: string;
  iep: Iep | null;
}

async function fetchCatalogue(): Promise<Activity[]> {
  return itemsOf<Json>(await api.get('/activities')).map((json) => ({
    activity: String(json.activity),
    scope: String(json.scope),
    description: String(json.description ?? ''),
  }));
}

// The school's staff who can be in a lesson (administrators have no
// classroom role), and the reviewer, who may work for the whole district.
async function fetchStaff(schoolId: number, session: Session): Promise<StaffMember[]> {
  const staff = itemsOf<Json>(await api.get('/staff', { school_id: schoolId, limit: 500 }))
    .map((json) => ({ id: Number(json.id), name: `${String(json.first_name ?? '')} ${String(json.last_name ?? '')}`.trim(), role: String(json.role) }))
    .filter((member) => member.role !== 'administrator');
  if (session.staffId && !staff.some((member) => member.id === session.staffId)) staff.unshift({ id: session.staffId, name: session.name, role: session.role });
  return staff;
}

// A para whom the school's published schedule puts in the lesson's room
// during the lesson, supporting students there: one entry per stretch of time.
interface ScheduledPara {
  staffId: number;
  name: string;
  room: string;
  start: string;
  end: string;
}

// A block of the lesson's time the published schedule gives a para
// somewhere else: students in another room, or a duty.
interface ElsewherePara extends ScheduledPara {
  kind: string;
}

// The published schedule during the lesson: the paras in its room, and the
// paras it has elsewhere then.
interface ScheduleAtLesson {
  inRoom: ScheduledPara[];
  elsewhere: ElsewherePara[];
}

async function fetchScheduledParas(planId: number): Promise<ScheduleAtLesson> {
  const answer = (await api.get<Json>(`/plans/${planId}/scheduled-paras`)) ?? {};
  const entries = (value: unknown) => (Array.isArray(value) ? (value as Json[]) : []);
  const para = (json: Json) => ({
    staffId: Number(json.staff_id),
    name: String(json.name ?? ''),
    room: String(json.room ?? ''),
    start: String(json.start ?? ''),
    end: String(json.end ?? ''),
  });
  return {
    inRoom: entries(answer.paras).map(para),
    elsewhere: entries(answer.elsewhere).map((json) => ({ ...para(json), kind: String(json.kind ?? '') })),
  };
}

// Where the schedule has a para instead, in words: "on break from 08:00 to
// 09:30", "with students in Room 9 from 09:00 to 09:50".
function elsewhereInWords(entry: ElsewherePara): string {
  const what = entry.kind === 'support' ? `with students in ${entry.room}` : entry.kind === 'other_duty' ? 'on another duty' : `on ${words(entry.kind).toLowerCase()}`;
  return `${what} from ${entry.start} to ${entry.end}`;
}

// The scheduled paras one per person, with every stretch of time they are there.
function byPara(list: ScheduledPara[]): { staffId: number; name: string; times: ScheduledPara[] }[] {
  const found = new Map<number, { staffId: number; name: string; times: ScheduledPara[] }>();
  for (const item of list) {
    const entry = found.get(item.staffId) ?? { staffId: item.staffId, name: item.name, times: [] };
    entry.times.push(item);
    found.set(item.staffId, entry);
  }
  return [...found.values()];
}

// The students the review is about: the section's students with an IEP the
// caller may read, and any other student the plan already names.
async function fetchPlanStudents(plan: Plan): Promise<PlanStudent[]> {
  const roster = await fetchStudents({ section_id: plan.sectionId });
  const named = new Set([
    ...plan.adaptations.map((item) => item.studentId),
    ...plan.dataToCollect.map((item) => item.studentId),
    ...plan.roles.flatMap((role) => role.studentIds),
    ...plan.adaptedLessons.flatMap((lesson) => lesson.studentIds),
  ]);
  const people = [...roster.map(({ id, name }) => ({ id, name })), ...[...named].filter((id) => !roster.some((student) => student.id === id)).map((id) => ({ id, name: `Student ${id}` }))];
  const ieps = await Promise.all(people.map((student) => fetchIep(student.id).catch(() => null)));
  return people.map((student, index) => ({ ...student, iep: ieps[index] ?? null })).filter((student) => student.iep || named.has(student.id));
}

function PlanReview({ id, session }: { id: number; session: Session }) {
  const load = useLoad(async () => {
    const read = await api.get<Json>(`/plans/${id}`);
    const plan = planFromJson(read);
    const [section, catalogue, students] = await Promise.all([fetchSection(plan.sectionId), fetchCatalogue(), fetchPlanStudents(plan)]);
    const staff = await fetchStaff(section.schoolId, session);
    return { read, plan, section, catalogue, students, staff };
  }, [id]);
  return (
    <>
      <PageHeading title="Review a lesson plan" />
      <p>
        <a href="/plans">Back to plans to review</a>
      </p>
      <Loaded load={load} what="the lesson plan">
        {(data) => <ReviewForm key={data.plan.id} session={session} {...data} />}
      </Loaded>
    </>
  );
}

const AUDIENCES: Record<string, string> = { whole_class: 'Whole class', rest_of_class: 'Rest of the class', small_group: 'Small group', individual: 'One student' };
// The audience after "with", where a role names no student.
const WITH: Record<string, string> = { whole_class: 'the whole class', rest_of_class: 'the rest of the class', small_group: 'a small group', individual: 'one student' };
const PRESENCES: Record<string, string> = { in_room: 'In the room', planning_only: 'Planning only' };
const METHODS = ['percent_of_trials', 'prompt_level', 'frequency', 'rate', 'duration', 'latency', 'rubric_score'];
const ADAPTATION_KINDS = ['accommodation', 'adaptation', 'modification'];
const IEP_OWNERS = ['special_educator', 'related_service_provider'];
// The activities that are given from an adapted lesson a licensed educator prepared.
const NEEDS_ADAPTED_LESSON = ['deliver_sdi', 'teach_prepared_small_group_lesson'];

// The catalogue's activities an adult of `role` may be given
// (rules/role_boundaries.h): a para only those a para may do, a general
// educator none that belong to the IEP's owner, an administrator none.
function activitiesFor(role: string, catalogue: Activity[]): Activity[] {
  if (role === 'paraeducator') return catalogue.filter((item) => item.scope === 'para_allowed');
  if (role === 'general_educator') return catalogue.filter((item) => item.scope !== 'iep_owner_only');
  if (IEP_OWNERS.includes(role)) return catalogue;
  return [];
}

type Keyed<T> = T & { key: string };
type RoleRow = Keyed<PlanRole>;

let rowCount = 0;
const newKey = (prefix: string) => `${prefix}${++rowCount}`;
const keyed = <T,>(prefix: string, items: T[]): Keyed<T>[] => items.map((item) => ({ ...item, key: newKey(prefix) }));

// The row of an adult's (first) role in a part: its key is the pair's, so a
// problem the server finds with a missing role can point at it.
const pairKey = (staffId: number, part: string) => `${staffId}-${part.replace(/[^\w-]/g, '_')}`;

function blankRole(staffId: number, part: string): RoleRow {
  return { key: pairKey(staffId, part), staffId, part, activity: '', audience: 'whole_class', studentIds: [], supervisorId: null, adaptedLesson: '', note: '' };
}

function rolesOf(plan: Plan): RoleRow[] {
  const seen = new Set<string>();
  return plan.roles.map((role) => {
    const pair = pairKey(role.staffId, role.part);
    const key = seen.has(pair) ? newKey('role') : pair;
    seen.add(pair);
    return { ...role, key };
  });
}

// A list of rows the form edits: each change marks the review changed.
function useRows<T extends { key: string }>(initial: () => T[], touch: () => void) {
  const [rows, setRows] = useState(initial);
  return {
    rows,
    add(row: T) {
      setRows((list) => [...list, row]);
      touch();
    },
    change(key: string, patch: Partial<T>) {
      setRows((list) => list.map((row) => (row.key === key ? { ...row, ...patch } : row)));
      touch();
    },
    remove(key: string) {
      setRows((list) => list.filter((row) => row.key !== key));
      touch();
    },
  };
}

type Action = 'save' | 'review' | 'publish' | 'return';
const ACTION_LABELS: Record<Action, string> = { save: 'Save', review: 'Mark reviewed', publish: 'Publish', return: 'Return to teacher' };
const ACTION_FAILED: Record<Action, string> = { save: 'save the review', review: 'mark the plan reviewed', publish: 'publish the plan', return: 'return the plan to its teacher' };
const ACTION_DONE: Record<Action, string> = {
  save: 'Review saved.',
  review: 'Plan marked reviewed. Publish it when it is ready for the room.',
  publish: 'Plan published: the adults in the room see their roles in their day.',
  return: 'Plan returned to its teacher as a draft, with what to change.',
};

// The API takes a return's reason of up to this many characters.
const REASON_MAX = 2000;
const REASON_LABEL = 'What the teacher should change';

// What is wrong with the reason for returning a plan, or nothing.
function reasonProblem(reason: string): string | undefined {
  const text = reason.trim();
  if (!text) return 'Write it before returning the plan; the teacher sees it on their draft.';
  if (text.length > REASON_MAX) return `Keep it to ${REASON_MAX.toLocaleString('en-US')} characters (it has ${text.length.toLocaleString('en-US')}).`;
  return undefined;
}

// The order in which the review's lists were sent, so a problem the server
// names by position (`roles[2].activity`) finds its control.
interface Sent {
  adults: number[];
  roles: string[];
  data: string[];
  adaptations: string[];
  lessons: string[];
}

function ReviewForm({
  session,
  read: initialRead,
  plan,
  section,
  catalogue,
  students,
  staff,
}: {
  session: Session;
  read: Json;
  plan: Plan;
  section: SectionInfo;
  catalogue: Activity[];
  students: PlanStudent[];
  staff: StaffMember[];
}) {
  const [read, setRead] = useState(initialRead);
  const [version, setVersion] = useState(plan.version);
  const [status, setStatus] = useState(plan.status);
  const [dirty, setDirty] = useState(false);
  const touch = () => setDirty(true);
  const [adults, setAdults] = useState<PlanAdult[]>(plan.adults);
  const roles = useRows<RoleRow>(() => rolesOf(plan), touch);
  const data = useRows<Keyed<DataToCollect>>(() => keyed('data', plan.dataToCollect), touch);
  const adaptations = useRows<Keyed<Plan['adaptations'][number]>>(() => keyed('adapt', plan.adaptations), touch);
  const lessons = useRows<Keyed<AdaptedLesson> & { serverKey: string }>(() => plan.adaptedLessons.map((lesson) => ({ ...lesson, serverKey: lesson.key, key: newKey('lesson') })), touch);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [failure, setFailure] = useState<{ action: Action; error: unknown } | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<Action | null>(null);
  const [adding, setAdding] = useState<number | null>(null);
  // Returning the plan asks first what the teacher should change.
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const returnButton = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLParagraphElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  // Opened, the reason takes focus.
  useEffect(() => {
    if (returning) reasonField.current?.focus();
  }, [returning]);
  // A suggestion to help the review, not part of it: the page works without it.
  const scheduled = useLoad(() => fetchScheduledParas(plan.id), [plan.id]);

  const inRoom = adults.filter((adult) => adult.presence === 'in_room');
  const studentName = (id: number) => students.find((student) => student.id === id)?.name ?? `Student ${id}`;
  const adultName = (id: number) => adults.find((adult) => adult.staffId === id)?.name || staff.find((member) => member.id === id)?.name || `Staff ${id}`;
  const partName = (key: string) => plan.parts.find((part) => part.key === key)?.description || key;
  const rowsFor = (staffId: number, part: string) => {
    const found = roles.rows.filter((row) => row.staffId === staffId && row.part === part);
    return found.length > 0 ? found : [blankRole(staffId, part)];
  };
  const changeRole = (row: RoleRow, patch: Partial<RoleRow>) => (roles.rows.some((item) => item.key === row.key) ? roles.change(row.key, patch) : roles.add({ ...row, ...patch }));

  // The roles sent: those chosen, of adults in the room, part by part.
  const chosenRoles = () => plan.parts.flatMap((part) => inRoom.flatMap((adult) => roles.rows.filter((row) => row.staffId === adult.staffId && row.part === part.key && row.activity)));

  function addAdult(staffId: number, presence: string, known?: StaffMember) {
    const member = staff.find((item) => item.id === staffId) ?? known;
    if (!member || adults.some((adult) => adult.staffId === staffId)) return;
    setAdults((list) => [...list, { staffId, name: member.name, role: member.role, presence }]);
    touch();
  }

  function addLesson() {
    const taken = new Set(lessons.rows.map((lesson) => lesson.serverKey));
    let number = lessons.rows.length + 1;
    while (taken.has(`lesson-${number}`)) number += 1;
    // The reviewer prepares the lesson, so they are one of the plan's adults.
    if (session.staffId) addAdult(session.staffId, 'planning_only');
    lessons.add({ key: newKey('lesson'), serverKey: `lesson-${number}`, preparedBy: session.staffId ?? 0, studentIds: [], title: '', content: '' });
  }

  // Where a problem the server names by its field path is shown, and how it reads.
  function locate(field: string, reason: string, sent: Sent): FormProblem {
    const found = /^(\w+)\[(\d+)\](?:\.(\w+))?/.exec(field);
    const [, list = '', index = '0', sub = ''] = found ?? [];
    const at = Number(index);
    const said = sentence(reason);
    if (list === 'roles' && sent.roles[at]) {
      const row = roles.rows.find((item) => item.key === sent.roles[at]);
      const control = ({ student_ids: 'students', supervisor_id: 'supervisor', adapted_lesson: 'lesson', audience: 'audience' } as Record<string, string>)[sub] ?? 'activity';
      return { target: `role-${sent.roles[at]}-${control}`, message: `${row ? `${adultName(row.staffId)}, ${partName(row.part)}` : field}: ${said}` };
    }
    if (list === 'data_to_collect' && sent.data[at]) {
      const row = data.rows.find((item) => item.key === sent.data[at]);
      const control = ({ method: 'method', how: 'how', collector_id: 'collector' } as Record<string, string>)[sub] ?? 'goal';
      return { target: `data-${sent.data[at]}-${control}`, message: `Data to collect for ${row ? studentName(row.studentId) : 'a student'}: ${said}` };
    }
    if (list === 'adaptations' && sent.adaptations[at]) {
      const row = adaptations.rows.find((item) => item.key === sent.adaptations[at]);
      return { target: `adapt-${sent.adaptations[at]}-${sub === 'kind' ? 'kind' : 'description'}`, message: `Adaptation for ${row ? studentName(row.studentId) : 'a student'}: ${said}` };
    }
    if (list === 'adapted_lessons' && sent.lessons[at]) {
      const control = ({ content: 'content', student_ids: 'students' } as Record<string, string>)[sub] ?? 'title';
      return { target: `lesson-${sent.lessons[at]}-${control}`, message: `Adapted lesson ${at + 1}: ${said}` };
    }
    if (list === 'adults' && sent.adults[at] !== undefined) {
      const staffId = sent.adults[at]!;
      // "has no role in part 'key'": the adult's role in that part.
      const part = /part '([^']*)'/.exec(reason)?.[1];
      if (!sub && part !== undefined && plan.parts.some((item) => item.key === part)) {
        return { target: `role-${rowsFor(staffId, part)[0]!.key}-activity`, message: `${adultName(staffId)}, ${partName(part)}: ${said}` };
      }
      return { target: `adult-${staffId}-presence`, message: `${adultName(staffId)}: ${said}` };
    }
    if (field === 'reason') return { target: 'return-reason', message: `${REASON_LABEL}: ${said}` };
    return { message: `${field}: ${said}` };
  }

  async function act(action: Action) {
    setFailure(null);
    setProblems([]);
    setMessage('');
    // A plan goes back to its teacher only with what to change.
    const refused = action === 'return' ? reasonProblem(reason) : undefined;
    if (refused) {
      setProblems([{ target: 'return-reason', message: `${REASON_LABEL}: ${refused}` }]);
      queueMicrotask(() => summary.current?.focus());
      return;
    }
    setBusy(action);
    const chosen = chosenRoles();
    const sent: Sent = {
      adults: adults.map((adult) => adult.staffId),
      roles: chosen.map((row) => row.key),
      data: data.rows.map((row) => row.key),
      adaptations: adaptations.rows.map((row) => row.key),
      lessons: lessons.rows.map((row) => row.key),
    };
    try {
      let current = version;
      if (action === 'save' || dirty) {
        const body = withReview(read, {
          adults,
          roles: chosen,
          dataToCollect: data.rows,
          adaptations: adaptations.rows,
          adaptedLessons: lessons.rows.map((lesson) => ({ ...lesson, key: lesson.serverKey })),
        });
        const saved = await api.put<Json>(`/plans/${plan.id}`, { ...body, version: current });
        current = accept(saved);
      }
      if (action !== 'save') accept(await api.post<Json>(`/plans/${plan.id}/${action}`, action === 'return' ? { version: current, reason: reason.trim() } : { version: current }));
      setMessage(ACTION_DONE[action]);
      if (action === 'return') {
        // The buttons go with the plan's status: focus moves to what was
        // done, which says it (announcing it as well would say it twice).
        setReturning(false);
        setReason('');
        queueMicrotask(() => done.current?.focus());
      } else {
        announce(ACTION_DONE[action]);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 422 && error.fields.length > 0) {
        setProblems(error.fields.map((problem) => locate(problem.field, problem.reason, sent)));
        queueMicrotask(() => summary.current?.focus());
      } else {
        setFailure({ action, error });
      }
    } finally {
      setBusy(null);
    }
  }

  // Takes the plan as the server answered: its version and status, and the
  // adults' names from the roster.
  function accept(answer: Json): number {
    const fresh = planFromJson(answer);
    setRead(answer);
    setVersion(fresh.version);
    setStatus(fresh.status);
    setAdults(fresh.adults);
    setDirty(false);
    return fresh.version;
  }

  // The problems the server found, by control.
  const errorAt = (target: string) =>
    problems
      .filter((problem) => problem.target === target)
      .map((problem) => problem.message.slice(problem.message.indexOf(': ') + 2))
      .join(' ') || undefined;

  // A draft (never submitted, or returned) is its teacher's to change until
  // they submit it: the reviewer reads the lesson and changes nothing.
  const draft = status === 'draft';
  const returned = draft ? planFromJson(read).returnReason : null;
  const actions: Action[] = ['save', ...(status === 'submitted' ? (['review'] as const) : []), ...(status === 'reviewed' ? (['publish'] as const) : []), ...(['submitted', 'reviewed'].includes(status) ? (['return'] as const) : [])];
  const supervisors = adults.filter((adult) => IEP_OWNERS.includes(adult.role) || adult.role === 'general_educator');
  const addable = staff.filter((member) => !adults.some((adult) => adult.staffId === member.id));
  const notice = message && (
    // Said once, by announce() or by taking focus: a status role here as
    // well made some screen readers say it twice.
    <p class="notice notice-good" tabIndex={-1} ref={done}>
      {message} {['published', 'draft'].includes(status) && <a href="/plans">Back to plans to review</a>}
    </p>
  );

  if (draft) {
    return (
      <>
        <LessonCard plan={plan} section={section} status={status} returned={returned} />
        <ReviewSoFar plan={planFromJson(read)} students={students} adultName={adultName} />
        {notice}
      </>
    );
  }
  return (
    <>
      <LessonCard plan={plan} section={section} status={status} returned={returned} />

      <form
        noValidate
        aria-labelledby="review-title"
        onSubmit={(event) => {
          event.preventDefault();
          void act('save');
        }}
      >
        <h2 id="review-title">Your review</h2>
        <ErrorSummary title="The plan was not changed." problems={problems} summary={summary} />

        <section class="card" aria-labelledby="adults-title">
          <h3 id="adults-title">Adults in the lesson</h3>
          <ul class="plain adults">
            {adults.map((adult) => (
              <li key={adult.staffId}>
                <NameSelect
                  id={`adult-${adult.staffId}-presence`}
                  label={`${adult.name || adultName(adult.staffId)} (${words(adult.role).toLowerCase()})`}
                  names={Object.keys(PRESENCES)}
                  labels={PRESENCES}
                  value={adult.presence}
                  error={errorAt(`adult-${adult.staffId}-presence`)}
                  onChange={(presence) => {
                    setAdults((list) => list.map((item) => (item.staffId === adult.staffId ? { ...item, presence } : item)));
                    touch();
                  }}
                />
                <ScheduledElsewhere load={scheduled} adult={adult} name={adult.name || adultName(adult.staffId)} />
                {adult.staffId !== plan.authorId && adult.staffId !== read.reviewer_id && (
                  <button
                    type="button"
                    class="button button-small"
                    onClick={() => {
                      setAdults((list) => list.filter((item) => item.staffId !== adult.staffId));
                      touch();
                    }}
                  >
                    Remove <span class="visually-hidden">{adult.name} from the plan</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
          <ScheduledParas
            load={scheduled}
            adults={adults}
            onAdd={(para) => {
              addAdult(para.staffId, 'in_room', { id: para.staffId, name: para.name, role: 'paraeducator' });
              // The button goes with the suggestion: focus moves to the para's place in the lesson.
              queueMicrotask(() => document.getElementById(`adult-${para.staffId}-presence`)?.focus());
            }}
          />
          {addable.length > 0 && (
            <div class="add-row">
              <AdultSelect
                id="add-adult"
                label="Add an adult in the room"
                hint="The para or educator who will be in this lesson."
                none="Choose a person"
                adults={addable.map((member) => ({ staffId: member.id, name: member.name, role: member.role, presence: 'in_room' }))}
                value={adding}
                onChange={setAdding}
              />
              <button
                type="button"
                class="button"
                disabled={!adding}
                onClick={() => {
                  if (adding) addAdult(adding, 'in_room');
                  setAdding(null);
                }}
              >
                Add to the lesson
              </button>
            </div>
          )}
        </section>

        <section class="card" aria-labelledby="roles-title">
          <h3 id="roles-title">Who does what</h3>
          <p class="meta">Every adult in the room has a role in every part of the lesson.</p>
          {plan.parts.map((part) => (
            <section key={part.key} aria-labelledby={`part-${pairKey(0, part.key)}`}>
              <h4 id={`part-${pairKey(0, part.key)}`}>
                {part.description || part.key} ({part.minutes} min)
              </h4>
              {inRoom.map((adult) =>
                rowsFor(adult.staffId, part.key).map((row) => (
                  <RoleFields
                    key={row.key}
                    row={row}
                    adult={adult}
                    legend={`${adult.name}, ${part.description || part.key}`}
                    activities={activitiesFor(adult.role, catalogue)}
                    students={students}
                    supervisors={supervisors.filter((item) => item.staffId !== adult.staffId)}
                    lessons={lessons.rows}
                    errorAt={errorAt}
                    onChange={(patch) => changeRole(row, patch)}
                  />
                )),
              )}
            </section>
          ))}
        </section>

        <section class="card" aria-labelledby="students-title">
          <h3 id="students-title">Students with IEPs</h3>
          {students.length === 0 && <p>No student of this section has an IEP you can see.</p>}
          {students.map((student) => (
            <section key={student.id} class="student" aria-labelledby={`student-${student.id}`}>
              <h4 id={`student-${student.id}`}>{student.name}</h4>
              {student.iep && student.iep.accommodations.length > 0 && (
                <details>
                  <summary>Accommodations in the IEP</summary>
                  <ul>
                    {student.iep.accommodations.map((item) => (
                      <li key={item.id}>{item.description}</li>
                    ))}
                  </ul>
                </details>
              )}
              {adaptations.rows
                .filter((row) => row.studentId === student.id)
                .map((row) => (
                  <fieldset key={row.key}>
                    <legend>Adaptation for {student.name}</legend>
                    <NameSelect id={`adapt-${row.key}-kind`} label="Kind" names={ADAPTATION_KINDS} value={row.kind} error={errorAt(`adapt-${row.key}-kind`)} onChange={(kind) => adaptations.change(row.key, { kind })} />
                    <Field id={`adapt-${row.key}-description`} label="What to do" error={errorAt(`adapt-${row.key}-description`)}>
                      {(control) => <textarea {...control} value={row.description} onInput={(event) => adaptations.change(row.key, { description: event.currentTarget.value })} />}
                    </Field>
                    <RemoveButton what={`this adaptation for ${student.name}`} onClick={() => adaptations.remove(row.key)} />
                  </fieldset>
                ))}
              {data.rows
                .filter((row) => row.studentId === student.id)
                .map((row) => (
                  <DataFields key={row.key} row={row} student={student} collectors={inRoom} errorAt={errorAt} onChange={(patch) => data.change(row.key, patch)} onRemove={() => data.remove(row.key)} />
                ))}
              <div class="actions">
                <button type="button" class="button" onClick={() => adaptations.add({ key: newKey('adapt'), studentId: student.id, kind: 'accommodation', description: '' })}>
                  Add an adaptation <span class="visually-hidden">for {student.name}</span>
                </button>
                <button
                  type="button"
                  class="button"
                  disabled={!student.iep || student.iep.goals.length === 0}
                  onClick={() => {
                    const goal = student.iep?.goals[0];
                    data.add({ key: newKey('data'), studentId: student.id, goalId: goal?.id ?? 0, method: goal?.measurement || 'percent_of_trials', how: '', collectorId: null });
                  }}
                >
                  Add data to collect <span class="visually-hidden">for {student.name}</span>
                </button>
              </div>
            </section>
          ))}
        </section>

        <section class="card" aria-labelledby="lessons-title">
          <h3 id="lessons-title">Adapted lessons</h3>
          <p class="meta">A lesson you prepare for another adult, usually a para, to deliver: a para delivers specially designed instruction only from one.</p>
          {lessons.rows.map((lesson, index) => (
            <fieldset key={lesson.key}>
              <legend>
                Adapted lesson {index + 1}
                {lesson.preparedBy ? `, prepared by ${adultName(lesson.preparedBy)}` : ''}
              </legend>
              <Field id={`lesson-${lesson.key}-title`} label="Title" error={errorAt(`lesson-${lesson.key}-title`)}>
                {(control) => <input {...control} value={lesson.title} onInput={(event) => lessons.change(lesson.key, { title: event.currentTarget.value })} />}
              </Field>
              <Field id={`lesson-${lesson.key}-content`} label="The lesson" error={errorAt(`lesson-${lesson.key}-content`)}>
                {(control) => <textarea {...control} value={lesson.content} onInput={(event) => lessons.change(lesson.key, { content: event.currentTarget.value })} />}
              </Field>
              <StudentChoice id={`lesson-${lesson.key}-students`} legend="For" students={students} chosen={lesson.studentIds} multiple error={errorAt(`lesson-${lesson.key}-students`)} onChange={(studentIds) => lessons.change(lesson.key, { studentIds })} />
              <RemoveButton what={`adapted lesson ${index + 1}`} onClick={() => lessons.remove(lesson.key)} />
            </fieldset>
          ))}
          <button type="button" class="button" onClick={addLesson}>
            Add an adapted lesson
          </button>
        </section>

        {notice}
        <div class="actions">
          {actions.map((action) =>
            action === 'return' ? (
              // Opens the question of what the teacher should change; the plan goes back from there.
              <button
                key={action}
                type="button"
                class="button"
                ref={returnButton}
                disabled={busy !== null}
                aria-expanded={returning ? 'true' : 'false'}
                aria-controls="return-panel"
                onClick={() => setReturning(!returning)}
              >
                {ACTION_LABELS[action]}
              </button>
            ) : (
              <button
                key={action}
                type={action === 'save' ? 'submit' : 'button'}
                class={'button' + (action === 'publish' || action === 'review' ? ' button-primary' : '')}
                disabled={busy !== null}
                aria-describedby={failure?.action === action ? 'action-error' : undefined}
                onClick={action === 'save' ? undefined : () => void act(action)}
              >
                {busy === action ? 'Working…' : ACTION_LABELS[action]}
              </button>
            ),
          )}
        </div>
        {returning && actions.includes('return') && (
          <fieldset id="return-panel" class="card return-panel">
            <legend>Return the plan to {teacherOf(plan)}</legend>
            <Field id="return-reason" label={REASON_LABEL} hint={`The teacher sees it at the top of their draft. The plan goes back as a draft${dirty ? ', with your review saved first' : ''}.`} error={errorAt('return-reason')}>
              {(control) => <textarea {...control} ref={reasonField} required rows={4} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
            </Field>
            <div class="actions">
              <button type="button" class="button button-primary" disabled={busy !== null} aria-describedby={failure?.action === 'return' ? 'action-error' : undefined} onClick={() => void act('return')}>
                {busy === 'return' ? 'Working…' : 'Return the plan'}
              </button>
              <button
                type="button"
                class="button"
                disabled={busy !== null}
                onClick={() => {
                  setReturning(false);
                  setProblems((list) => list.filter((problem) => problem.target !== 'return-reason'));
                  queueMicrotask(() => returnButton.current?.focus());
                }}
              >
                Cancel <span class="visually-hidden">returning the plan</span>
              </button>
            </div>
          </fieldset>
        )}
        {failure && <ActionError id="action-error" error={failure.error} failed={ACTION_FAILED[failure.action]} />}
      </form>
    </>
  );
}

// The teacher's lesson as they wrote it, with the plan's status; a draft says
// it is with its teacher, and why it was returned (`returned`).
function LessonCard({ plan, section, status, returned }: { plan: Plan; section: SectionInfo; status: string; returned: string | null }) {
  return (
    <section class="card" aria-labelledby="lesson-title">
      <h2 id="lesson-title">
        {section.name} on {plan.date}
      </h2>
      <p>
        <StatusTags plan={plan} status={status} /> <span class="meta">· by {teacherOf(plan)}</span>
      </p>
      {status === 'draft' && (
        <p class="notice notice-warn">
          <strong>With its teacher.</strong> This plan is a draft: {teacherOf(plan)} changes it until they submit it for review, and then you review it here.
        </p>
      )}
      {returned && (
        <p class="notice notice-warn return-reason">
          <strong>Returned to the teacher:</strong> <span class="reason-text">{returned}</span>
        </p>
      )}
      <dl class="pairs">
        <dt>Objective</dt>
        <dd>{plan.objective}</dd>
        {plan.standard && (
          <>
            <dt>Standard</dt>
            <dd>{plan.standard}</dd>
          </>
        )}
        <dt>Parts</dt>
        <dd>
          <ol class="parts">
            {plan.parts.map((part) => (
              <li key={part.key}>
                {part.description || part.key}, {part.minutes} min
              </li>
            ))}
          </ol>
        </dd>
        {plan.materials.length > 0 && (
          <>
            <dt>Materials</dt>
            <dd>{plan.materials.join(', ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

// An adapted lesson by its title, or by its place in the plan while it has none.
const lessonTitle = (title: string, index: number) => title || `Adapted lesson ${index + 1}`;

// The review as it was saved, read-only, for a draft with its teacher (one
// returned keeps the review done before): the parts filled in, in the order
// of the review form, and none of the form's controls.
function ReviewSoFar({ plan, students, adultName }: { plan: Plan; students: PlanStudent[]; adultName: (id: number) => string }) {
  const studentName = (id: number) => students.find((student) => student.id === id)?.name ?? `Student ${id}`;
  const names = (ids: number[]) => ids.map(studentName).join(', ');
  const reviewed = students.filter((student) => plan.adaptations.some((item) => item.studentId === student.id) || plan.dataToCollect.some((item) => item.studentId === student.id));
  const lessonTitleOf = (key: string) => {
    const index = plan.adaptedLessons.findIndex((lesson) => lesson.key === key);
    return index < 0 ? key : lessonTitle(plan.adaptedLessons[index]!.title, index);
  };
  // Who does what, part by part, each adult in the order the plan lists them.
  const parts = plan.parts
    .map((part) => ({ part, roles: plan.adults.flatMap((adult) => plan.roles.filter((role) => role.part === part.key && role.staffId === adult.staffId)) }))
    .filter(({ roles }) => roles.length > 0);
  if (parts.length === 0 && reviewed.length === 0 && plan.adaptedLessons.length === 0) return null;
  return (
    <section aria-labelledby="review-so-far-title">
      <h2 id="review-so-far-title">The review so far</h2>
      <p class="meta">As it was last saved. The plan is with its teacher: you change the review once they submit it again.</p>

      <Titled id="review-so-far-adults" title="Adults in the lesson">
        <ul>
          {plan.adults.map((adult) => (
            <li key={adult.staffId}>
              {adult.name || adultName(adult.staffId)} ({words(adult.role).toLowerCase()}): {(PRESENCES[adult.presence] ?? words(adult.presence)).toLowerCase()}
            </li>
          ))}
        </ul>
      </Titled>

      {parts.length > 0 && (
        <Titled id="review-so-far-roles" title="Who does what">
          {parts.map(({ part, roles }) => (
            <Titled key={part.key} id={`review-so-far-part-${pairKey(0, part.key)}`} title={`${part.description || part.key} (${part.minutes} min)`} level={4}>
              <ul>
                {roles.map((role, index) => (
                  <li key={index}>
                    <strong>{adultName(role.staffId)}</strong>: {words(role.activity)}, with {role.studentIds.length > 0 ? names(role.studentIds) : (WITH[role.audience] ?? words(role.audience).toLowerCase())}
                    {role.supervisorId !== null && `; directed by ${adultName(role.supervisorId)}`}
                    {role.adaptedLesson && `; from the adapted lesson “${lessonTitleOf(role.adaptedLesson)}”`}
                    {role.note && `; ${role.note}`}
                  </li>
                ))}
              </ul>
            </Titled>
          ))}
        </Titled>
      )}

      {reviewed.length > 0 && (
        <Titled id="review-so-far-students" title="Students with IEPs">
          {reviewed.map((student) => {
            const adaptations = plan.adaptations.filter((item) => item.studentId === student.id);
            const data = plan.dataToCollect.filter((item) => item.studentId === student.id);
            const goalName = (id: number) => {
              const goal = student.iep?.goals.find((item) => item.id === id);
              return goal ? `${words(goal.area)}: ${goal.statement}` : `Goal ${id}`;
            };
            return (
              <Titled key={student.id} id={`review-so-far-student-${student.id}`} title={student.name} level={4} class="student">
                {adaptations.length > 0 && (
                  <>
                    <h5>Adaptations</h5>
                    <ul>
                      {adaptations.map((item, index) => (
                        <li key={index}>
                          <strong>{words(item.kind)}</strong>: <span class="reason-text">{item.description}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                {data.length > 0 && <h5>Data to collect</h5>}
                {data.map((item, index) => (
                  <dl key={index} class="pairs">
                    <dt>IEP goal</dt>
                    <dd>{goalName(item.goalId)}</dd>
                    <dt>Method</dt>
                    <dd>{words(item.method)}</dd>
                    {item.how && (
                      <>
                        <dt>How</dt>
                        <dd>{item.how}</dd>
                      </>
                    )}
                    {item.collectorId !== null && (
                      <>
                        <dt>Collected by</dt>
                        <dd>{adultName(item.collectorId)}</dd>
                      </>
                    )}
                  </dl>
                ))}
              </Titled>
            );
          })}
        </Titled>
      )}

      {plan.adaptedLessons.length > 0 && (
        <Titled id="review-so-far-lessons" title="Adapted lessons">
          {plan.adaptedLessons.map((lesson, index) => (
            <Titled key={lesson.key} id={`review-so-far-lesson-${index}`} title={lessonTitle(lesson.title, index)} level={4}>
              <p class="meta">
                For {lesson.studentIds.length > 0 ? names(lesson.studentIds) : 'no student named yet'}
                {lesson.preparedBy ? `, prepared by ${adultName(lesson.preparedBy)}` : ''}
              </p>
              <p class="reason-text">{lesson.content}</p>
            </Titled>
          ))}
        </Titled>
      )}
    </section>
  );
}

// A part of the review read-only, named by its heading: a card under the
// review's heading (level 3), or a part of a card (level 4).
function Titled({ id, title, level = 3, class: className, children }: { id: string; title: string; level?: 3 | 4; class?: string; children: ComponentChildren }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <section class={className ?? (level === 3 ? 'card' : undefined)} aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </section>
  );
}

// The paras the published schedule has in the lesson's room during the
// lesson, each with a button that adds them to the lesson's adults (until
// they are among them). Nothing while loading; one quiet line when nobody is
// scheduled there or the schedule cannot be read, and the reviewer adds the
// para from the staff list below.
function ScheduledParas({ load, adults, onAdd }: { load: Load<ScheduleAtLesson>; adults: PlanAdult[]; onAdd: (para: { staffId: number; name: string }) => void }) {
  if (load.state === 'loading') return null;
  if (load.state === 'error') return <p class="meta">The published schedule could not be read: {sentence(describeError(load.error))}</p>;
  const paras = byPara(load.data.inRoom);
  if (paras.length === 0) return <p class="meta">The published schedule has no para in this room during the lesson.</p>;
  const times = (list: ScheduledPara[]) => list.map((item) => `in ${item.room} from ${item.start} to ${item.end}`).join(' and ');
  return (
    <ul class="plain scheduled-paras" aria-label="Paras on the published schedule">
      {paras.map((para) => (
        <li key={para.staffId}>
          <p>
            The published schedule has {para.name} {times(para.times)}.
            {adults.some((adult) => adult.staffId === para.staffId) && (
              <>
                {' '}
                <span class="tag tag-good">In the lesson</span>
              </>
            )}
          </p>
          {!adults.some((adult) => adult.staffId === para.staffId) && (
            <button type="button" class="button" onClick={() => onAdd(para)}>
              Add {para.name} to the lesson
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

// An adult of the lesson whom the published schedule has somewhere else
// during it: given a role here, they would be needed in two places.
function ScheduledElsewhere({ load, adult, name }: { load: Load<ScheduleAtLesson>; adult: PlanAdult; name: string }) {
  if (load.state !== 'ready' || adult.presence !== 'in_room') return null;
  const blocks = load.data.elsewhere.filter((entry) => entry.staffId === adult.staffId);
  if (blocks.length === 0) return null;
  return (
    <p class="notice notice-warn scheduled-elsewhere">
      The published schedule has {name} {blocks.map(elsewhereInWords).join(' and ')}, during this lesson. In the room here they would be needed in two places: agree with the coordinator which comes first.
    </p>
  );
}

// One of the API's names for a kind of thing, in plain words (or `labels`).
function NameSelect({ id, label, names, labels = {}, value, error, onChange }: { id: string; label: string; names: string[]; labels?: Record<string, string>; value: string; error?: string; onChange: (name: string) => void }) {
  return (
    <Field id={id} label={label} error={error}>
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
          {names.map((name) => (
            <option key={name} value={name}>
              {labels[name] ?? words(name)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

// One of the adults, or nobody.
function AdultSelect({
  id,
  label,
  hint,
  none = 'Nobody named',
  adults,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  none?: string;
  adults: PlanAdult[];
  value: number | null;
  error?: string;
  onChange: (staffId: number | null) => void;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} value={value ?? ''} onChange={(event) => onChange(event.currentTarget.value ? Number(event.currentTarget.value) : null)}>
          <option value="">{none}</option>
          {adults.map((adult) => (
            <option key={adult.staffId} value={adult.staffId}>
              {adult.name} ({words(adult.role).toLowerCase()})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function RemoveButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <button type="button" class="button button-small" onClick={onClick}>
      Remove <span class="visually-hidden">{what}</span>
    </button>
  );
}

// Students to choose for a role or an adapted lesson: one (radios) or several
// (check boxes), in a group the error summary can take focus to.
function StudentChoice({ id, legend, students, chosen, multiple, error, onChange }: { id: string; legend: string; students: PlanStudent[]; chosen: number[]; multiple: boolean; error?: string; onChange: (ids: number[]) => void }) {
  return (
    <fieldset id={id} tabIndex={-1} class={error ? 'field-invalid' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {students.length === 0 && <p class="meta">No student with an IEP you can see.</p>}
      {students.map((student) => (
        <div class="check" key={student.id}>
          <input
            id={`${id}-${student.id}`}
            type={multiple ? 'checkbox' : 'radio'}
            name={id}
            checked={chosen.includes(student.id)}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              onChange(multiple ? (on ? [...chosen, student.id] : chosen.filter((item) => item !== student.id)) : [student.id]);
            }}
          />
          <label for={`${id}-${student.id}`}>{student.name}</label>
        </div>
      ))}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function RoleFields({
  row,
  adult,
  legend,
  activities,
  students,
  supervisors,
  lessons,
  errorAt,
  onChange,
}: {
  row: RoleRow;
  adult: PlanAdult;
  legend: string;
  activities: Activity[];
  students: PlanStudent[];
  supervisors: PlanAdult[];
  lessons: (AdaptedLesson & { serverKey: string })[];
  errorAt: (target: string) => string | undefined;
  onChange: (patch: Partial<RoleRow>) => void;
}) {
  const id = (control: string) => `role-${row.key}-${control}`;
  const chosen = activities.find((item) => item.activity === row.activity);
  const hint = chosen ? sentence(chosen.description) : adult.role === 'paraeducator' ? 'Only the activities a para may do under direction are offered.' : undefined;
  return (
    <fieldset class="role">
      <legend>{legend}</legend>
      {activities.length === 0 ? (
        <p id={id('activity')} tabIndex={-1}>
          A {words(adult.role).toLowerCase()} is not given classroom roles: make them planning only.
        </p>
      ) : (
        <Field id={id('activity')} label="Activity" hint={hint} error={errorAt(id('activity'))}>
          {(control) => (
            <select {...control} value={row.activity} onChange={(event) => onChange({ activity: event.currentTarget.value })}>
              <option value="">Choose an activity</option>
              {activities.map((item) => (
                <option key={item.activity} value={item.activity}>
                  {words(item.activity)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <NameSelect
        id={id('audience')}
        label="With"
        names={Object.keys(AUDIENCES)}
        labels={AUDIENCES}
        value={row.audience}
        error={errorAt(id('audience'))}
        onChange={(audience) => {
          const group = audience === 'small_group' || audience === 'individual';
          onChange({ audience, studentIds: group ? row.studentIds.slice(0, audience === 'individual' ? 1 : undefined) : [] });
        }}
      />
      {(row.audience === 'small_group' || row.audience === 'individual' || row.studentIds.length > 0) && (
        <StudentChoice id={id('students')} legend="Students" students={students} chosen={row.studentIds} multiple={row.audience !== 'individual'} error={errorAt(id('students'))} onChange={(studentIds) => onChange({ studentIds })} />
      )}
      {adult.role === 'paraeducator' && (
        <AdultSelect id={id('supervisor')} label="Directed by" adults={supervisors} value={row.supervisorId} error={errorAt(id('supervisor'))} onChange={(supervisorId) => onChange({ supervisorId })} />
      )}
      {(NEEDS_ADAPTED_LESSON.includes(row.activity) || row.adaptedLesson) && (
        <Field id={id('lesson')} label="Adapted lesson" hint={lessons.length === 0 ? 'Add an adapted lesson below first.' : undefined} error={errorAt(id('lesson'))}>
          {(control) => (
            <select {...control} value={row.adaptedLesson} onChange={(event) => onChange({ adaptedLesson: event.currentTarget.value })}>
              <option value="">None</option>
              {lessons.map((lesson, index) => (
                <option key={lesson.key} value={lesson.serverKey}>
                  {lessonTitle(lesson.title, index)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}

function DataFields({
  row,
  student,
  collectors,
  errorAt,
  onChange,
  onRemove,
}: {
  row: Keyed<DataToCollect>;
  student: PlanStudent;
  collectors: PlanAdult[];
  errorAt: (target: string) => string | undefined;
  onChange: (patch: Partial<DataToCollect>) => void;
  onRemove: () => void;
}) {
  const id = (control: string) => `data-${row.key}-${control}`;
  const goals = student.iep?.goals ?? [];
  return (
    <fieldset>
      <legend>Data to collect on {student.name}</legend>
      <Field id={id('goal')} label="IEP goal" error={errorAt(id('goal'))}>
        {(control) => (
          <select
            {...control}
            value={row.goalId || ''}
            onChange={(event) => {
              const goal = goals.find((item) => item.id === Number(event.currentTarget.value));
              onChange({ goalId: goal?.id ?? 0, method: goal?.measurement || row.method });
            }}
          >
            <option value="">Choose a goal</option>
            {goals.map((goal) => (
              <option key={goal.id} value={goal.id}>
                {words(goal.area)}: {goal.statement}
              </option>
            ))}
          </select>
        )}
      </Field>
      <NameSelect id={id('method')} label="Method" names={METHODS} value={row.method} error={errorAt(id('method'))} onChange={(method) => onChange({ method })} />
      <Field id={id('how')} label="How" hint='For example "Ten trials during independent practice; record the prompt level".' error={errorAt(id('how'))}>
        {(control) => <input {...control} value={row.how} onInput={(event) => onChange({ how: event.currentTarget.value })} />}
      </Field>
      <AdultSelect id={id('collector')} label="Collected by" adults={collectors} value={row.collectorId} error={errorAt(id('collector'))} onChange={(collectorId) => onChange({ collectorId })} />
      <RemoveButton what={`this data to collect on ${student.name}`} onClick={onRemove} />
    </fieldset>
  );
}
