// Each para's week to print, from the coordinator's schedule board: for a
// school and a week, a section per para with their place in every block of
// every school day (the room and students, or the duty, free or away), as
// the school works to it (each day's published re-plan in place). Printed,
// the app around the page is left out and each para's week starts on a
// sheet of its own, for mailboxes, the staff-room wall and paras who cannot
// use a phone in class (see `@media print` in styles.css).
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, addDays, isDate, longDate, schoolDay, shortDate, today, useLoad } from '../components';
import { api } from '../lib/api';
import { type Json, list, text } from '../lib/json';
import { words } from '../lib/brief';
import { type Schedule, type School, scheduleFromJson } from '../lib/schedule';
import { ForSchool } from '../schools';

// The Monday of the week `date` falls in (a weekend is its week's end).
function mondayOf(date: string): string {
  return addDays(date, -((new Date(date + 'T12:00:00Z').getUTCDay() + 6) % 7));
}

// One school day of the week: its date and the schedule the school works to
// that day, or null when the week has none.
interface Day {
  date: string;
  schedule: Schedule | null;
}

export default function SchedulePrintPage({ session, query }: PageProps) {
  // As on the board: the school and a day of the week are in the address,
  // and without a day, on a weekend, the week is the coming one.
  const schoolId = Number(query.get('school')) || (session.schoolId ?? 0);
  const asked = query.get('date') ?? '';
  const monday = mondayOf(isDate(asked) ? asked : schoolDay(today()));
  const week = `week of ${longDate(monday)}`;
  return (
    <>
      <PageHeading title={`Paras' weeks, ${week}`}>
        <button type="button" class="button button-primary" onClick={() => window.print()} aria-describedby="print-hint">
          Print
        </button>
      </PageHeading>
      <p class="hint no-print" id="print-hint">
        Each para's week prints on a page of its own.
      </p>
      <ForSchool schoolId={schoolId} staffSchoolId={session.schoolId}>
        {(school) => <Week key={`${school.id}-${monday}`} school={school} monday={monday} week={week} />}
      </ForSchool>
    </>
  );
}

// Monday to Friday of the week, each day's schedule as the board reads it
// (null: the week has none), in one request, so each student named is read
// once for the week.
async function readWeek(schoolId: number, monday: string): Promise<Day[]> {
  const week = await api.get<Json>(`/schools/${schoolId}/week`, { date: monday });
  return list(week.days).map((day) => ({
    date: text(day.date),
    schedule: day.schedule && typeof day.schedule === 'object' ? scheduleFromJson(day.schedule as Json) : null,
  }));
}

function Week({ school, monday, week }: { school: School; monday: string; week: string }) {
  const days = useLoad(() => readWeek(school.id, monday), [school.id, monday]);
  const board = `/schedule?school=${school.id}&date=${monday}`;
  return (
    <Loaded load={days} what="the paras' week">
      {(list) => {
        const scheduled = list.filter((day) => day.schedule !== null);
        if (scheduled.length === 0)
          return (
            <Empty>
              <p>
                <strong>
                  No schedule for {school.name}, {week}.
                </strong>{' '}
                <a href={board}>Make one on the schedule board</a>.
              </p>
            </Empty>
          );
        const published = scheduled.every((day) => day.schedule!.status === 'published');
        const unscheduled = list.filter((day) => day.schedule === null).map((day) => shortDate(day.date));
        const paras = parasOf(scheduled);
        return (
          <>
            <p class="print-school">
              <strong>{school.name}</strong>{' '}
              <span class={'tag' + (published ? ' tag-good' : ' tag-warn')}>{published ? 'Published' : 'Draft'}</span>{' '}
              {published ? 'Paras see these days in My day too.' : 'Not published yet: paras do not see it in My day, and it may still change.'}
            </p>
            {unscheduled.length > 0 && <p>No schedule for {unscheduled.join(', ')}.</p>}
            <p class="no-print">
              <a href={board}>Back to the schedule board</a>
            </p>
            {paras.length === 0 ? (
              <p>No paras are scheduled this week.</p>
            ) : (
              paras.map((para) => <ParaWeek key={para.id} para={para} days={list} caption={`${para.name}'s ${week}, ${school.name}`} />)
            )}
          </>
        );
      }}
    </Loaded>
  );
}

// Every para scheduled on any day of the week, by name.
function parasOf(days: Day[]): { id: number; name: string }[] {
  const paras = new Map<number, string>();
  for (const day of days) for (const para of day.schedule?.paras ?? []) paras.set(para.id, para.name);
  return [...paras.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

// One para's week: a row per block time, a column per school day.
function ParaWeek({ para, days, caption }: { para: { id: number; name: string }; days: Day[]; caption: string }) {
  const blocks = [...new Set(days.flatMap((day) => day.schedule?.blocks ?? []))].sort();
  const headingId = `para-${para.id}`;
  return (
    <section class="para-week" aria-labelledby={headingId}>
      <h2 id={headingId}>{para.name}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption>
            <span>{caption}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {days.map((day) => (
                <th scope="col" key={day.date}>
                  {shortDate(day.date)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {blocks.map((block) => (
              <tr key={block}>
                <th scope="row">{block}</th>
                {days.map((day) => (
                  <Place key={day.date} schedule={day.schedule} paraId={para.id} block={block} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// Where the para is in one block of one day: the room and the students
// (one a line), or the duty, free or away.
function Place({ schedule, paraId, block }: { schedule: Schedule | null; paraId: number; block: string }) {
  if (!schedule) return <td class="cell-free">No schedule</td>;
  if (schedule.absent.includes(paraId)) return <td class="cell-away">Away</td>;
  // A day whose blocks end earlier than the week's others.
  if (!schedule.blocks.includes(block)) return <td class="cell-free">No block</td>;
  const cell = schedule.cells.get(`${paraId}|${block}`);
  if (!cell) return <td class="cell-free">Free</td>;
  if (cell.kind !== 'support' && cell.students.length === 0) return <td class={`cell-${cell.kind}`}>{words(cell.kind)}</td>;
  return (
    <td>
      {cell.room && <div class="place-room">{cell.room}</div>}
      {cell.students.length === 0 ? words(cell.kind) : cell.students.map((student, index) => <div key={index}>{student}</div>)}
    </td>
  );
}
