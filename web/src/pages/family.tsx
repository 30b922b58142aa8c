// A parent's or guardian's view of their own child, in plain words: what
// the IEP promises and what the school has given (seed 000 "How to
// Communicate with Parents"). For each child with an IEP, the minutes each
// service was given in each of the last six weeks against the minutes a
// week the IEP requires, the same by setting, and where each goal's data
// stand and which way they move (`GET /students/{id}/progress-report`, an
// audited read). The classroom records themselves stay with the school.
import type { PageProps } from '../app';
import { Empty, Loaded, PageHeading, shortDate, useLoad } from '../components';
import { api } from '../lib/api';
import { words } from '../lib/brief';
import { type Json, list, number, text } from '../lib/json';
import { type Student, fetchStudents } from '../lib/records';

interface Minutes {
  label: string;
  perWeek: number;
  delivered: number[];
}

interface GoalStanding {
  id: number;
  statement: string;
  unit: string;
  baseline: number;
  target: number;
  targetDate: string;
  observations: number;
  first: { date: string; value: number } | null;
  latest: { date: string; value: number } | null;
  trend: number | null;
  toward: boolean | null;
}

interface Report {
  // The active IEP reported on; null when the child has none.
  iepId: number | null;
  weeks: string[];
  through: string;
  services: Minutes[];
  settings: Minutes[];
  goals: GoalStanding[];
}

const pointOf = (json: unknown) => (json && typeof json === 'object' ? { date: text((json as Json).date), value: number((json as Json).value) } : null);

function reportFromJson(json: Json): Report {
  return {
    iepId: typeof json.iep_id === 'number' ? json.iep_id : null,
    weeks: list(json.weeks).map((week) => text(week)),
    through: text(json.through),
    services: list(json.services).map((service) => ({
      label: `${words(text(service.type))} (${words(text(service.setting)).toLowerCase()})`,
      perWeek: number(service.minutes_per_week),
      delivered: list(service.delivered).map((minutes) => number(minutes)),
    })),
    settings: list(json.settings).map((setting) => ({
      label: words(text(setting.setting)),
      perWeek: number(setting.minutes_per_week),
      delivered: list(setting.delivered).map((minutes) => number(minutes)),
    })),
    goals: list(json.goals).map((goal) => ({
      id: number(goal.goal_id),
      statement: text(goal.statement),
      unit: text(goal.unit),
      baseline: number(goal.baseline),
      target: number(goal.target),
      targetDate: text(goal.target_date),
      observations: number(goal.observations),
      first: pointOf(goal.first),
      latest: pointOf(goal.latest),
      trend: typeof goal.trend_per_week === 'number' ? goal.trend_per_week : null,
      toward: typeof goal.toward_target === 'boolean' ? goal.toward_target : null,
    })),
  };
}

// A value as a family reads it: whole numbers plain, others to one decimal.
const shown = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export default function FamilyPage(_: PageProps) {
  const load = useLoad(async () => {
    const students = await fetchStudents({});
    // The report says whether the child has an active IEP: one audited read each.
    return Promise.all(students.map(async (student) => ({ student, report: reportFromJson((await api.get(`/students/${student.id}/progress-report`)) as Json) })));
  }, []);
  return (
    <>
      <PageHeading title="My child" />
      <Loaded load={load} what="your child's services">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>
              <p>
                <strong>No student is linked to your account.</strong> Ask the school office to link your child.
              </p>
            </Empty>
          ) : (
            rows.map(({ student, report }) => <Child key={student.id} student={student} report={report} />)
          )
        }
      </Loaded>
    </>
  );
}

function Child({ student, report }: { student: Student; report: Report }) {
  return (
    <section class="card child" aria-labelledby={`child-${student.id}`}>
      <h2 id={`child-${student.id}`}>{student.name}</h2>
      {report.iepId === null ? (
        <p>No IEP on record.</p>
      ) : (
        <>
          <h3>Services: minutes given each week</h3>
          {report.services.length === 0 ? (
            <p class="meta">No services with weekly minutes are listed.</p>
          ) : (
            <>
              <p class="meta">
                Weeks beginning on the day shown; this week counts to {report.through}. Minutes count once a session is recorded.
              </p>
              <MinutesTable caption={`${student.name}: minutes given each week, by service`} first="Service" rows={report.services} weeks={report.weeks} />
              {report.settings.length > 1 && <MinutesTable caption={`${student.name}: minutes given each week, by setting`} first="Setting" rows={report.settings} weeks={report.weeks} />}
            </>
          )}
          <h3>Goals</h3>
          {report.goals.length === 0 ? (
            <p class="meta">No goals listed.</p>
          ) : (
            <ul class="family-goals">
              {report.goals.map((goal) => (
                <li key={goal.id}>
                  <p>{goal.statement}</p>
                  <p class="meta">{standing(goal)}</p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

// Where a goal's data stand, in one sentence a family can read.
function standing(goal: GoalStanding): string {
  const unit = goal.unit ? ` ${goal.unit}` : '';
  const aim = `The goal: from ${shown(goal.baseline)} to ${shown(goal.target)}${unit} by ${goal.targetDate}.`;
  if (!goal.latest) return `No data recorded in these weeks. ${aim}`;
  const moving = goal.trend === null || goal.toward === null ? '' : Math.abs(goal.trend) < 0.01 ? ' The data are level.' : goal.toward ? ' The data are moving toward the goal.' : ' The data are moving away from the goal.';
  const first = goal.first && goal.first.date !== goal.latest.date ? ` (${shown(goal.first.value)} on ${goal.first.date})` : '';
  return `Latest: ${shown(goal.latest.value)}${unit} on ${goal.latest.date}${first}, from ${goal.observations} ${goal.observations === 1 ? 'observation' : 'observations'}.${moving} ${aim}`;
}

function MinutesTable({ caption, first, rows, weeks }: { caption: string; first: string; rows: Minutes[]; weeks: string[] }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">Required a week</th>
            {weeks.map((week, index) => (
              <th scope="col" key={week}>
                {index === weeks.length - 1 ? `This week (${shortDate(week)})` : shortDate(week)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.perWeek} min</td>
              {row.delivered.map((minutes, index) => (
                <td key={weeks[index]}>{minutes} min</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
