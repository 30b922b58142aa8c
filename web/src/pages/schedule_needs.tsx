// The day's students' needs block by block, from the coordinator's schedule
// board, before any para is placed (seed 001: write down each student's
// day, mark each block independent, teacher, peer or adult support, and
// find the blocks where students with similar needs could share an adult).
// Per block: how many students need each kind of support, and the students
// who need an adult grouped by room and by what the adult needs there, each
// group with how many paras at work may support it; a group no para may
// support is the problem to solve first (train a para, or hire one).
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, isDate, listInWords, longDate, plural, schoolDay, today, useLoad } from '../components';
import { type DayNeeds, type NeedBlock, type NeedCounts, type NeedGroup, oneToOneStudents, readNeeds } from '../lib/needs';
import { navigate } from '../lib/router';
import type { School } from '../lib/schedule';
import { ForSchool } from '../schools';

export default function ScheduleNeedsPage({ session, query }: PageProps) {
  // As on the board: the school and the day are in the address, and
  // without a day, on a weekend, the day is the coming Monday.
  const schoolId = Number(query.get('school')) || (session.schoolId ?? 0);
  const asked = query.get('date') ?? '';
  const date = isDate(asked) ? asked : schoolDay(today());
  return (
    <>
      <PageHeading title={`Students' needs on ${longDate(date, { weekday: true })}`} />
      <ForSchool schoolId={schoolId} staffSchoolId={session.schoolId}>
        {(school) => (
          <>
            <p class="needs-school">
              <strong>{school.name}</strong>: each block's students who need an adult, grouped by room and by what the adult needs there, before any para is placed.
            </p>
            <div class="toolbar">
              <div class="field">
                <label for="needs-date">Day</label>
                <input
                  id="needs-date"
                  type="date"
                  value={date}
                  onChange={(event) => navigate(`/schedule/needs?school=${school.id}&date=${event.currentTarget.value || schoolDay(today())}`)}
                />
              </div>
            </div>
            <p>
              <a href={`/schedule?school=${school.id}&date=${date}`}>Back to the schedule board for this day</a>
            </p>
            <Day key={`${school.id}-${date}`} school={school} date={date} />
          </>
        )}
      </ForSchool>
    </>
  );
}

function Day({ school, date }: { school: School; date: string }) {
  const needs = useLoad(() => readNeeds(school.id, date), [school.id, date]);
  return (
    <Loaded load={needs} what="the students' needs">
      {(day) =>
        day.blocks.length === 0 ? (
          <Empty>
            <p>
              <strong>No blocks on this day at {school.name}.</strong> No student's day has a block then: the school may not teach that day.
            </p>
          </Empty>
        ) : (
          <>
            <p class="needs-summary">{summary(day)}</p>
            {day.blocks.map((block) => (
              <BlockNeeds key={block.start} block={block} />
            ))}
          </>
        )
      }
    </Loaded>
  );
}

// "9 groups of two or more students could share a para; 2 students need
// one-to-one support."
function summary(day: DayNeeds): string {
  const shared = day.shareableGroups;
  const alone = oneToOneStudents(day);
  const groups = shared === 0 ? 'No group of two or more students could share a para' : `${plural(shared, 'group', 'groups')} of two or more students could share a para`;
  const oneToOne = alone === 0 ? 'no student needs one-to-one support' : `${plural(alone, 'student needs', 'students need')} one-to-one support`;
  return `${groups}; ${oneToOne}.`;
}

// "21 students: 4 need an adult, 2 peer support, 1 teacher support, 14
// independent." and, when some are marked absent, "1 student is absent."
function countsInWords(counts: NeedCounts): string {
  const all = counts.adult + counts.peer + counts.teacher + counts.independent;
  const absent = counts.absent > 0 ? ` ${plural(counts.absent, 'student is', 'students are')} absent.` : '';
  return `${plural(all, 'student', 'students')}: ${counts.adult} ${counts.adult === 1 ? 'needs' : 'need'} an adult, ${counts.peer} peer support, ${counts.teacher} teacher support, ${counts.independent} independent.${absent}`;
}

function BlockNeeds({ block }: { block: NeedBlock }) {
  const headingId = `block-${block.start.replace(':', '')}`;
  return (
    <section class="needs-block" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {block.start}–{block.end}
      </h2>
      <p class="needs-counts">{countsInWords(block.counts)}</p>
      {block.groups.length === 0 ? (
        <p class="needs-none">Nobody needs an adult in this block.</p>
      ) : (
        <ul class="plain needs-groups">
          {block.groups.map((group, index) => (
            <Group key={index} group={group} />
          ))}
        </ul>
      )}
    </section>
  );
}

// What the adult needs to do and hold: "Adult support with reading
// intervention", "Health or safety support with personal care, by an adult
// holding CPR and first aid certification".
function needInWords(group: NeedGroup): string {
  const kind = group.oneToOne ? 'One-to-one support' : group.safety ? 'Health or safety support' : 'Adult support';
  const skills = group.skills.length > 0 ? ` with ${listInWords(group.skills)}` : '';
  const credentials = group.credentials.length > 0 ? `, by an adult holding ${listInWords(group.credentials)}` : '';
  return `${kind}${skills}${credentials}`;
}

function Group({ group }: { group: NeedGroup }) {
  const shared = !group.oneToOne && group.students.length > 1;
  return (
    <li class={'needs-group' + (group.qualifiedParas === 0 ? ' needs-unsupported' : '')}>
      <p class="needs-room">
        <strong>{group.room || 'No room given'}</strong>: {needInWords(group)}.
      </p>
      <ul class="needs-students" aria-label={`Students in ${group.room || 'this group'}`}>
        {group.students.map((student, index) => (
          <li key={student.id ?? `unseen-${index}`}>{student.name}</li>
        ))}
      </ul>
      {shared && <p class="needs-share">These {group.students.length} students could share a para.</p>}
      {group.qualifiedParas === 0 ? (
        <p class="needs-paras">
          <strong>Problem:</strong> no para at work may support them.
        </p>
      ) : (
        <p class="needs-paras">
          {plural(group.qualifiedParas, 'para', 'paras')} at work may support them.
        </p>
      )}
    </li>
  );
}
