// The para's daily brief from `GET /api/v1/me/day?date=`: each block with
// its room, the para's role, and for each student only what the para
// implements. Read defensively so a missing part shows as "none" instead of
// breaking the page a para needs in the middle of a lesson.
import { type Json, list, number, text } from './json';

export interface BriefGoal {
  id: number;
  statement: string;
  method: string;
  how: string;
  unit: string;
}

export interface BriefService {
  id: number;
  type: string;
  minutes: number;
  period: string;
  setting: string;
}

export interface BriefAccommodation {
  id: number;
  kind: string;
  description: string;
}

export interface BriefRegulationLevel {
  level: number;
  studentSigns: string;
  staffResponse: string;
}

export interface BriefStudent {
  id: number;
  name: string;
  adaptations: { kind: string; description: string }[];
  adaptedLessons: { title: string; content: string }[];
  supports: string[];
  services: BriefService[];
  accommodations: BriefAccommodation[];
  regulationPlan: BriefRegulationLevel[];
  goals: BriefGoal[];
}

export interface BriefRole {
  part: string;
  minutes: number;
  activity: string;
  audience: string;
  studentIds: number[];
  supervisor: string;
  note: string;
}

export interface BriefBlock {
  key: string;
  // 'plan' for a published plan's lesson; for a block of the published
  // schedule with no plan, its kind: support, lunch, break or data_entry.
  source: string;
  start: string;
  end: string;
  activity: string;
  objective: string;
  room: string;
  roles: BriefRole[];
  students: BriefStudent[];
  // A scheduled block the day's re-plan changed: where the para usually is
  // then, in words ("lunch", "with students in Room 12").
  usual?: string;
  // A lesson: the published schedule's blocks during it that have the para
  // somewhere else (another room, or a duty), in words ("08:00–09:30:
  // break"). Empty when the schedule agrees or says nothing then.
  elsewhere?: string[];
}

// A block of the para's day that differs from their usual week, in words:
// "10:00–10:50: data entry (usually free)".
export interface ScheduleChange {
  start: string;
  end: string;
  said: string;
}

export interface Brief {
  date: string;
  blocks: BriefBlock[];
  changes: ScheduleChange[];
  // A day a published re-plan changed: when the para said they read the
  // changes (Unix seconds), or null while they have not.
  changesSeenAt?: number | null;
}

// Where a para is in a scheduled block, in words for a sentence.
function placeInWords(kind: string, room: string): string {
  if (kind === 'support') return room ? `with students in ${room}` : 'with students';
  if (kind === 'other_duty') return 'another duty';
  return words(kind).toLowerCase();
}

// The students usually with the para in a changed block who are marked
// absent that day, as a clause: "a student you usually support is absent
// today". Empty when none is.
function absentClause(usual: Json): string {
  const absent = typeof usual.students_absent === 'number' ? usual.students_absent : 0;
  if (absent <= 0) return '';
  return absent === 1 ? 'a student you usually support then is absent today' : `${absent} students you usually support then are absent today`;
}

// Where the para usually is in a scheduled block the re-plan changed, in
// words for "Usually ...": the same room with other students says so, and
// a student of theirs marked absent is said.
function usualOf(slot: Json): string | undefined {
  if (!slot.usual || typeof slot.usual !== 'object') return undefined;
  const usual = slot.usual as Json;
  const kind = text(usual.kind);
  const room = text(usual.room);
  const absent = absentClause(usual);
  const place = kind === 'support' && text(slot.kind) === 'support' && room === text(slot.room) ? `with other students in ${room}` : placeInWords(kind, room);
  return absent ? `${place}: ${absent}` : place;
}

