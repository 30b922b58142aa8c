// A school day's students' needs block by block, before any para is placed,
// as `GET /api/v1/schools/{id}/needs` answers: how many students need adult,
// peer or teacher support or are independent in each block, and the
// students who need an adult grouped by room and by what the adult needs
// there, with how many paras at work may support each group (seed 001: find
// the blocks where students with similar needs could share an adult).
import { api } from './api';
import { type Json, list, number, text } from './json';

const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map(text).filter(Boolean) : []);

export interface NeedCounts {
  adult: number;
  peer: number;
  teacher: number;
  independent: number;
  // Marked absent that day: needing nobody, counted apart.
  absent: number;
}

export interface NeedStudent {
  id: number | null; // null when the caller may not see who the student is
  name: string; // "A student" then
}

// Students of one block who need an adult in the same room with the same
// skills and credentials; a one-to-one student is a group alone.
export interface NeedGroup {
  room: string;
  roomId: number;
  oneToOne: boolean;
  safety: boolean; // a student of the group has a health or safety procedure
  skills: string[]; // in words, e.g. reading intervention, AAC
  credentials: string[]; // in words, e.g. CPR and first aid certification
  students: NeedStudent[];
  qualifiedParas: number; // paras at work then who may support every student of the group
}

export interface NeedBlock {
  id: string; // e.g. mon-0800
  start: string;
  end: string;
  counts: NeedCounts;
  groups: NeedGroup[];
}

export interface DayNeeds {
  date: string;
  shareableGroups: number; // groups of two or more students, the day over
  blocks: NeedBlock[];
}

export function needsFromJson(json: Json): DayNeeds {
  return {
    date: text(json.date),
    shareableGroups: number(json.shareable_groups),
    blocks: list(json.blocks)
      .map((block) => {
        const counts = (block.counts ?? {}) as Json;
        return {
          id: text(block.block ?? block.id),
          start: text(block.start),
          end: text(block.end),
          counts: {
            adult: number(counts.adult_support),
            peer: number(counts.peer_support),
            teacher: number(counts.teacher_support),
            independent: number(counts.independent),
            absent: counts.absent === undefined ? 0 : number(counts.absent),
          },
          groups: list(block.groups).map((group) => ({
            room: text((group.room as Json | undefined)?.name),
            roomId: number((group.room as Json | undefined)?.id),
            oneToOne: group.one_to_one === true,
            safety: group.safety === true,
            // The server's words for the skills and credentials, the codes otherwise.
            skills: Array.isArray(group.skill_names) ? texts(group.skill_names) : texts(group.skills),
            credentials: Array.isArray(group.credential_names) ? texts(group.credential_names) : texts(group.credentials),
            students: list(group.students).map((student) => ({
              id: typeof student.id === 'number' ? student.id : null,
              name: text(student.name) || 'A student',
            })),
            qualifiedParas: number(group.qualified_paras),
          })),
        };
      })
      .sort((a, b) => a.start.localeCompare(b.start)),
  };
}

export async function readNeeds(schoolId: number, date: string): Promise<DayNeeds> {
  return needsFromJson(await api.get<Json>(`/schools/${schoolId}/needs`, { date }));
}

// The students who need one-to-one support some time of the day, each once
// (a student the caller may not see is counted in each block: there is no
// telling them apart).
export function oneToOneStudents(needs: DayNeeds): number {
  const seen = new Set<string>();
  needs.blocks.forEach((block, index) =>
    block.groups
      .filter((group) => group.oneToOne)
      .flatMap((group) => group.students)
      .forEach((student, place) => seen.add(student.id !== null ? `id-${student.id}` : `unseen-${index}-${place}`)),
  );
  return seen.size;
}
