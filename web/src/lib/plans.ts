// Lesson plans with their service delivery review, as the API returns them.
import { type Json, list, number, text } from './json';

const ids = (value: unknown): number[] => (Array.isArray(value) ? (value as unknown[]).map(number) : []);
const optionalId = (value: unknown): number | null => (value === null || value === undefined ? null : number(value));

export interface PlanRole {
  staffId: number;
  part: string;
  activity: string;
  audience: string;
  studentIds: number[];
  supervisorId: number | null;
  adaptedLesson: string;
  note: string;
}

export interface AdaptedLesson {
  key: string;
  preparedBy: number;
  studentIds: number[];
  title: string;
  content: string;
}

export interface DataToCollect {
  studentId: number;
  goalId: number;
  method: string;
  how: string;
  collectorId: number | null;
}

export interface Plan {
  id: number;
  sectionId: number;
  date: string;
  authorId: number;
  status: string;
  objective: string;
  standard: string;
  parts: { key: string; description: string; minutes: number }[];
  materials: string[];
  adults: { staffId: number; name: string; role: string; presence: string }[];
  adaptations: { studentId: number; kind: string; description: string }[];
  adaptedLessons: AdaptedLesson[];
  dataToCollect: DataToCollect[];
  roles: PlanRole[];
  deadline: string;
  late: boolean;
  version: number;
  // Why the special educator last returned the plan to its teacher; null
  // when it was never returned, or was submitted again since.
  returnReason: string | null;
}

export function planFromJson(json: Json): Plan {
  return {
    id: number(json.id),
    sectionId: number(json.section_id),
    date: text(json.date),
    authorId: number(json.author_id),
    status: text(json.status),
    objective: text(json.objective),
    standard: text(json.standard),
    parts: list(json.parts).map((part) => ({ key: text(part.key), description: text(part.description), minutes: number(part.minutes) })),
    materials: Array.isArray(json.materials) ? (json.materials as unknown[]).map(text) : [],
    adults: list(json.adults).map((adult) => ({ staffId: number(adult.staff_id), name: text(adult.name), role: text(adult.role), presence: text(adult.presence) })),
    adaptations: list(json.adaptations).map((item) => ({ studentId: number(item.student_id), kind: text(item.kind), description: text(item.description) })),
    roles: list(json.roles).map((role) => ({
      staffId: number(role.staff_id),
      part: text(role.part),
      activity: text(role.activity),
      audience: text(role.audience),
      studentIds: ids(role.student_ids),
      supervisorId: optionalId(role.supervisor_id),
      adaptedLesson: text(role.adapted_lesson),
      note: text(role.note),
    })),
    adaptedLessons: list(json.adapted_lessons).map((lesson) => ({
      key: text(lesson.key),
      preparedBy: number(lesson.prepared_by),
      studentIds: ids(lesson.student_ids),
      title: text(lesson.title),
      content: text(lesson.content),
    })),
    dataToCollect: list(json.data_to_collect).map((data) => ({
      studentId: number(data.student_id),
      goalId: number(data.goal_id),
      method: text(data.method),
      how: text(data.how),
      collectorId: optionalId(data.collector_id),
    })),
    deadline: text(json.deadline),
    late: json.late === true || (json.timing as Json | undefined)?.late === true,
    version: number(json.version),
    returnReason: typeof json.return_reason === 'string' && json.return_reason.trim() ? json.return_reason : null,
  };
}

export interface PlanAdult {
  staffId: number;
  name: string;
  role: string;
  presence: string;
}

// What the special educator's or provider's review adds to a plan.
export interface Review {
  adults: PlanAdult[];
  adaptations: Plan['adaptations'];
  adaptedLessons: AdaptedLesson[];
  dataToCollect: DataToCollect[];
  roles: PlanRole[];
}

// The plan as it was read (`read`, the API's JSON) with the review put in, to
// send back whole: the fields the lifecycle owns go back as they were read.
export function withReview(read: Json, review: Review): Json {
  return {
    ...read,
    adults: review.adults.map((adult) => ({ staff_id: adult.staffId, role: adult.role, name: adult.name, presence: adult.presence })),
    adaptations: review.adaptations.map((item) => ({ student_id: item.studentId, kind: item.kind, description: item.description })),
    adapted_lessons: review.adaptedLessons.map((lesson) => ({
      key: lesson.key,
      prepared_by: lesson.preparedBy,
      student_ids: lesson.studentIds,
      title: lesson.title,
      content: lesson.content,
    })),
    data_to_collect: review.dataToCollect.map((data) => ({
      student_id: data.studentId,
      goal_id: data.goalId,
      method: data.method,
      how: data.how,
      collector_id: data.collectorId,
    })),
    roles: review.roles.map((role) => ({
      staff_id: role.staffId,
      part: role.part,
      activity: role.activity,
      audience: role.audience,
      student_ids: role.studentIds,
      supervisor_id: role.supervisorId,
      adapted_lesson: role.adaptedLesson,
      note: role.note,
    })),
  };
}
