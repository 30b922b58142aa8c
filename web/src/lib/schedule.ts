// The paraeducator schedule of one school and day as the API returns it:
// where each para is in each block and with whom, and every student need
// that could not be covered, with its reason.
import { api, itemsOf } from './api';
import { type Json, list, number, text } from './json';

function nameOf(value: unknown, fallback: string): string {
  if (typeof value === 'string' && value) return value;
  const object = (value ?? {}) as Json;
  return text(object.name) || [text(object.first_name), text(object.last_name)].filter(Boolean).join(' ') || fallback;
}

export interface Cell {
  kind: string; // support, break, lunch, data_entry, other_duty, free
  room: string;
  roomId: number; // 0 when the para is in no room
  students: string[];
  studentIds: number[]; // in the order of `students`; the ids the caller may see
}

export interface Uncovered {
  student: string;
  block: string;
  need: string;
  reason: string;
  reasonCode: string; // no_qualified_para, no_qualified_para_free, group_limit
  skills: string[]; // what the need asks of the adult, in words, e.g. math intervention, AAC
  newly: boolean; // on a re-plan or a week's update: the schedule it changes covered this need
}

// An IEP service the week gives fewer minutes in its setting than the IEP
// requires: a fact of the week, the same whichever day is shown.
export interface ShortService {
  student: string; // "A student" when the caller may not see who
  type: string; // the service's code, e.g. math_support
  setting: string; // the setting's code, e.g. general_education_classroom
  required: number; // minutes a week the IEP requires
  makeup: number; // make-up owed this week for sessions missed in earlier weeks
  scheduled: number; // minutes a week the schedule gives in that setting
  daysAbsent: number; // school days of the week the student is marked absent
}

export interface Change {
  block: string;
  para: string;
  before: string;
  after: string;
}

export interface Schedule {
  id: string;
  kind: string; // week or replan
  status: string;
  date: string;
  blocks: string[];
  // Each block shown ("08:00–09:30") and its id ("mon-0800"), by which a
  // change by hand names it.
  blockIds: Map<string, string>;
  paras: { id: number; name: string }[];
  cells: Map<string, Cell>; // `${paraId}|${block}`
  uncovered: Uncovered[];
  changes: Change[];
  objective: string;
  week: string; // the Monday of the week planned
  // The week's IEP services short of their minutes, the largest shortfall
  // first (for a published schedule, the week as its paras work it);
  // undefined when the server does not say.
  shortServices?: ShortService[];
  absent: number[]; // every para away on the day shown
  returned?: number; // the para back at work, on a re-plan that takes their absence back
  // On a week's update (the week made again with the fewest changes): the
  // published schedule it updates; its changes and newly uncovered needs are
  // against that one.
  updatedFrom?: number;
  // A re-plan's week: the schedule whose day it re-plans.
  baseId?: number;
  // A published re-plan: the paras whose day it changes, each with when they
  // read the change on My day (Unix seconds), or null while they have not.
  told?: { id: number; name: string; seenAt: number | null }[];
}

function blockKey(json: Json): string {
  const span = (json.span ?? {}) as Json;
  const start = text(json.start ?? span.start ?? json.block_start);
  const end = text(json.end ?? span.end ?? json.block_end);
  return start && end ? `${start}–${end}` : text(json.block ?? json.block_id ?? json.period);
}

