// Reading the roster, IEP and capture records the licensed educators' pages
// need, in the API's JSON shapes (stable snake_case enum names, ISO dates).
import { ApiError, api, itemsOf } from './api';
import { type Json, list, number, text } from './json';

export interface Student {
  id: number;
  name: string;
  grade: string;
  schoolId: number;
}

export function studentFromJson(json: Json): Student {
  return {
    id: number(json.id),
    name: [text(json.first_name), text(json.last_name)].filter(Boolean).join(' ') || text(json.name) || `Student ${text(json.id)}`,
    grade: text(json.grade),
    schoolId: number(json.school_id),
  };
}

export interface Service {
  id: number;
  type: string;
  minutes: number;
  period: string;
  setting: string;
  delivery: string;
}

export interface Goal {
  id: number;
  area: string;
  statement: string;
  measurement: string;
  baseline: number;
  target: number;
  unit: string;
  targetDate: string;
}

export interface Accommodation {
  id: number;
  kind: string;
  description: string;
}

export interface Iep {
  id: number;
  studentId: number;
  status: string;
  start: string;
  end: string;
  services: Service[];
  goals: Goal[];
  accommodations: Accommodation[];
  // A one-to-one para designation, with the day the IEP team is to review it.
  oneToOne: { justification: string; start: string; nextReview: string } | null;
}

export function iepFromJson(json: Json): Iep {
  return {
    id: number(json.id),
    studentId: number(json.student_id),
    status: text(json.status),
    start: text(json.start),
    end: text(json.end),
    services: list(json.services).map((service) => ({
      id: number(service.id),
      type: text(service.type),
      minutes: number(service.minutes),
      period: text(service.period),
      setting: text(service.setting),
      delivery: text(service.delivery),
    })),
    goals: list(json.goals).map((goal) => ({
      id: number(goal.id),
      area: text(goal.area),
      statement: text(goal.statement),
      measurement: text(goal.measurement ?? goal.method),
      baseline: number(goal.baseline),
      target: number(goal.target),
      unit: text(goal.unit),
      targetDate: text(goal.target_date),
    })),
    accommodations: list(json.accommodations).map((accommodation) => ({
      id: number(accommodation.id),
      kind: text(accommodation.kind),
      description: text(accommodation.description),
    })),
    oneToOne:
      json.one_to_one && typeof json.one_to_one === 'object'
        ? { justification: text((json.one_to_one as Json).justification), start: text((json.one_to_one as Json).start), nextReview: text((json.one_to_one as Json).next_review) }
        : null,
  };
}

export interface Trial {
  prompt: string;
  result: string;
}

// A captured record as the licensed educators' pages read it.
export interface Capture {
  id: string;
  kind: string;
  studentId: number;
  recordedBy: number;
  recordedByName: string;
  createdAt: string;
  review: string;
  version: number;
  date: string;
  // Service sessions.
  serviceId: number;
  minutes: number;
  outcome: string;
  start: string;
  providerId: number;
  missedReason: string;
  // The missed session a make-up session makes up ('' for none).
  makesUp: string;
  // Goal observations.
  goalId: number;
  method: string;
  trials: Trial[];
  count: number;
  observationMinutes: number;
  durations: number[];
  rubricScore: number | null;
  rubricMax: number;
  // Fidelity checks.
  accommodationId: number;
  note: string;
  raw: Json;
}

