// A student's progress for the case manager: minutes delivered against
// minutes required this week, the week in the school's published para
// schedule (the blocks that give each service its minutes, and the adult
// support, uncovered first), and per goal a chart of the data with the goal
// line (baseline to target by the target date), the trend, and the prompt
// levels over time, with a warning where prompts are not fading; a
// one-to-one designation with the day the IEP team is to review it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { Chart, type ChartSeries } from '../chart';
import { MakeupsOwed } from '../makeup';
import { MissedSessionForm } from '../missed_session';
import { Empty, Loaded, PageHeading, minutesBetween, sentence, shortDate, today, useLoad } from '../components';
import { words } from '../lib/brief';
import {
  type AdultSupportBlock,
  type Capture,
  type Goal,
  type Iep,
  type ScheduledBlock,
  type StudentSchedule,
  deliveredMinutes,
  fetchCaptures,
  fetchIep,
  fetchStudent,
  fetchStudentSchedule,
  meanPromptLevel,
  observationValue,
  oneToOneReview,
  promptTrend,
  promptsNotFading,
  trendLine,
  weekOf,
  weeklyMinutes,
} from '../lib/records';

const DAY = 86400;
const seconds = (date: string) => Date.parse(date + 'T12:00:00Z') / 1000;
// When an observation was taken: its creation time on the phone when it was
// taken that day, else noon of its date.
function timeOf(capture: Capture): number {
  const created = Date.parse(capture.createdAt);
  if (!Number.isNaN(created) && capture.createdAt.slice(0, 10) === capture.date) return Math.round(created / 1000);
  return seconds(capture.date);
}

interface Point {
  id: string;
  date: string;
  x: number;
  value: number;
  prompt: number | null;
}

// The observations in the order they were taken, each at its own x: records
// entered late all sit at noon of their date, and the chart draws one value
// per x, so an observation that shares its time with an earlier one is
// placed a minute after it (on a chart of months, the same spot).
function pointsOf(observations: Capture[], unit: string): Point[] {
  const points = observations
    .map((capture) => ({ id: capture.id, date: capture.date, x: timeOf(capture), createdAt: capture.createdAt, value: observationValue(capture, unit), prompt: meanPromptLevel(capture) }))
    .filter((point): point is typeof point & { value: number } => point.value !== null)
    .sort((a, b) => a.x - b.x || a.createdAt.localeCompare(b.createdAt));
  let previous = -Infinity;
  return points.map(({ createdAt: _, ...point }) => {
    const x = Math.max(point.x, previous + 60);
    previous = x;
    return { ...point, x };
  });
}