export function scheduleFromJson(json: Json): Schedule {
  const plan = ((json.plan ?? json.schedule ?? json) as Json) ?? {};
  const paras = new Map<number, string>();
  list(plan.paras ?? json.paras).forEach((para) => paras.set(number(para.id ?? para.staff_id), nameOf(para, `Para ${text(para.id ?? para.staff_id)}`)));
  const cells = new Map<string, Cell>();
  const blocks = new Set<string>(list(plan.blocks).map(blockKey));
  const blockIds = new Map<string, string>();
  for (const block of [...list(plan.blocks), ...list(plan.assignments)]) {
    const id = text(block.id ?? block.block);
    if (id && block.start !== undefined) blockIds.set(blockKey(block), id);
  }
  for (const assignment of list(plan.assignments)) {
    const paraId = number(assignment.para_id ?? assignment.staff_id);
    if (!paras.has(paraId)) paras.set(paraId, nameOf(assignment.para, `Para ${paraId}`));
    const block = blockKey(assignment);
    blocks.add(block);
    const key = `${paraId}|${block}`;
    const students = list(assignment.students).map((student) => nameOf(student, `Student ${text(student.id)}`));
    const studentIds = list(assignment.students).map((student) => number(student.id));
    const previous = cells.get(key);
    cells.set(key, {
      kind: text(assignment.kind ?? assignment.activity) || 'support',
      room: nameOf(assignment.room, text(assignment.room_name)),
      roomId: number((assignment.room as Json | undefined)?.id ?? assignment.room_id),
      students: [...(previous?.students ?? []), ...students],
      studentIds: [...(previous?.studentIds ?? []), ...studentIds],
    });
  }
  const uncovered = list(plan.uncovered ?? json.uncovered).map((need) => ({
    student: nameOf(need.student, text(need.student_name) || `Student ${text(need.student_id)}`),
    block: blockKey(need),
    need: text(need.need ?? need.kind ?? need.support),
    reason: text(need.reason ?? need.why),
    reasonCode: text(need.reason_code),
    // The server's words for the skills (skill_names), the codes otherwise.
    skills: (Array.isArray(need.skill_names) ? need.skill_names : Array.isArray(need.skills) ? need.skills : [])
      .map(text)
      .filter(Boolean),
    newly: need.newly_uncovered === true,
  }));
  const changes = list(json.changes ?? plan.changes).map((change) => ({
    block: blockKey(change),
    para: nameOf(change.para, text(change.para_name) || `Para ${text(change.para_id)}`),
    before: text(change.before ?? change.from),
    after: text(change.after ?? change.to),
  }));
  return {
    id: text(plan.id ?? json.id),
    kind: text(plan.kind ?? json.kind) || 'week',
    status: text(plan.status ?? json.status),
    date: text(plan.date ?? json.date),
    blocks: [...blocks].filter(Boolean).sort(),
    blockIds,
    paras: [...paras.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    cells,
    uncovered,
    changes,
    objective: text(json.summary ?? plan.summary),
    week: text(json.week ?? plan.week),
    shortServices: shortServicesOf(json.short_services ?? plan.short_services),
    absent: Array.isArray(json.absent_staff_ids) ? (json.absent_staff_ids as unknown[]).map(number) : [],
    returned: json.returned_staff_id === undefined ? undefined : number(json.returned_staff_id),
    updatedFrom: json.updated_from_id === undefined || json.updated_from_id === null ? undefined : number(json.updated_from_id),
    baseId: json.base_id === undefined || json.base_id === null ? undefined : number(json.base_id),
    told: Array.isArray(json.paras_told)
      ? list(json.paras_told).map((para) => ({ id: number(para.staff_id), name: text(para.name), seenAt: para.seen_at === null || para.seen_at === undefined ? null : number(para.seen_at) }))
      : undefined,
  };
}

function shortServicesOf(value: unknown): ShortService[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return list(value).map((service) => ({
    student: text(service.student_name) || 'A student',
    type: text(service.type),
    setting: text(service.setting),
    required: number(service.minutes_per_week),
    makeup: typeof service.makeup_minutes === 'number' ? service.makeup_minutes : 0,
    scheduled: number(service.scheduled_minutes),
    daysAbsent: typeof service.days_absent === 'number' ? service.days_absent : 0,
  }));
}

// What a coordinator can act on in a list of uncovered needs: how many for
// each reason, and the skills no para at work had, most needed first
// (training or hiring a para with them would cover those blocks).
export interface UncoveredSummary {
  noQualified: number;
  allBusy: number;
  groupsFull: number;
  missingSkills: { skill: string; blocks: number }[];
}

export function summarizeUncovered(needs: Uncovered[]): UncoveredSummary {
  const missing = new Map<string, number>();
  let noQualified = 0;
  let allBusy = 0;
  let groupsFull = 0;
  for (const need of needs) {
    if (need.reasonCode === 'no_qualified_para') {
      noQualified += 1;
      for (const skill of need.skills) missing.set(skill, (missing.get(skill) ?? 0) + 1);
    } else if (need.reasonCode === 'no_qualified_para_free') {
      allBusy += 1;
    } else if (need.reasonCode === 'group_limit') {
      groupsFull += 1;
    }
  }
  const missingSkills = [...missing.entries()]
    .map(([skill, blocks]) => ({ skill, blocks }))
    .sort((a, b) => b.blocks - a.blocks || a.skill.localeCompare(b.skill));
  return { noQualified, allBusy, groupsFull, missingSkills };
}

export interface School {
  id: number;
  name: string;
}

// The schools a coordinator may schedule. Every school of the district is
// listed to everyone; a school's own administrator (`schoolId`) may schedule
// only that school (the server refuses the others), so only it is given.
export async function schedulableSchools(schoolId: number | null): Promise<School[]> {
  const list = itemsOf<Json>(await api.get('/schools', { limit: 500 })).map((json) => ({ id: Number(json.id), name: String(json.name ?? '') }));
  return schoolId === null ? list : list.filter((school) => school.id === schoolId);
}