export function captureFromJson(json: Json): Capture {
  // The kind's fields may sit beside the envelope or inside `body`/`data`.
  const body = { ...json, ...((json.body ?? json.data ?? {}) as Json) };
  const recorder = body.recorded_by;
  return {
    id: text(json.id ?? json.client_id),
    kind: text(json.kind ?? body.kind),
    studentId: number(json.student_id),
    recordedBy: typeof recorder === 'object' && recorder ? number((recorder as Json).id) : number(recorder),
    recordedByName: typeof recorder === 'object' && recorder ? text((recorder as Json).name) : text(body.recorded_by_name),
    createdAt: text(json.created_at),
    review: text(json.review ?? json.review_state),
    version: number(json.version),
    date: text(body.date) || text(json.created_at).slice(0, 10),
    serviceId: number(body.service_id),
    minutes: number(body.minutes),
    outcome: text(body.outcome),
    start: text(body.start),
    providerId: number(body.provider_id),
    missedReason: text(body.missed_reason),
    makesUp: text(body.makes_up),
    goalId: number(body.goal_id),
    method: text(body.method),
    trials: list(body.trials).map((trial) => ({ prompt: text(trial.prompt), result: text(trial.result) })),
    count: number(body.count),
    observationMinutes: number(body.observation_minutes),
    durations: (Array.isArray(body.durations_seconds) ? body.durations_seconds : Array.isArray(body.latencies_seconds) ? body.latencies_seconds : []) as number[],
    rubricScore: typeof body.rubric_score === 'number' ? body.rubric_score : null,
    rubricMax: number(body.rubric_max),
    accommodationId: number(body.accommodation_id),
    note: text(body.note),
    raw: json,
  };
}

// The students on a licensed educator's caseload: a special educator's by
// case manager; a related service provider's are those the server lets them
// see (the students they serve).
export function caseloadQuery(session: { role: string; staffId: number | null }): Record<string, number | undefined> {
  return session.role === 'special_educator' ? { case_manager_id: session.staffId ?? undefined } : {};
}

export async function fetchStudents(query: Record<string, string | number | undefined>): Promise<Student[]> {
  return itemsOf<Json>(await api.get('/students', { limit: 500, ...query })).map(studentFromJson);
}

export async function fetchStudent(id: number): Promise<Student> {
  return studentFromJson(await api.get<Json>(`/students/${id}`));
}

// The student's IEP in effect: the active one, else the newest.
export async function fetchIep(studentId: number): Promise<Iep | null> {
  const ieps = itemsOf<Json>(await api.get(`/students/${studentId}/ieps`)).map(iepFromJson);
  return ieps.find((iep) => iep.status === 'active') ?? ieps.sort((a, b) => b.start.localeCompare(a.start))[0] ?? null;
}

export async function fetchCaptures(query: Record<string, string | number | undefined>): Promise<Capture[]> {
  return itemsOf<Json>(await api.get('/captures', { limit: 1000, ...query })).map(captureFromJson);
}