// A student id as the server issues them: a positive whole number. Anything
// else in the address (a mistyped or cut-off link) names no student.
function studentIdOf(text: string | undefined): number | null {
  if (!text || !/^[1-9][0-9]*$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

export default function ProgressPage({ params, session }: PageProps) {
  const studentId = studentIdOf(params.id);
  // Checked before anything loads: NaN in useLoad's dependencies never
  // equals itself, so the load would start again after every render.
  if (studentId === null) return <NoSuchStudent text={params.id ?? ''} />;
  return <StudentProgress studentId={studentId} staffId={session.staffId} />;
}

function NoSuchStudent({ text }: { text: string }) {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        <strong>No such student.</strong> “{text}” is not a student's number. <a href="/caseload">Go to your caseload</a>.
      </p>
    </>
  );
}

function StudentProgress({ studentId, staffId }: { studentId: number; staffId: number | null }) {
  const week = weekOf(today());
  // The missed-session form is drawn (and reads the school's paras) only once opened.
  const [missedOpen, setMissedOpen] = useState(false);
  const load = useLoad(async () => {
    const [student, iep] = await Promise.all([fetchStudent(studentId), fetchIep(studentId)]);
    const captures = await fetchCaptures({ student_id: studentId });
    return { student, iep, captures };
  }, [studentId]);

  return (
    <Loaded load={load} what="this student's progress">
      {({ student, iep, captures }) => (
        <>
          <PageHeading title={`Progress: ${student.name}`} />
          <p class="meta">
            Grade {student.grade || '—'} · <a href="/caseload">Back to caseload</a>
          </p>
          {!iep ? (
            <>
              <Empty>
                <p>
                  <strong>No IEP on record.</strong> Progress appears here once {student.name} has an IEP with goals.
                </p>
              </Empty>
              <ScheduleThisWeek studentId={studentId} iep={null} />
            </>
          ) : (
            <>
              <MinutesThisWeek iep={iep} captures={captures.filter((capture) => capture.date >= week.from && capture.date <= week.to)} week={week} />
              {iep.services.length > 0 && (
                <details class="card missed-session" onToggle={(event) => setMissedOpen(event.currentTarget.open)}>
                  <summary>Record a missed session</summary>
                  {missedOpen && <MissedSessionForm studentId={studentId} studentName={student.name} schoolId={student.schoolId} services={iep.services} staffId={staffId} />}
                </details>
              )}
              {iep.oneToOne && <OneToOneReview designation={iep.oneToOne} />}
              {iep.services.length > 0 && <MakeupsOwed studentId={studentId} studentName={student.name} schoolId={student.schoolId} services={iep.services} captures={captures} staffId={staffId} />}
              <ScheduleThisWeek studentId={studentId} iep={iep} />
              <h2>Goals</h2>
              {iep.goals.length === 0 ? (
                <Empty>
                  <p>This IEP has no goals yet.</p>
                </Empty>
              ) : (
                iep.goals.map((goal) => (
                  <GoalProgress key={goal.id} goal={goal} iep={iep} observations={captures.filter((capture) => capture.kind === 'goal_observation' && capture.goalId === goal.id)} />
                ))
              )}
            </>
          )}
        </>
      )}
    </Loaded>
  );
}

// A one-to-one designation (seed 002, "One-to-One Paraprofessional
// Support"): why, since when, and when the IEP team is to review it, with a
// warning once the review is due within a month or has passed.
function OneToOneReview({ designation }: { designation: NonNullable<Iep['oneToOne']> }) {
  const { tag } = oneToOneReview(designation, today());
  return (
    <section class="card one-to-one" aria-labelledby="one-to-one-title">
      <h2 id="one-to-one-title">One-to-one para support</h2>
      <p>
        Since {designation.start || 'the IEP began'}: {designation.justification || 'no justification is recorded.'}
      </p>
      <p>
        {designation.nextReview && <>Next review by the IEP team: {designation.nextReview} </>}
        {tag && <span class={`tag tag-${tag.tone}`}>{tag.text}</span>}
      </p>
      <p class="meta">One-to-one support is decided on documented needs and reviewed regularly by the IEP team; the para fades it gradually as the student builds skills, so that it promotes growth rather than limiting independence.</p>
    </section>
  );
}

function MinutesThisWeek({ iep, captures, week }: { iep: Iep; captures: Capture[]; week: { from: string; to: string } }) {
  const delivered = deliveredMinutes(captures);
  return (
    <section class="card" aria-labelledby="minutes-title">
      <h2 id="minutes-title">Service minutes this week</h2>
      <p class="meta">
        {week.from} to {week.to}; sessions count as soon as they are recorded, reviewed or not.
      </p>
      {iep.services.length === 0 ? (
        <p>No services in this IEP.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Service minutes this week">
          <table>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Setting</th>
                <th scope="col">Delivered</th>
                <th scope="col">Required</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {iep.services.map((service) => {
                const required = weeklyMinutes(service);
                const done = delivered.get(service.id) ?? 0;
                return (
                  <tr key={service.id}>
                    <th scope="row">{words(service.type)}</th>
                    <td>{words(service.setting)}</td>
                    <td>{done} min</td>
                    <td>{required} min</td>
                    <td>{done >= required ? <span class="tag tag-good">Met</span> : <span class="tag tag-warn">{required - done} min to go</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// "Mon 7 Dec, 09:00–09:50": the day of the week first, as a schedule reads.
function whenOf(block: ScheduledBlock): string {
  const date = Number.isNaN(Date.parse(block.date + 'T12:00:00Z')) ? block.date : shortDate(block.date);
  return `${date}, ${block.start}–${block.end}`;
}

// The minutes of a service's block that go to the service: "50", or "40 of
// 50" when the block's other minutes go to another of the student's
// services (a block counts once among them).
function minutesOf(block: ScheduledBlock): string {
  const length = minutesBetween(block.start, block.end);
  if (block.minutes === null) return length === null ? '' : String(length);
  return length === null || block.minutes >= length ? String(block.minutes) : `${block.minutes} of ${length}`;
}

const byTime = (a: ScheduledBlock, b: ScheduledBlock) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start);

// The student's week in the school's published para schedule. The caseload
// links here (#this-week) when adult support is left uncovered: once the
// week has loaded, the page moves to it. Not shown at all when the server
// does not show the schedule to this person.
function ScheduleThisWeek({ studentId, iep }: { studentId: number; iep: Iep | null }) {
  const date = today();
  const load = useLoad(() => fetchStudentSchedule(studentId, date), [studentId, date]);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (load.state !== 'ready' || moved.current || location.hash !== '#this-week') return;
    moved.current = true;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [load.state]);
  if (load.state === 'ready' && load.data === null) return null;
  return (
    <section class="card" aria-labelledby="this-week">
      <h2 id="this-week" tabIndex={-1} ref={heading}>
        This week's schedule
      </h2>
      <Loaded load={load} what="this week's schedule">
        {(schedule) => schedule && <ScheduleWeek schedule={schedule} iep={iep} />}
      </Loaded>
    </section>
  );
}

function ScheduleWeek({ schedule, iep }: { schedule: StudentSchedule; iep: Iep | null }) {
  if (schedule.scheduleId === null) return <p>No schedule is published for this week.</p>;
  const support = [...schedule.adultSupport].sort((a, b) => Number(a.uncoveredReason === null) - Number(b.uncoveredReason === null) || byTime(a, b));
  const uncovered = support.filter((block) => block.uncoveredReason !== null).length;
  return (
    <>
      <p class="meta">Week of {schedule.week} as the school's paras work it: the published schedule, with each day's published re-plan in place.</p>
      <h3>Services paras deliver</h3>
      {schedule.services.length === 0 ? (
        <p>No service in this student's IEP is on the para schedule this week.</p>
      ) : (
        schedule.services.map((service) => {
          // The IEP's weekly minutes, as the minutes table above counts them.
          const matched = iep?.services.find((entry) => entry.id === service.serviceId);
          const required = matched ? weeklyMinutes(matched) : service.minutesPerWeek;
          // Make-up owed for sessions missed in earlier weeks, on top.
          const due = required + service.makeupMinutes;
          const title = words(service.type);
          const short = service.scheduledMinutes < due;
          return (
            <div class="scheduled-service" key={service.serviceId}>
              <h4>
                {title} <span class="meta">({words(service.setting).toLowerCase()})</span>
              </h4>
              <p>
                {service.scheduledMinutes} min scheduled · {required} min required
                {service.makeupMinutes > 0 && <> + {service.makeupMinutes} min make-up owed</>}{' '}
                {short ? (
                  <span class="tag tag-warn">Short by {due - service.scheduledMinutes} min</span>
                ) : (
                  <span class="tag tag-good">Enough</span>
                )}
              </p>
              {service.blocks.length === 0 ? (
                <p class="meta">No block of this week's schedule gives this service.</p>
              ) : (
                // Folded unless the schedule falls short: the minutes are what
                // a case manager checks first, the blocks where they come from.
                <details open={short}>
                  <summary>
                    {service.blocks.length === 1 ? 'The block' : `The ${service.blocks.length} blocks`} that give them
                  </summary>
                  <div class="table-wrap" tabIndex={0} role="region" aria-label={`${title}: blocks this week`}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">When</th>
                          <th scope="col">Room</th>
                          <th scope="col">Para</th>
                          <th scope="col">Minutes</th>
                        </tr>
                      </thead>
                      <tbody>
                        {[...service.blocks].sort(byTime).map((block) => (
                          <tr key={block.date + block.block}>
                            <th scope="row">{whenOf(block)}</th>
                            <td>{block.room}</td>
                            <td>{block.staffName || <span class="meta">Not named</span>}</td>
                            <td>{minutesOf(block)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              )}
            </div>
          );
        })
      )}
      <h3>Adult support</h3>
      {support.length === 0 ? (
        <p>No blocks of adult support this week.</p>
      ) : (
        <>
          <p>
            {uncovered === 0 ? (
              <>All {support.length} blocks covered.</>
            ) : (
              <>
                <strong>
                  {uncovered} of {support.length} blocks not covered.
                </strong>{' '}
                They are listed first, with why no para covers them.
              </>
            )}
          </p>
          {/* A table on wide screens; on a phone, where four columns do not
              fit, the same blocks as a list (only one is ever displayed). */}
          <div class="table-wrap wide-only" tabIndex={0} role="region" aria-label="Adult support this week">
            <table class="adult-support">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Room</th>
                  <th scope="col">Need</th>
                  <th scope="col">Para</th>
                </tr>
              </thead>
              <tbody>
                {support.map((block) => (
                  <SupportRow key={block.date + block.block + block.need} block={block} />
                ))}
              </tbody>
            </table>
          </div>
          <ol class="plain adult-support-list narrow-only" aria-label="Adult support this week">
            {support.map((block) => (
              <li key={block.date + block.block + block.need} class={block.uncoveredReason === null ? undefined : 'uncovered'}>
                <strong>{whenOf(block)}</strong>, {block.room}: {block.need}.
                <br />
                {block.uncoveredReason === null ? (
                  <>Para: {block.staffName || 'not named'}</>
                ) : (
                  <>
                    <span class="tag tag-bad">Not covered</span> {sentence(block.uncoveredReason)}
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function SupportRow({ block }: { block: AdultSupportBlock }) {
  return (
    <tr class={block.uncoveredReason === null ? undefined : 'row-uncovered'}>
      <th scope="row">{whenOf(block)}</th>
      <td>{block.room}</td>
      <td>{block.need}</td>
      <td>
        {block.uncoveredReason === null ? (
          block.staffName || <span class="meta">Covered</span>
        ) : (
          <>
            <span class="tag tag-bad">Not covered</span> {sentence(block.uncoveredReason)}
          </>
        )}
      </td>
    </tr>
  );
}

function GoalProgress({ goal, iep, observations }: { goal: Goal; iep: Iep; observations: Capture[] }) {
  const chart = useMemo(() => {
    const points = pointsOf(observations, goal.unit);
    const start = iep.start ? seconds(iep.start) : (points[0]?.x ?? seconds(today()));
    const end = goal.targetDate ? seconds(goal.targetDate) : start + 180 * DAY;
    const xs = Array.from(new Set([start, end, ...points.map((point) => point.x)])).sort((a, b) => a - b);
    const trend = trendLine(points.map((point) => [point.x, point.value]));
    const first = points[0]?.x;
    const last = points[points.length - 1]?.x;
    const data: ChartSeries = { label: 'Data', color: '#1d4f91', style: 'points', values: xs.map((x) => points.find((point) => point.x === x)?.value ?? null) };
    const goalLine: ChartSeries = {
      label: 'Goal line',
      color: '#1e6b34',
      style: 'dashed',
      values: xs.map((x) => (x === start ? goal.baseline : x === end ? goal.target : null)),
    };
    const trendSeries: ChartSeries = {
      label: 'Trend',
      color: '#a4262c',
      style: 'line',
      values: xs.map((x) => (trend && first !== undefined && last !== undefined && (x === first || x === last) ? trend.slope * x + trend.intercept : null)),
    };
    // A prompt-level goal charts its prompts already.
    const prompts = goal.measurement === 'prompt_level' ? [] : points.filter((point) => point.prompt !== null);
    // Points joined by a line: a lone observation is a point, not nothing.
    const promptSeries: ChartSeries = { label: 'Mean prompt level', color: '#7a4d00', style: 'line-and-points', values: xs.map((x) => prompts.find((point) => point.x === x)?.prompt ?? null) };
    return { xs, points, trend, series: [data, goalLine, trendSeries], promptSeries, hasPrompts: prompts.length > 0, promptTrend: promptTrend(points, today()) };
  }, [goal, iep, observations]);

  const unit = goal.unit || words(goal.measurement).toLowerCase();
  const latest = chart.points[chart.points.length - 1];
  const weekly = chart.trend ? chart.trend.slope * 7 * DAY : 0;
  // Whether the trend heads for the target: up for a goal that rises from
  // its baseline, down for one that falls (fewer incidents, less prompting).
  const toward = weekly * (goal.target - goal.baseline) > 0 ? ', toward the target' : ', away from the target';
  const direction = chart.trend ? (weekly > 0.01 ? `rising${toward}` : weekly < -0.01 ? `falling${toward}` : 'flat') : 'not yet known';
  const summary =
    chart.points.length === 0
      ? `No data yet. Baseline ${goal.baseline}, target ${goal.target} ${unit} by ${goal.targetDate}.`
      : `${chart.points.length} data points; latest ${latest!.value.toFixed(1)} ${unit} on ${latest!.date}; trend ${direction}; goal from ${goal.baseline} to ${goal.target} ${unit} by ${goal.targetDate}.`;

  return (
    <section class="card goal" aria-labelledby={`goal-${goal.id}`}>
      <h3 id={`goal-${goal.id}`}>{goal.statement || `Goal ${goal.id}`}</h3>
      <p class="meta">
        {words(goal.area)} · measured as {words(goal.measurement).toLowerCase()} · baseline {goal.baseline}, target {goal.target} {unit} by {goal.targetDate || 'the end of the IEP'}
      </p>
      {chart.points.length === 0 ? (
        <Empty>
          <p>No data recorded for this goal yet.</p>
        </Empty>
      ) : (
        <>
          {promptsNotFading(chart.promptTrend) && (
            <p class="notice notice-warn prompts-not-fading">
              <strong>Prompts are not fading.</strong> Over the last four weeks ({chart.promptTrend!.count} observations) the mean prompt level is {chart.promptTrend!.mean.toFixed(1)} and {chart.promptTrend!.weekly > 0.05 ? 'rising' : 'not falling'}. Plan with the para how to step back, so that support builds independence rather than reliance on an adult.
            </p>
          )}
          <Chart x={chart.xs} series={chart.series} yLabel={unit} summary={summary} />
          {chart.hasPrompts && (
            <Chart
              x={chart.xs}
              series={[chart.promptSeries]}
              yLabel="prompt level"
              yRange={[0, 5]}
              height={180}
              summary="Mean prompt level per observation: lower is more independent; a falling line means prompts are fading."
            />
          )}
          <details>
            <summary>Data as a table</summary>
            <div class="table-wrap" tabIndex={0} role="region" aria-label={`Data for ${goal.statement}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Value ({unit})</th>
                    <th scope="col">Mean prompt level</th>
                  </tr>
                </thead>
                <tbody>
                  {chart.points.map((point) => (
                    <tr key={point.id}>
                      <td>{point.date}</td>
                      <td>{point.value.toFixed(1)}</td>
                      <td>{point.prompt === null ? '—' : point.prompt.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
