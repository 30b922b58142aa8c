// Lesson plans with their service delivery review, as the API returns them.
type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const number = (value: unknown): number => (typeof value === 'number' ? value : Number(value) || 0);
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export interface PlanRole {
  staffId: number;
  part: string;
  activity: string;
  audience: string;
  studentIds: number[];
  note: string;
}

export interface Plan {
  id: number;
  sectionId: number;
  date: string;
  status: string;
  objective: string;
  standard: string;
  parts: { key: string; description: string; minutes: number }[];
  materials: string[];
  adults: { staffId: number; name: string; role: string; presence: string }[];
  adaptations: { studentId: number; kind: string; description: string }[];
  roles: PlanRole[];
  late: boolean;
  version: number;
}

export function planFromJson(json: Json): Plan {
  return {
    id: number(json.id),
    sectionId: number(json.section_id),
    date: text(json.date),
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
      studentIds: Array.isArray(role.student_ids) ? (role.student_ids as unknown[]).map(number) : [],
      note: text(role.note),
    })),
    late: json.late === true || (json.timing as Json | undefined)?.late === true,
    version: number(json.version),
  };
}