// Monday and Sunday of the week holding `date` (YYYY-MM-DD).
export function weekOf(date: string): { from: string; to: string } {
  const day = new Date(date + 'T12:00:00Z');
  const offset = (day.getUTCDay() + 6) % 7;
  const monday = new Date(day.getTime() - offset * 86400000);
  const sunday = new Date(monday.getTime() + 6 * 86400000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

// A block of the school's published para schedule, as a student's week
// gives it: when and where, and the para there (none when nobody covers it).
export interface ScheduledBlock {
  block: string;
  date: string;
  start: string;
  end: string;
  room: string;
  staffId: number | null;
  staffName: string;
  // For a service's block: the minutes of it that go to the service (a
  // block shared with another of the student's services gives each a part).
  minutes: number | null;
}

// One IEP service that paras deliver, with the minutes the week's schedule
// gives it in its setting (each covered block's minutes counted once among
// the student's services, up to what is due) and the blocks that give them.
export interface ScheduledService {
  serviceId: number;
  type: string;
  setting: string;
  minutesPerWeek: number;
  // Minutes missed in earlier weeks (the provider away, a school event) that
  // this week owes on top of the IEP's, as the schedule was made.
  makeupMinutes: number;
  scheduledMinutes: number;
  blocks: ScheduledBlock[];
}

// A block the student needs adult support in; `uncoveredReason` says, in the
// coordinator's words, why no para covers it (null when one does).
export interface AdultSupportBlock extends ScheduledBlock {
  need: string;
  uncoveredReason: string | null;
}

// A student's week as the school's paras work it: the published schedule
// with each day's published re-plan in place. `scheduleId` is null when
// nothing is published for the week; the lists are then empty.
export interface StudentSchedule {
  studentId: number;
  week: string;
  scheduleId: number | null;
  services: ScheduledService[];
  adultSupport: AdultSupportBlock[];
}

function scheduledBlockFromJson(json: Json): ScheduledBlock {
  return {
    block: text(json.block),
    date: text(json.date),
    start: text(json.start),
    end: text(json.end),
    room: text(json.room),
    staffId: typeof json.staff_id === 'number' ? json.staff_id : null,
    staffName: text(json.staff_name),
    minutes: typeof json.minutes === 'number' ? json.minutes : null,
  };
}

export function studentScheduleFromJson(json: Json): StudentSchedule {
  return {
    studentId: number(json.student_id),
    week: text(json.week),
    scheduleId: typeof json.schedule_id === 'number' ? json.schedule_id : null,
    services: list(json.services).map((service) => ({
      serviceId: number(service.service_id),
      type: text(service.type),
      setting: text(service.setting),
      minutesPerWeek: number(service.minutes_per_week),
      makeupMinutes: typeof service.makeup_minutes === 'number' ? service.makeup_minutes : 0,
      scheduledMinutes: number(service.scheduled_minutes),
      blocks: list(service.blocks).map(scheduledBlockFromJson),
    })),
    adultSupport: list(json.adult_support).map((support) => ({
      ...scheduledBlockFromJson(support),
      need: text(support.need),
      uncoveredReason: text(support.uncovered_reason) || null,
    })),
  };
}

// The student's week (of `date`, today when absent) in the published para
// schedule, or null when the server does not show it to this person (a
// refusal, 403, or a student they may not see, 404): a page shows nothing
// of the schedule then, and the rest of it as before.
export async function fetchStudentSchedule(studentId: number, date?: string): Promise<StudentSchedule | null> {
  try {
    return studentScheduleFromJson(await api.get<Json>(`/students/${studentId}/schedule`, { date }));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}

// The adult-support blocks of the week that no para covers.
export function uncoveredSupport(schedule: StudentSchedule): AdultSupportBlock[] {
  return schedule.adultSupport.filter((support) => support.uncoveredReason !== null);
}

// Minutes a service requires in one week, from its minutes and period, as
// the server's scheduler counts them: five school days a week, a month's
// minutes over four weeks rounded up (so a week is never counted short).
export function weeklyMinutes(service: Service): number {
  if (service.period === 'day') return service.minutes * 5;
  if (service.period === 'month') return Math.ceil(service.minutes / 4);
  return service.minutes;
}

// Minutes delivered per service id: delivered sessions count at once, pending review or not.
export function deliveredMinutes(captures: Capture[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const capture of captures) {
    if (capture.kind !== 'service_session' || capture.outcome === 'missed') continue;
    totals.set(capture.serviceId, (totals.get(capture.serviceId) ?? 0) + capture.minutes);
  }
  return totals;
}

export const PROMPT_ORDER = ['independent', 'gestural', 'verbal', 'model', 'partial_physical', 'full_physical'];

// Seconds in one of a goal's time units ("minutes", "seconds", "hours"), from
// the unit's first word; 1 when the unit is not a time. Durations and
// latencies are recorded in seconds, and a goal may be written in minutes.
export function secondsPerUnit(unit: string): number {
  const word = unit.trim().split(' ')[0].toLowerCase();
  if (word.startsWith('minute') || word === 'min') return 60;
  if (word.startsWith('hour')) return 3600;
  return 1;
}

// The value an observation contributes to its goal's chart, in the goal's
// unit: percent correct for trials, the mean prompt level (1 independent to
// 6 full physical) for a prompt-level goal, a count, a rate per minute, a
// mean duration or latency in the goal's time unit, a rubric score.
export function observationValue(capture: Capture, unit = ''): number | null {
  switch (capture.method) {
    case 'percent_of_trials': {
      if (capture.trials.length === 0) return null;
      const correct = capture.trials.filter((trial) => trial.result === 'correct').length;
      return (100 * correct) / capture.trials.length;
    }
    case 'prompt_level': {
      const level = meanPromptLevel(capture);
      return level === null ? null : level + 1;
    }
    case 'frequency':
      return capture.count;
    case 'rate':
      return capture.observationMinutes > 0 ? capture.count / capture.observationMinutes : null;
    case 'duration':
    case 'latency':
      return capture.durations.length > 0 ? capture.durations.reduce((sum, value) => sum + value, 0) / capture.durations.length / secondsPerUnit(unit) : null;
    case 'rubric_score':
      return capture.rubricScore;
    default:
      return null;
  }
}

// Mean prompt level of an observation's trials, 0 = independent .. 5 = full physical.
export function meanPromptLevel(capture: Capture): number | null {
  const levels = capture.trials.map((trial) => PROMPT_ORDER.indexOf(trial.prompt)).filter((level) => level >= 0);
  if (levels.length === 0) return null;
  return levels.reduce((sum, value) => sum + value, 0) / levels.length;
}

// Least-squares line through (x, y) points; null with fewer than two distinct x.
// When the IEP team is to review a one-to-one designation, seen from
// `today`: the days left (negative once passed, null with no date) and the
// tag to show: overdue, due within a month, or none.
export function oneToOneReview(designation: NonNullable<Iep['oneToOne']>, today: string): { left: number | null; tag: { text: string; tone: 'bad' | 'warn' } | null } {
  if (!designation.nextReview) return { left: null, tag: { text: 'No review date set', tone: 'bad' } };
  const left = Math.round((Date.parse(designation.nextReview + 'T12:00:00Z') - Date.parse(today + 'T12:00:00Z')) / 86400000);
  const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;
  if (left < 0) return { left, tag: { text: `Review overdue by ${days(-left)}`, tone: 'bad' } };
  if (left <= 30) return { left, tag: { text: `Review due in ${days(left)}`, tone: 'warn' } };
  return { left, tag: null };
}

// Whether prompts are fading over the last four weeks before `until` (a
// date): from the observations' mean prompt levels (0 independent to 5 full
// physical, each at its time in seconds), their mean and the trend's change
// a week. Null with fewer than four such observations in those weeks.
export const PROMPT_WINDOW_DAYS = 28;
export function promptTrend(points: { x: number; prompt: number | null }[], until: string): { mean: number; weekly: number; count: number } | null {
  const end = Date.parse(until + 'T23:59:59Z') / 1000;
  const recent = points.filter((point): point is { x: number; prompt: number } => point.prompt !== null && point.x > end - PROMPT_WINDOW_DAYS * 86400 && point.x <= end);
  if (recent.length < 4) return null;
  const line = trendLine(recent.map((point) => [point.x, point.prompt]));
  const mean = recent.reduce((sum, point) => sum + point.prompt, 0) / recent.length;
  return { mean, weekly: line ? line.slope * 7 * 86400 : 0, count: recent.length };
}

// Prompts that are not fading (seed 002: paras fade support gradually;
// seed 000: over-reliance on the para): the student still needs prompting
// (a mean level of half a step or more above independent) and the level has
// not fallen by a twentieth of a step a week.
export function promptsNotFading(trend: { mean: number; weekly: number } | null): boolean {
  return trend !== null && trend.mean >= 0.5 && trend.weekly > -0.05;
}

export function trendLine(points: [number, number][]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  if (denominator === 0) return null;
  const slope = numerator / denominator;
  return { slope, intercept: meanY - slope * meanX };
}
