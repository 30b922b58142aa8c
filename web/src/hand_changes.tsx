// The coordinator's changes to a draft by hand, on the board: the optimizer's
// plan is a proposal, and the coordinator knows what it cannot (who works
// best with a student this week, a para needed at the office for a block).
// A change sets one para's block; changes are listed first and made together,
// because a duty moves by two of them (the old block free, the new one the
// duty) and neither is allowed alone.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary, Field, type FormProblem, Loaded, describeError, listInWords, sentence, useLoad } from './components';
import { ApiError, api } from './lib/api';
import type { Json } from './lib/json';
import { readNeeds } from './lib/needs';
import type { Schedule } from './lib/schedule';

export type Activity = 'support' | 'free' | 'lunch' | 'break' | 'data_entry' | 'other_duty';

const ACTIVITIES: { activity: Activity; label: string }[] = [
  { activity: 'support', label: 'With students' },
  { activity: 'free', label: 'Free' },
  { activity: 'lunch', label: 'Lunch' },
  { activity: 'break', label: 'Break' },
  { activity: 'data_entry', label: 'Data entry' },
  // At work away from students (the office, a meeting, a field trip): not
  // free, so the para is not counted on for students who have no adult.
  { activity: 'other_duty', label: 'Other duty, away from students' },
];

// One para's block as the coordinator wants it.
export interface HandChange {
  staffId: number;
  para: string;
  block: string; // the block's id, e.g. mon-0800
  when: string; // the block as said: "Monday 08:00"
  activity: Activity;
  roomId: number; // support only
  room: string;
  students: { id: number; name: string }[]; // support only
}

// The para's block the coordinator is changing: who, and the block as the
// grid shows it ("08:00–09:30").
export interface ParaBlock {
  paraId: number;
  para: string;
  block: string;
}

// "Monday 08:00" for the grid's "08:00–09:30" on the schedule's day.
export function blockInWords(schedule: Schedule, block: string): string {
  const weekday = schedule.date ? new Date(schedule.date + 'T12:00:00Z').toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }) : '';
  return [weekday, block.split('–')[0]].filter(Boolean).join(' ');
}

// "Ana Ruiz, Monday 09:00: lunch", "... : with Jamal Ortiz and Ben Lee in Room 102".
export function changeInWords(change: HandChange): string {
  const what =
    change.activity === 'support'
      ? `with ${listInWords(change.students.map((student) => student.name))} in ${change.room}`
      : (ACTIVITIES.find((choice) => choice.activity === change.activity)?.label ?? change.activity).toLowerCase();
  return `${change.para}, ${change.when}: ${what}`;
}

function changeToJson(change: HandChange): Json {
  const json: Json = { staff_id: change.staffId, block: change.block, activity: change.activity };
  if (change.activity === 'support') {
    json.room_id = change.roomId;
    json.student_ids = change.students.map((student) => student.id);
  }
  return json;
}

// Makes the changes together (POST /schedules/{id}/changes): the draft's day
// as it now is, the first change's day being the board's.
export async function makeChanges(scheduleId: string, changes: HandChange[]): Promise<Json> {
  return api.post<Json>(`/schedules/${scheduleId}/changes`, { changes: changes.map(changeToJson) });
}

// The server's refusal as the list's problems: a reason about one change
// (changes[1].student_ids) is said with that change and links to it in the
// list; a reason about the changes together is said as it is.
export function refusalOf(error: unknown, changes: HandChange[]): FormProblem[] {
  const problems: FormProblem[] = [];
  if (error instanceof ApiError) {
    for (const problem of error.fields) {
      const index = Number(/^changes\[(\d+)\]/.exec(problem.field)?.[1] ?? -1);
      const change = changes[index];
      problems.push(
        change
          ? { target: `hand-change-${index}`, message: `Change ${index + 1} (${change.para}, ${change.when}): ${sentence(problem.reason)}` }
          : { message: sentence(problem.reason) },
      );
    }
  }
  return problems.length > 0 ? problems : [{ message: sentence(describeError(error)) }];
}