// The blocks the day's published re-plan changed from the para's usual week
// (each with `usual`), whether or not a lesson's plan shows the block.
function changesOf(json: Json): ScheduleChange[] {
  return list(json.schedule)
    .filter((slot) => slot.usual && typeof slot.usual === 'object')
    .map((slot) => {
      const [start, end] = spanOf(slot);
      const usual = slot.usual as Json;
      const kind = text(slot.kind);
      const room = text(slot.room);
      const sameStudents = kind === text(usual.kind) && room === text(usual.room);
      const now = placeInWords(kind, room);
      const absent = absentClause(usual);
      const said = sameStudents ? `${now}, with different students than usual` : `${now} (usually ${placeInWords(text(usual.kind), text(usual.room))})`;
      return { start, end, said: absent ? `${said}: ${absent}` : said };
    });
}

function nameOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = (value ?? {}) as Json;
  return text(object.name) || [text(object.first_name), text(object.last_name)].filter(Boolean).join(' ');
}

function student(json: Json): BriefStudent {
  return {
    id: number(json.id ?? json.student_id),
    name: nameOf(json) || `Student ${text(json.id ?? json.student_id)}`,
    adaptations: list(json.adaptations).map((item) => ({ kind: text(item.kind), description: text(item.description) })),
    adaptedLessons: list(json.adapted_lessons).map((item) => ({ title: text(item.title), content: text(item.content) })),
    supports: list(json.supports).map((support) => (typeof support === 'string' ? support : text(support.type ?? support.description))),
    services: list(json.services).map((service) => ({
      id: number(service.id ?? service.service_id),
      type: text(service.type),
      minutes: number(service.minutes),
      period: text(service.period),
      setting: text(service.setting),
    })),
    accommodations: list(json.accommodations).map((accommodation) => ({
      id: number(accommodation.id),
      kind: text(accommodation.kind),
      description: text(accommodation.description),
    })),
    regulationPlan: list(json.regulation_plan ?? json.regulation_levels).map((level) => ({
      level: number(level.level),
      studentSigns: text(level.student_signs),
      staffResponse: text(level.staff_response),
    })),
    goals: list(json.goals).map((goal) => ({
      id: number(goal.id ?? goal.goal_id),
      statement: text(goal.statement),
      method: text(goal.method ?? goal.measurement),
      how: text(goal.how),
      unit: text(goal.unit),
    })),
  };
}

function rolesOf(json: Json): BriefRole[] {
  const roles = json.roles ?? json.role;
  if (typeof roles === 'string') return [{ part: '', minutes: 0, activity: roles, audience: '', studentIds: [], supervisor: '', note: '' }];
  if (!Array.isArray(roles)) return [];
  return (roles as unknown[]).map((item) => {
    if (typeof item === 'string') return { part: '', minutes: 0, activity: item, audience: '', studentIds: [], supervisor: '', note: '' };
    const role = (item ?? {}) as Json;
    return {
    part: text(role.part_description ?? role.part),
    minutes: number(role.minutes),
    activity: text(role.activity ?? role.role),
    audience: text(role.audience),
    studentIds: Array.isArray(role.student_ids) ? (role.student_ids as unknown[]).map(number) : [],
    supervisor: text(role.supervisor_name) || (role.supervisor && typeof role.supervisor === 'object' ? nameOf(role.supervisor) : text(role.supervisor)),
    note: text(role.note),
    };
  });
}

// A block's times: `start`/`end`, a `span` object, or a "08:30-09:15" span.
function spanOf(block: Json): [string, string] {
  const span = block.span;
  if (typeof span === 'string') {
    const [start = '', end = ''] = span.split(/[-–]/);
    return [start.trim(), end.trim()];
  }
  const object = (span ?? {}) as Json;
  return [text(block.start ?? object.start), text(block.end ?? object.end)];
}

