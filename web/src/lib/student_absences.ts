// Students the school marks absent, as the API keeps them: a week made or
// updated after a student is marked gives them no adult on those days, so
// the paras who had them are free for students nobody covered.
import { api, itemsOf } from './api';
import { type Json, number, text } from './json';

export interface StudentAbsence {
  id: number;
  day: string;
  // Null when the coordinator may not see who the student is; `student` is
  // then the server's "A student".
  studentId: number | null;
  student: string;
}

function absenceFromJson(json: Json): StudentAbsence {
  return {
    id: number(json.id),
    day: text(json.day),
    studentId: json.student_id === undefined || json.student_id === null ? null : number(json.student_id),
    student: text(json.student_name) || 'A student',
  };
}

// The school's students marked absent on `day`, by name.
export async function fetchStudentAbsences(schoolId: number, day: string): Promise<StudentAbsence[]> {
  const found = itemsOf<Json>(await api.get('/student-absences', { school_id: schoolId, first_day: day })).map(absenceFromJson);
  return found.sort((a, b) => a.student.localeCompare(b.student));
}

// Marks the student absent from `firstDay` to `lastDay`; the days marked now
// (none when every day was marked already).
export async function markStudentAbsent(studentId: number, firstDay: string, lastDay: string): Promise<StudentAbsence[]> {
  return itemsOf<Json>(await api.post<Json>('/student-absences', { student_id: studentId, first_day: firstDay, last_day: lastDay })).map(absenceFromJson);
}

// The student came in after all.
export async function takeBackStudentAbsence(id: number): Promise<void> {
  await api.delete(`/student-absences/${id}`);
}