// The changes listed, each removable, and the button that makes them all.
export function ChangesToMake({
  changes,
  busy,
  refused,
  summary,
  onRemove,
  onMake,
}: {
  changes: HandChange[];
  busy: boolean;
  refused: FormProblem[];
  summary: RefObject<HTMLDivElement>;
  onRemove: (index: number) => void;
  onMake: () => void;
}) {
  return (
    <>
      <ErrorSummary title="The changes were not made. Nothing is lost: change the list and make them again." problems={refused} summary={summary} />
      {changes.length === 0 ? (
        <p>No changes listed yet.</p>
      ) : (
        <>
          <ol class="plain hand-change-list">
            {changes.map((change, index) => (
              <li key={`${change.staffId}|${change.block}`} id={`hand-change-${index}`} tabIndex={-1}>
                <span>
                  Change {index + 1}: {changeInWords(change)}
                </span>{' '}
                <button type="button" class="button button-small" disabled={busy} onClick={() => onRemove(index)}>
                  Remove<span class="visually-hidden"> change {index + 1} ({changeInWords(change)})</span>
                </button>
              </li>
            ))}
          </ol>
          <button type="button" class="button button-primary" disabled={busy} onClick={onMake}>
            {busy ? 'Making the changes…' : changes.length === 1 ? 'Make the change' : `Make the ${changes.length} changes`}
          </button>
        </>
      )}
    </>
  );
}

type FormField = 'room' | 'students';