// The published schedule's blocks that no published plan's lesson overlaps:
// where the para is and with whom (or which duty) when no plan says more.
function scheduledBlocks(json: Json, lessons: BriefBlock[]): BriefBlock[] {
  const overlaps = (start: string, end: string) => lessons.some((lesson) => lesson.start < end && start < lesson.end);
  return list(json.schedule)
    .map((slot) => {
      const [start, end] = spanOf(slot);
      const kind = text(slot.kind);
      return {
        key: `schedule-${text(slot.block) || start}`,
        source: kind,
        start,
        end,
        activity: kind === 'support' ? 'Support' : words(kind),
        objective: '',
        room: text(slot.room),
        roles: [],
        students: list(slot.students).map(student),
        usual: usualOf(slot),
      };
    })
    .filter((slot) => !overlaps(slot.start, slot.end));
}

// The published schedule's blocks during a lesson that put the para
// anywhere but the lesson's room: a plan and the schedule that disagree,
// which the para has to ask about. A block with students in the lesson's
// room agrees; one the re-plan freed says nothing.
function elsewhereDuring(json: Json, start: string, end: string, roomId: unknown, room: string): string[] {
  return list(json.schedule)
    .filter((slot) => {
      const [from, to] = spanOf(slot);
      if (!(from < end && start < to)) return false;
      const kind = text(slot.kind);
      if (kind === 'free') return false;
      if (kind !== 'support') return true;
      const sameRoom = roomId !== undefined && roomId !== null && slot.room_id !== undefined && slot.room_id !== null ? number(roomId) === number(slot.room_id) : text(slot.room) === room;
      return !sameRoom;
    })
    .map((slot) => {
      const [from, to] = spanOf(slot);
      return `${from}–${to}: ${placeInWords(text(slot.kind), text(slot.room))}`;
    });
}

export function briefFromJson(json: unknown, date: string): Brief {
  const object = (json ?? {}) as Json;
  const lessons = list(object.blocks).map((block, index) => {
    const [start, end] = spanOf(block);
    const room = nameOf(block.room) || text(block.room_name);
    return {
      key: `${index}-${text(block.plan_id) || start}`,
      source: 'plan',
      start,
      end,
      activity: text(block.course ?? block.activity) || nameOf(block.section),
      objective: text(block.objective),
      room,
      roles: rolesOf(block),
      students: list(block.students).map(student),
      elsewhere: elsewhereDuring(object, start, end, block.room_id, room),
    };
  });
  const blocks = [...lessons, ...scheduledBlocks(object, lessons)].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const seen = object.changes_seen_at;
  return {
    date: text(object.date) || date,
    blocks,
    changes: changesOf(object),
    changesSeenAt: seen === undefined ? undefined : seen === null ? null : number(seen),
  };
}

// Plain words for the API's stable names, for people reading on a phone.
const WORDS: Record<string, string> = {
  deliver_sdi: 'Deliver specially designed instruction',
  reteach: 'Re-teach',
  preteach: 'Pre-teach',
  teach_prepared_small_group_lesson: 'Teach the prepared small-group lesson',
  prompt_and_fade: 'Prompt, then fade prompts',
  provide_reinforcement: 'Give reinforcement',
  monitor_independent_work: 'Monitor independent work',
  support_whole_class: 'Support the whole class',
  lead_extension_activity: 'Lead the extension activity',
  support_accommodations: 'Support accommodations',
  support_assistive_technology: 'Support assistive technology',
  support_regulation_plan: 'Support the regulation plan',
  support_self_monitoring: 'Support self-monitoring',
  support_personal_care: 'Personal care',
  collect_data: 'Collect data',
  supervise_non_instructional_setting: 'Supervise (non-instructional)',
  percent_of_trials: 'percent of trials',
  prompt_level: 'prompt level',
  rubric_score: 'rubric score',
  general_education_classroom: 'general education classroom',
  special_education_setting: 'special education setting',
};

export function words(name: string): string {
  if (!name) return '';
  return WORDS[name] ?? name.charAt(0).toUpperCase() + name.slice(1).replace(/_/g, ' ');
}

export const PROMPT_LEVELS = ['independent', 'gestural', 'verbal', 'model', 'partial_physical', 'full_physical'] as const;
export type PromptLevel = (typeof PROMPT_LEVELS)[number];
