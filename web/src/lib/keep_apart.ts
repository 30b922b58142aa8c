// The coordinator's keep-apart list as the API keeps it: the paras of a
// school who must never support a given student (a family tie, a documented
// conflict, who may give personal care), and the paras and students a new
// pair is chosen from. Every schedule run or update made after a pair is
// listed leaves that para away from that student.
import { allItems, api, itemsOf } from './api';
import { type Json, number, text } from './json';

export interface KeptApart {
  id: number;
  paraId: number;
  para: string;
  // Null when the coordinator may not see who the student is; `student` is
  // then the server's "A student".
  studentId: number | null;
  student: string;
  reason: string;
}

// Someone a pair can name: a para or a student of the school, with the words
// that tell them apart in a list (a student's grade).
export interface Person {
  id: number;
  name: string;
  label: string;
}

// The server takes a reason of up to this many characters.
export const REASON_LIMIT = 500;

export function keptApartFromJson(json: Json): KeptApart {
  return {
    id: number(json.id),
    paraId: number(json.staff_id),
    para: text(json.staff_name) || `Para ${text(json.staff_id)}`,
    studentId: json.student_id === undefined || json.student_id === null ? null : number(json.student_id),
    student: text(json.student_name) || 'A student',
    reason: text(json.reason),
  };
}

export async function fetchKeepApart(schoolId: number): Promise<KeptApart[]> {
  const pairs = itemsOf<Json>(await api.get('/keep-apart', { school_id: schoolId })).map(keptApartFromJson);
  return pairs.sort((a, b) => a.para.localeCompare(b.para) || a.student.localeCompare(b.student));
}

export async function keepApart(paraId: number, studentId: number, reason: string): Promise<KeptApart> {
  return keptApartFromJson(await api.post<Json>('/keep-apart', { staff_id: paraId, student_id: studentId, reason }));
}

export async function takeOffKeepApart(id: number): Promise<void> {
  await api.delete(`/keep-apart/${id}`);
}

function nameOf(json: Json): string {
  return [text(json.first_name), text(json.last_name)].filter(Boolean).join(' ') || text(json.name);
}

const byLabel = (a: Person, b: Person) => a.label.localeCompare(b.label);

// The school's paras, every page of them.
export async function fetchParas(schoolId: number): Promise<Person[]> {
  const staff = await allItems<Json>('/staff', { school_id: schoolId, role: 'paraeducator', limit: 500 });
  return staff.map((json) => ({ id: number(json.id), name: nameOf(json), label: nameOf(json) })).sort(byLabel);
}

// The students the server finds at most, for a search box: enough to rank
// and list the best 8, and to say honestly when there are more.
const STUDENTS_FOUND = 25;

// The students of the school with every word `typed` in their name or id,
// as the server finds them (the combobox's own rule), at most
// STUDENTS_FOUND; `more` when it has others. Each student found is an
// audited read, so the form asks as the coordinator types instead of reading
// the whole school. Each is named with their grade, since a large school has
// students of the same name.
export async function findStudents(schoolId: number, typed: string): Promise<{ choices: Person[]; more: boolean }> {
  // One more than are listed, so that a full answer tells there are more.
  const found = itemsOf<Json>(await api.get('/students', { school_id: schoolId, name: typed, limit: STUDENTS_FOUND + 1 }));
  const choices = found.slice(0, STUDENTS_FOUND).map((json) => {
    const name = nameOf(json);
    const grade = text(json.grade);
    return { id: number(json.id), name, label: grade ? `${name}, grade ${grade}` : name };
  });
  return { choices, more: found.length > STUDENTS_FOUND };
}