// The form for one para's block, in a modal dialog: focus moves into it, the
// rest of the page waits, and Escape or Cancel close it (the board then puts
// focus back on the Change button pressed).
export function ChangeDialog({
  schedule,
  schoolId,
  at,
  onAdd,
  onClose,
}: {
  schedule: Schedule;
  schoolId: number;
  at: ParaBlock;
  onAdd: (change: HandChange) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const cell = schedule.cells.get(`${at.paraId}|${at.block}`);
  const blockId = schedule.blockIds.get(at.block) ?? '';
  const when = blockInWords(schedule, at.block);
  // The rooms and students a para may be given in a block are the ones that
  // need an adult then, as the day's needs list them.
  const needs = useLoad(() => readNeeds(schoolId, schedule.date), [schoolId, schedule.date]);
  const [activity, setActivity] = useState<Activity>(cell ? ((ACTIVITIES.some((choice) => choice.activity === cell.kind) ? cell.kind : 'support') as Activity) : 'free');
  const [roomId, setRoomId] = useState(cell?.roomId ?? 0);
  const [chosen, setChosen] = useState<number[]>(cell?.studentIds ?? []);
  const [problems, setProblems] = useState<Partial<Record<FormField, string>>>({});
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (Object.keys(problems).length > 0) summary.current?.focus();
  }, [problems]);

  // Who has each student of the block now, by the draft.
  const withWhom = (studentId: number) =>
    schedule.paras.find((para) => schedule.cells.get(`${para.id}|${at.block}`)?.studentIds.includes(studentId))?.name;

  const rooms = needs.state === 'ready' ? roomsOf(needs.data.blocks.find((block) => block.id === blockId)?.groups ?? []) : [];
  // The para's room now, should the day's needs not list it.
  if (needs.state === 'ready' && cell?.roomId && !rooms.some((room) => room.id === cell.roomId)) {
    rooms.push({ id: cell.roomId, name: cell.room, students: cell.studentIds.map((id, index) => ({ id, name: cell.students[index] ?? `Student ${id}` })) });
  }
  const room = rooms.find((candidate) => candidate.id === roomId);

  function add(event: Event) {
    event.preventDefault();
    const found: Partial<Record<FormField, string>> = {};
    const students = room?.students.filter((student) => chosen.includes(student.id)) ?? [];
    if (activity === 'support') {
      if (!room) found.room = 'Choose the room.';
      else if (students.length === 0) found.students = `Choose the students ${at.para} is with, or choose Free.`;
    }
    if (Object.keys(found).length > 0) {
      setProblems(found);
      return;
    }
    onAdd({ staffId: at.paraId, para: at.para, block: blockId, when, activity, roomId: room?.id ?? 0, room: room?.name ?? '', students });
    // Closed, the dialog says so (onClose), and the board puts focus back.
    dialog.current?.close();
  }

  return (
    <dialog ref={dialog} class="change-dialog" aria-labelledby="change-title" onClose={onClose}>
      <form onSubmit={add} noValidate>
        <h2 id="change-title">
          Change {at.para} at {when}
        </h2>
        <p class="hint">Now: {cell ? (cell.kind === 'support' ? `with ${listInWords(cell.students)} in ${cell.room}` : ACTIVITIES.find((choice) => choice.activity === cell.kind)?.label ?? cell.kind) : 'Free'}.</p>
        <ErrorSummary
          title="The change was not added."
          summary={summary}
          problems={(Object.entries(problems) as [FormField, string][]).map(([field, message]) => ({ target: `change-${field}`, message }))}
        />
        <fieldset>
          <legend>
            What {at.para} does at {when}
          </legend>
          {ACTIVITIES.map((choice) => (
            <div class="check" key={choice.activity}>
              <input id={`change-${choice.activity}`} type="radio" name="change-activity" checked={activity === choice.activity} onChange={() => setActivity(choice.activity)} />
              <label for={`change-${choice.activity}`}>{choice.label}</label>
            </div>
          ))}
        </fieldset>
        {activity === 'support' && (
          <Loaded load={needs} what="the students who need an adult">
            {() =>
              rooms.length === 0 ? (
                <p class="notice">No student needs an adult at {when}.</p>
              ) : (
                <>
                  <Field id="change-room" label="Room" hint={`The rooms where students need an adult at ${when}.`} error={problems.room}>
                    {(control) => (
                      <select
                        {...control}
                        value={roomId || ''}
                        onChange={(event) => {
                          const next = Number(event.currentTarget.value) || 0;
                          setRoomId(next);
                          // In another room the para has none of their students.
                          setChosen(next === cell?.roomId ? cell.studentIds : []);
                        }}
                      >
                        <option value="">Choose a room</option>
                        {rooms.map((candidate) => (
                          <option key={candidate.id} value={candidate.id}>
                            {candidate.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  {room && (
                    <fieldset
                      id="change-students"
                      tabIndex={-1}
                      class={problems.students ? 'field-invalid' : undefined}
                      aria-describedby={problems.students ? 'change-students-error' : undefined}
                    >
                      <legend>Students in {room.name}</legend>
                      {room.students.map((student) => {
                        const now = withWhom(student.id);
                        return (
                          <div class="check" key={student.id}>
                            <input
                              id={`change-student-${student.id}`}
                              type="checkbox"
                              checked={chosen.includes(student.id)}
                              onChange={(event) => setChosen(event.currentTarget.checked ? [...chosen, student.id] : chosen.filter((id) => id !== student.id))}
                            />
                            <label for={`change-student-${student.id}`}>
                              {student.name} — {now ? `now with ${now}` : 'no adult now'}
                            </label>
                          </div>
                        );
                      })}
                      {problems.students && (
                        <p class="field-error" id="change-students-error">
                          {problems.students}
                        </p>
                      )}
                    </fieldset>
                  )}
                </>
              )
            }
          </Loaded>
        )}
        <div class="actions">
          <button type="submit" class="button button-primary">
            Add this change
          </button>
          <button type="button" class="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface Room {
  id: number;
  name: string;
  students: { id: number; name: string }[];
}

// The needs' groups of one block by room: a room may hold several groups
// (students needing different skills), each student once.
function roomsOf(groups: { roomId: number; room: string; students: { id: number | null; name: string }[] }[]): Room[] {
  const rooms: Room[] = [];
  for (const group of groups) {
    let room = rooms.find((candidate) => candidate.id === group.roomId);
    if (!room) {
      room = { id: group.roomId, name: group.room, students: [] };
      rooms.push(room);
    }
    for (const student of group.students) {
      if (student.id !== null && !room.students.some((known) => known.id === student.id)) room.students.push({ id: student.id, name: student.name });
    }
  }
  return rooms;
}
