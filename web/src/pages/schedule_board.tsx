// The coordinator's schedule board: paras by block for a school and day, the
// optimizer run, the update of a published week with the fewest changes, the
// needs not covered and why, and an absence re-plan; a re-plan and an update
// are shown as their changes before they are published, and a draft can be
// changed by hand, para by para and block by block. Below the board, the
// school's keep-apart list (the paras who must never support a student).
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageProps } from '../app';
import { ActionError, Empty, type FormProblem, type Load, Loaded, PageHeading, addDays, clockTime, isDate, listInWords, plural, schoolDay, sentence, today, useLoad } from '../components';
import { ChangeDialog, ChangesToMake, type HandChange, type ParaBlock, changeInWords, makeChanges, refusalOf } from '../hand_changes';
import { KeepApartSection } from '../keep_apart';
import { StudentAbsenceSection } from '../student_absences';
import { ApiError, api } from '../lib/api';
import { announce } from '../lib/announce';
import { words } from '../lib/brief';
import type { Json } from '../lib/json';
import { navigate } from '../lib/router';
import { type Change, type Schedule, type ShortService, scheduleFromJson, summarizeUncovered } from '../lib/schedule';
import { ForSchool } from '../schools';

async function documented(path: string): Promise<boolean> {
  try {
    const description = await api.get<{ paths?: Record<string, unknown> }>('/openapi.json');
    return Object.keys(description.paths ?? {}).some((documentedPath) => documentedPath === path || documentedPath === path.replace('/api/v1', ''));
  } catch {
    return false;
  }
}

export default function ScheduleBoardPage({ session, query }: PageProps) {
  // The school and day are in the address (?school=&date=), so a reload or
  // Back keeps them. Without a day, on a weekend, the coordinator plans the
  // coming Monday.
  const schoolId = Number(query.get('school')) || (session.schoolId ?? 0);
  const asked = query.get('date') ?? '';
  const date = isDate(asked) ? asked : schoolDay(today());
  const show = (school: number, day: string) => navigate(`/schedule?school=${school}&date=${day}`);

  return (
    <>
      <PageHeading title="Schedule board" />
      <ForSchool schoolId={schoolId} staffSchoolId={session.schoolId}>
        {(school, list) => (
          <>
            <div class="toolbar">
              {list.length === 1 ? (
                <p class="field board-school">
                  School: <strong>{school.name}</strong>
                </p>
              ) : (
                <div class="field">
                  <label for="board-school">School</label>
                  <select id="board-school" value={school.id} onChange={(event) => show(Number(event.currentTarget.value), date)}>
                    {list.map((item) => (
                      <option key={item.id} value={item.id}>
                        {item.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div class="field">
                <label for="board-date">Day</label>
                <input id="board-date" type="date" value={date} onChange={(event) => show(school.id, event.currentTarget.value || schoolDay(today()))} />
              </div>
            </div>
            <Board key={`${school.id}-${date}`} schoolId={school.id} date={date} />
            {/* The school's, whichever day is shown. */}
            <KeepApartSection key={school.id} schoolId={school.id} />
          </>
        )}
      </ForSchool>
    </>
  );
}

function Board({ schoolId, date }: { schoolId: number; date: string }) {
  // Read again after a change, the board stays as it was until the answer
  // comes, so the coordinator keeps their place (and focus) in it.
  const current = useLoad(async (): Promise<Schedule | null> => {
    try {
      return scheduleFromJson(await api.get<Json>('/schedules', { school_id: schoolId, date }));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      // 404 means "no schedule for this day" only where the server has the
      // schedule API at all; its OpenAPI description says which it is.
      if (await documented('/api/v1/schedules')) return null;
      throw new ApiError(404, 'not_available', 'Scheduling is not available on this server yet: it has no schedule API. The board works once the server provides it.');
    }
  }, [schoolId, date], { keep: true });
  const [busy, setBusy] = useState('');
  // The action that failed, shown beside its own button: at the top of the
  // board a phone showed it far from the button tapped.
  const [failure, setFailure] = useState<{ place: Place; failed: string; error: unknown } | null>(null);
  // A re-plan to review before publishing, with its heading; `byHand` for a
  // published day copied to be changed by hand (nobody away or back).
  const [replan, setReplan] = useState<{ schedule: Schedule; title: string; byHand?: boolean } | null>(null);
  // A new re-plan opens below the board, off a phone's screen: focus (and
  // so the view) moves to its heading, where the changes start.
  const replanHeading = useRef<HTMLHeadingElement>(null);
  // Only a new re-plan takes focus: one changed by hand stays where it is.
  const replanIsNew = useRef(false);
  useEffect(() => {
    if (replan && replanIsNew.current) replanHeading.current?.focus();
    replanIsNew.current = false;
  }, [replan]);
  const openReplan = (schedule: Schedule, title: string, byHand = false) => {
    replanIsNew.current = true;
    setReplan({ schedule, title, byHand });
  };
  // A week's update just made. It is the week's newest schedule, as a run's
  // draft is, so the board shows it in place of the day's schedule until it
  // is published; focus moves to its changes as to a re-plan's. (Read later,
  // the day's schedule is the update itself, shown the same way.)
  const [update, setUpdate] = useState<Schedule | null>(null);
  const updateHeading = useRef<HTMLHeadingElement>(null);
  // Only a new update takes focus: one changed by hand stays where it is.
  useEffect(() => {
    if (update) updateHeading.current?.focus();
  }, [update?.id]);

  async function act(label: string, place: Place, failed: string, run: () => Promise<void>) {
    setBusy(label);
    setFailure(null);
    try {
      await run();
    } catch (error) {
      setFailure({ place, failed, error });
    } finally {
      setBusy('');
    }
  }

  const failedAt = (place: Place) =>
    failure?.place === place ? <ActionError error={failure.error} failed={failure.failed} id={`${place}-error`} reword={withoutIds} labels={FIELD_LABELS} /> : null;

  const runOptimizer = () =>
    act('Running the optimizer', 'run', 'run the optimizer', async () => {
      const result = scheduleFromJson(await api.post<Json>('/schedules', { school_id: schoolId, date }));
      setReplan(null);
      setUpdate(null);
      current.reload();
      announce(`Schedule made: ${result.uncovered.length} ${result.uncovered.length === 1 ? 'need' : 'needs'} not covered.`);
    });

  // The week's published schedule made again for the school as it is now,
  // with the fewest changes (422 when the week has none published).
  const updateWeek = () =>
    act('Updating the published week', 'update', 'update the published week', async () => {
      const result = scheduleFromJson(await api.post<Json>('/schedules', { school_id: schoolId, date, update: true }));
      setReplan(null);
      setUpdate(result);
      const newly = result.uncovered.filter((need) => need.newly).length;
      announce(
        `Update of the published week ready: ${plural(result.changes.length, 'change', 'changes')} on ${date}, ${plural(newly, 'need', 'needs')} newly not covered. Review it before publishing.`,
      );
    });

  // A week's update just made is shown in place of the day's schedule.
  const shown: Load<Schedule | null> = update ? { state: 'ready', data: update, reloading: false, reload: current.reload } : current;

  return (
    <Loaded load={shown} what="the schedule">
      {(schedule) => (
        <>
          {/* Once the week has a schedule, two ways to make it again, each
              with what it does to the paras' weeks: the board cannot tell
              whether a draft's week was published before, so the update is
              offered and the server says when there is nothing to update. */}
          <div class="board-actions">
            <div class="board-action">
              <button
                type="button"
                class={'button' + (schedule ? '' : ' button-primary')}
                onClick={runOptimizer}
                disabled={!!busy}
                aria-describedby={schedule ? 'run-hint' : undefined}
              >
                {busy === 'Running the optimizer' ? 'Running the optimizer…' : schedule ? 'Run the optimizer again' : 'Run the optimizer'}
              </button>
              {schedule && (
                <p class="hint" id="run-hint">
                  Solves the week afresh: every para's week may change.
                </p>
              )}
              {failedAt('run')}
            </div>
            {schedule && (
              <div class="board-action">
                <button type="button" class="button" onClick={updateWeek} disabled={!!busy} aria-describedby="update-hint">
                  {busy === 'Updating the published week' ? 'Updating the published week…' : 'Update the published week'}
                </button>
                <p class="hint" id="update-hint">
                  Keeps every para's week and changes only what the school's changes need (a student's day, a para who joined or left).
                </p>
                {failedAt('update')}
              </div>
            )}
          </div>
          {/* A draft update is published from its changes, below. */}
          {schedule && schedule.status !== 'published' && schedule.id && schedule.updatedFrom === undefined && (
            <div class="actions">
              <button
                type="button"
                class="button button-primary"
                disabled={!!busy}
                onClick={() =>
                  act('Publishing', 'board', 'publish the schedule', async () => {
                    await api.post(`/schedules/${schedule.id}/publish`);
                    current.reload();
                    announce('Schedule published. Paras see it in My day.');
                  })
                }
              >
                Publish
              </button>
              <button
                type="button"
                class="button"
                disabled={!!busy}
                aria-describedby="discard-hint"
                onClick={() =>
                  act('Discarding', 'board', 'discard the draft', async () => {
                    await api.delete(`/schedules/${schedule.id}`);
                    setReplan(null);
                    current.reload();
                    announce('Draft discarded. The board shows the published week again, if there is one.');
                  })
                }
              >
                Discard this draft
              </button>
              <p class="hint" id="discard-hint">
                Throws this draft away; the paras keep working to the published week.
              </p>
            </div>
          )}
          {failedAt('board')}
          {!schedule ? (
            <>
              <Empty>
                <p>
                  <strong>No schedule for this day yet.</strong> Run the optimizer to place paras where students need adult support.
                </p>
              </Empty>
              {/* Before the first run: where students could share a para. */}
              <NeedsLink schoolId={schoolId} date={date} />
            </>
          ) : (
            <>
              <p>
                <span class={'tag' + (schedule.status === 'published' ? ' tag-good' : ' tag-warn')}>{words(schedule.status || 'draft')}</span> {schedule.objective}
              </p>
              <WorkbookLink schedule={schedule} />
              <MinutesLink schedule={schedule} schoolId={schoolId} date={date} />
              <PrintLink schoolId={schoolId} date={date} />
              <NeedsLink schoolId={schoolId} date={date} />
              <ShortServices schedule={schedule} level={2} />
              {schedule.updatedFrom !== undefined && schedule.status !== 'published' && (
                <UpdateSection
                  schedule={schedule}
                  date={date}
                  headingRef={updateHeading}
                  busy={!!busy}
                  error={failedAt('publish-update')}
                  onPublish={() =>
                    act('Publishing the update', 'publish-update', 'publish the update', async () => {
                      await api.post(`/schedules/${schedule.id}/publish`);
                      setUpdate(null);
                      current.reload();
                      announce('Update published. Paras see it in My day.');
                    })
                  }
                  onDiscard={() =>
                    act('Discarding the update', 'publish-update', 'discard the update', async () => {
                      await api.delete(`/schedules/${schedule.id}`);
                      setUpdate(null);
                      current.reload();
                      announce('Update discarded. The board shows the published week again.');
                    })
                  }
                />
              )}
              {schedule.blocks.length === 0 ? (
                // A weekend: the week's schedule has no block that day, so
                // nothing to show, nothing covered and no absence to plan.
                <Empty>
                  <p>
                    <strong>No school blocks on {date}.</strong> The schedule covers the week's school days: choose a weekday.
                  </p>
                </Empty>
              ) : (
                <>
                  {/* A draft is changed by hand before it is published. */}
                  {schedule.status === 'draft' && schedule.id ? (
                    <DraftGrid
                      key={schedule.id}
                      schedule={schedule}
                      schoolId={schoolId}
                      caption={`Paras by block on ${date}`}
                      onMade={(result) => (update ? setUpdate(scheduleFromJson(result)) : current.reload())}
                      onReload={() => {
                        setUpdate(null);
                        current.reload();
                      }}
                    />
                  ) : (
                    <Grid schedule={schedule} caption={`Paras by block on ${date}`} />
                  )}
                  <UncoveredList schedule={schedule} />
                  <ParasTold schedule={schedule} />
                  <AbsenceForm
                    schedule={schedule}
                    date={date}
                    busy={!!busy}
                    error={failedAt('absence')}
                    onAway={(absentId, absentName, lastDay) =>
                      // Days away: one update of the published week re-plans them all.
                      act('Updating the published week', 'absence', `mark ${absentName} away`, async () => {
                        const result = scheduleFromJson(
                          await api.post<Json>('/schedules', { school_id: schoolId, date, update: true, away: { staff_id: absentId, first_day: date, last_day: lastDay } }),
                        );
                        setReplan(null);
                        setUpdate(result);
                        announce(
                          `Update of the published week ready with ${absentName} away from ${date} to ${lastDay}: ${plural(result.changes.length, 'change', 'changes')} on ${date}. Review it before publishing.`,
                        );
                      })
                    }
                    onReplan={(absentId, absentName) =>
                      act('Re-planning', 'absence', 'make the re-plan', async () => {
                        const result = scheduleFromJson(await api.post<Json>(`/schedules/${schedule.id}/replan`, { date, absent_staff_id: absentId }));
                        // Everyone away that day: a re-plan of a day that had one keeps its absence.
                        const away = namesOf(result, result.absent);
                        openReplan(result, `Re-plan with ${listInWords(away.length > 0 ? away : [absentName])} absent`);
                        announce(`Re-plan ready: ${result.changes.length} changes, ${result.uncovered.length} needs not covered. Review it before publishing.`);
                      })
                    }
                  />
                  <AwayList
                    schedule={schedule}
                    busy={!!busy}
                    error={failedAt('back')}
                    onBack={(staffId, name) =>
                      act('Re-planning', 'back', `take back ${name}'s absence`, async () => {
                        const result = scheduleFromJson(await api.post<Json>(`/schedules/${schedule.id}/back`, { date, staff_id: staffId }));
                        const still = namesOf(result, result.absent);
                        openReplan(result, `Re-plan with ${name} back at work` + (still.length > 0 ? `, ${listInWords(still)} still absent` : ''));
                        announce(`Re-plan ready: ${result.changes.length} changes, ${result.uncovered.length} needs not covered. Review it before publishing.`);
                      })
                    }
                  />
                  <StudentAbsenceSection
                    schoolId={schoolId}
                    date={date}
                    updates={schedule.status === 'published' || schedule.updatedFrom !== undefined}
                    planned={new Set([...schedule.cells.values()].flatMap((cell) => cell.studentIds))}
                    busy={!!busy}
                    error={failedAt('students-absent')}
                    onChanged={(said) =>
                      schedule.status === 'published' || schedule.updatedFrom !== undefined
                        ? // The published week made again without the student those days.
                          act('Updating the published week', 'students-absent', 'update the published week', async () => {
                            const result = scheduleFromJson(await api.post<Json>('/schedules', { school_id: schoolId, date, update: true }));
                            setReplan(null);
                            setUpdate(result);
                            announce(`${said} Update of the published week ready: ${plural(result.changes.length, 'change', 'changes')} on ${date}. Review it before publishing.`);
                          })
                        : announce(`${said} It applies when you run the optimizer again.`)
                    }
                  />
                  <ChangeDayForm
                    schedule={schedule}
                    busy={!!busy}
                    error={failedAt('change-day')}
                    onChange={() =>
                      act('Copying the day', 'change-day', 'copy the day to change it', async () => {
                        const result = scheduleFromJson(await api.post<Json>(`/schedules/${schedule.id}/day`, { date }));
                        openReplan(result, `Changes by hand to ${date}`, true);
                        announce(`The day is ready to change: use a para's Change button, then publish the day.`);
                      })
                    }
                  />
                </>
              )}
              {replan && (
                <section class="card replan" aria-labelledby="replan-title">
                  <h2 id="replan-title" ref={replanHeading} tabIndex={-1}>
                    {replan.title}
                  </h2>
                  {replan.schedule.changes.length === 0 ? (
                    <p>
                      {replan.byHand
                        ? "No changes from the week's schedule yet: change a para's block below, then publish the day."
                        : replan.schedule.returned !== undefined
                          ? "No changes from the week's schedule: everyone has their own day again."
                          : 'No changes needed.'}
                    </p>
                  ) : (
                    <Changes changes={replan.schedule.changes} from="the week's schedule" of="re-plan" id="replan" />
                  )}
                  {replan.schedule.status === 'draft' && <ToldOnPublish schedule={replan.schedule} />}
                  {/* A draft re-plan is changed by hand as a week's draft is,
                      on its own day, before it is published. */}
                  {replan.schedule.status === 'draft' && replan.schedule.id && (
                    <DraftGrid
                      key={replan.schedule.id}
                      schedule={replan.schedule}
                      schoolId={schoolId}
                      caption={replan.byHand ? `Each para's day as changed, ${date}` : `Each para's day in the re-plan, ${date}`}
                      level={3}
                      onMade={(result) => setReplan({ ...replan, schedule: scheduleFromJson(result) })}
                      onReload={async () => {
                        // Published since, the re-plan is the board's day;
                        // changed by someone else, it is read again.
                        try {
                          const read = scheduleFromJson(await api.get<Json>(`/schedules/${replan.schedule.id}`, { date }));
                          if (read.status === 'draft') {
                            setReplan({ ...replan, schedule: read });
                            return;
                          }
                        } catch {
                          // Discarded since, or not read: the board is read again without it.
                        }
                        setReplan(null);
                        current.reload();
                      }}
                    />
                  )}
                  <UncoveredList schedule={replan.schedule} />
                  <ShortServices schedule={replan.schedule} level={3} />
                  <div class="actions">
                    <button
                      type="button"
                      class="button button-primary"
                      disabled={!!busy || !replan.schedule.id}
                      onClick={() =>
                        act('Publishing the re-plan', 'replan', replan.byHand ? 'publish the changed day' : 'publish the re-plan', async () => {
                          await api.post(`/schedules/${replan.schedule.id}/publish`);
                          setReplan(null);
                          current.reload();
                          announce(replan.byHand ? 'Changed day published. Paras see it in My day.' : 'Re-plan published.');
                        })
                      }
                    >
                      {replan.byHand ? 'Publish the changed day' : 'Publish the re-plan'}
                    </button>
                    <button
                      type="button"
                      class="button"
                      disabled={!!busy || !replan.schedule.id}
                      onClick={() =>
                        // The draft re-plan is thrown away, not only closed: the day
                        // stays as published and can be re-planned afresh.
                        act('Discarding the re-plan', 'replan', replan.byHand ? 'discard the changes' : 'discard the re-plan', async () => {
                          await api.delete(`/schedules/${replan.schedule.id}`);
                          setReplan(null);
                          announce(replan.byHand ? 'Changes discarded. The day stays as published.' : 'Re-plan discarded. The day stays as published.');
                        })
                      }
                    >
                      {replan.byHand ? 'Discard the changes' : 'Discard the re-plan'}
                    </button>
                  </div>
                  {failedAt('replan')}
                </section>
              )}
            </>
          )}
        </>
      )}
    </Loaded>
  );
}

// Where an action's button is: its error is shown there.
// The board's controls a refusal can name, by the API's field names.
const FIELD_LABELS: Record<string, string> = {
  absent_staff_id: 'Absent para',
  'away.staff_id': 'Absent para',
  'away.first_day': 'Day',
  'away.last_day': 'Last day away',
};

type Place = 'run' | 'update' | 'board' | 'publish-update' | 'absence' | 'back' | 'change-day' | 'replan' | 'students-absent';

// A draft update of the published week: what it is, the day's changes from
// the published week and the way to publish it. The update changes the whole
// week, so the other days are a choice of day away.
function UpdateSection({
  schedule,
  date,
  headingRef,
  busy,
  error,
  onPublish,
  onDiscard,
}: {
  schedule: Schedule;
  date: string;
  headingRef: RefObject<HTMLHeadingElement>;
  busy: boolean;
  error: ComponentChildren;
  onPublish: () => void;
  onDiscard: () => void;
}) {
  return (
    <section class="card update" aria-labelledby="update-title">
      <h2 id="update-title" ref={headingRef} tabIndex={-1}>
        Update of the published week: {plural(schedule.changes.length, 'change', 'changes')} on {date}
      </h2>
      <p>
        A draft of the week made from the published schedule (schedule {schedule.updatedFrom}) with the fewest changes. Other days of the week may change
        too: choose another day above to see theirs. Paras work to the published week until this update is published.
      </p>
      {schedule.absent.length > 0 && (
        <p>
          Away on {date} in this update: {listInWords(namesOf(schedule, schedule.absent))}.
        </p>
      )}
      {schedule.changes.length === 0 ? (
        <p>No changes on {date}: every para's day is as in the published week.</p>
      ) : (
        <Changes changes={schedule.changes} from="the published week" of="update" id="update" />
      )}
      <ToldOnPublish schedule={schedule} />
      <div class="actions">
        <button type="button" class="button button-primary" disabled={busy || !schedule.id} onClick={onPublish}>
          Publish the update
        </button>
        <button type="button" class="button" disabled={busy || !schedule.id} onClick={onDiscard}>
          Discard the update
        </button>
      </div>
      {error}
    </section>
  );
}

// A re-plan's or an update's changes of the day: a table on wide screens; on
// a phone, where four columns do not fit, the same changes as a list (only
// one is ever displayed).
function Changes({ changes, from, of, id }: { changes: Change[]; from: string; of: string; id: string }) {
  return (
    <>
      <div class="table-wrap wide-only" tabIndex={0} role="region" aria-label={`Changes in the ${of}`}>
        <table>
          <caption>Changes from {from}</caption>
          <thead>
            <tr>
              <th scope="col">Block</th>
              <th scope="col">Para</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change, index) => (
              <tr key={index}>
                <td>{change.block}</td>
                <td>{change.para}</td>
                <td>
                  <del>{change.before || '—'}</del>
                </td>
                <td>
                  <ins>{change.after || '—'}</ins>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="narrow-only">
        <h3 id={`${id}-changes-title`}>Changes from {from}</h3>
        <ol class="plain changes" aria-labelledby={`${id}-changes-title`}>
          {changes.map((change, index) => (
            <li key={index}>
              <strong>{change.block}</strong>, {change.para}: <del>{change.before || '—'}</del> → <ins>{change.after || '—'}</ins>
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}

// The server names schedules and plans by their ids ("publish the week's
// schedule 7 first"); the board shows no ids, so they are left out.
function withoutIds(message: string): string {
  return message.replace(/\b(schedule|re-plan|replan|plan)s? \d+\b/gi, (match, noun: string) => (match.endsWith('s') ? `${noun}s` : noun));
}

// The changes made by hand, said once: the draft on the board shows them.
const CHANGES_MADE = 'Changes made: the draft shows them. Publish it when it is ready.';

// A draft's grid, each para's block with a Change button, and below it the
// changes listed to make together. The week's draft is the board's; a
// re-plan's sits in its own section, its heading a level below.
function DraftGrid({
  schedule,
  schoolId,
  caption,
  level = 2,
  onMade,
  onReload,
}: {
  schedule: Schedule;
  schoolId: number;
  caption: string;
  level?: 2 | 3;
  onMade: (result: Json) => void;
  onReload: () => void;
}) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const [changing, setChanging] = useState<ParaBlock | null>(null);
  // The Change button pressed: focus goes back to it when the form closes.
  const opener = useRef<HTMLButtonElement | null>(null);
  const [changes, setChanges] = useState<HandChange[]>([]);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<FormProblem[]>([]);
  const [conflict, setConflict] = useState('');
  const [made, setMade] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (refused.length > 0) summary.current?.focus();
  }, [refused]);

  const start = () => {
    setMade(false);
    setRefused([]);
    setConflict('');
  };

  async function make() {
    start();
    setBusy(true);
    try {
      onMade(await makeChanges(schedule.id, changes));
      setChanges([]);
      setMade(true);
      announce(CHANGES_MADE);
      heading.current?.focus();
    } catch (error) {
      // 409: the schedule was published, or another coordinator changed the
      // draft since the board read it: the board must be read again first.
      if (error instanceof ApiError && error.status === 409) setConflict(`The changes were not made. ${sentence(withoutIds(error.message).replace(/^schedule\b/, 'the schedule'))}`);
      else setRefused(refusalOf(error, changes));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Grid
        schedule={schedule}
        caption={caption}
        onChange={(at, button) => {
          opener.current = button;
          start();
          setChanging(at);
        }}
      />
      {changing && (
        <ChangeDialog
          schedule={schedule}
          schoolId={schoolId}
          at={changing}
          onAdd={(change) => {
            // A second change of the same para's block replaces the first.
            const same = changes.findIndex((listed) => listed.staffId === change.staffId && listed.block === change.block);
            setChanges(same < 0 ? [...changes, change] : changes.map((listed, index) => (index === same ? change : listed)));
            announce(`Listed: ${changeInWords(change)}. Make the changes below the board once the list is complete.`);
          }}
          onClose={() => {
            setChanging(null);
            opener.current?.focus();
          }}
        />
      )}
      <section class="card hand-changes" aria-labelledby="hand-changes-title">
        <Heading id="hand-changes-title" ref={heading} tabIndex={-1}>
          Changes by hand
        </Heading>
        <p class="hint">
          Change a para's block with its Change button in the board above; the changes are listed here and made together, so a duty can move (its
          old block free, the new one the duty). The server checks them against every rule before the draft changes.
        </p>
        {made && <p class="notice notice-good">{CHANGES_MADE}</p>}
        {conflict && (
          <div class="notice notice-error" role="alert">
            <p>{conflict}</p>
            <button
              type="button"
              class="button"
              onClick={() => {
                setConflict('');
                onReload();
              }}
            >
              Reload the board
            </button>
          </div>
        )}
        <ChangesToMake
          changes={changes}
          busy={busy}
          refused={refused}
          summary={summary}
          onRemove={(index) => {
            start();
            setChanges(changes.filter((_, place) => place !== index));
            heading.current?.focus();
          }}
          onMake={make}
        />
      </section>
    </>
  );
}

function Grid({ schedule, caption, onChange }: { schedule: Schedule; caption: string; onChange?: (at: ParaBlock, button: HTMLButtonElement) => void }) {
  if (schedule.paras.length === 0) return <p>No paras are scheduled.</p>;
  // On a draft, each para's block has its Change button, named for the para
  // and the block ("Change Ana Ruiz at 09:00"); a para away that day has
  // no block to change.
  const change = (para: { id: number; name: string }, block: string) =>
    onChange &&
    schedule.cells.get(`${para.id}|${block}`)?.kind !== 'off' && (
      <button
        type="button"
        class="button button-small cell-change"
        onClick={(event) => onChange({ paraId: para.id, para: para.name, block }, event.currentTarget)}
      >
        Change<span class="visually-hidden"> {para.name} at {block.split('–')[0]}</span>
      </button>
    );
  return (
    <div class="table-wrap board" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Para</th>
            {schedule.blocks.map((block) => (
              <th scope="col" key={block}>
                {block}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {schedule.paras.map((para) => (
            <tr key={para.id}>
              <th scope="row">{para.name}</th>
              {schedule.blocks.map((block) => {
                const cell = schedule.cells.get(`${para.id}|${block}`);
                if (!cell)
                  return (
                    <td key={block} class="cell-free">
                      Free
                      {change(para, block)}
                    </td>
                  );
                return (
                  <td key={block} class={`cell-${cell.kind}`}>
                    {cell.kind === 'support' || cell.students.length > 0 ? (
                      <>
                        {cell.room && <div class="meta">{cell.room}</div>}
                        {cell.students.join(', ') || words(cell.kind)}
                      </>
                    ) : (
                      words(cell.kind)
                    )}
                    {change(para, block)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UncoveredList({ schedule }: { schedule: Schedule }) {
  const headingId = `uncovered-${schedule.id || 'current'}`;
  const needs = schedule.uncovered;
  // A re-plan's and an update's needs are against the schedule they change:
  // the ones they left uncovered come first.
  const against = schedule.kind === 'replan' ? 'absence' : schedule.updatedFrom !== undefined ? 'update' : null;
  const newly = needs.filter((need) => need.newly);
  const before = needs.filter((need) => !need.newly);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Needs not covered</h2>
      {needs.length === 0 ? (
        <p class="notice notice-good">Every adult-support need is covered.</p>
      ) : (
        <>
          <UncoveredSummaryText needs={needs} />
          {against ? (
            <>
              <h3>
                Left uncovered by the {against} ({newly.length})
              </h3>
              {newly.length === 0 ? (
                <p class="notice notice-good">Every need the {against === 'update' ? 'published week' : 'schedule'} covered is still covered.</p>
              ) : (
                <NeedList needs={newly} />
              )}
              {before.length > 0 && (
                <details>
                  <summary>
                    Not covered in the {against === 'update' ? 'published week' : "week's schedule"} either ({before.length})
                  </summary>
                  <NeedList needs={before} />
                </details>
              )}
            </>
          ) : (
            <NeedList needs={needs} />
          )}
        </>
      )}
    </section>
  );
}

// One sentence on why needs are uncovered, and the skills no para at work
// had: the coordinator's lead for training or hiring (seed 001's toolkit).
function UncoveredSummaryText({ needs }: { needs: Schedule['uncovered'] }) {
  const summary = summarizeUncovered(needs);
  const reasons = [
    summary.noQualified > 0 && `${plural(summary.noQualified, 'needs', 'need')} a skill or credential no para at work has`,
    summary.allBusy > 0 && `${plural(summary.allBusy, 'finds', 'find')} every qualified para busy`,
    summary.groupsFull > 0 && `${plural(summary.groupsFull, 'finds', 'find')} the qualified paras' groups full`,
  ].filter(Boolean);
  return (
    <>
      <p class="uncovered-summary">
        {plural(needs.length, 'need is', 'needs are')} not covered{reasons.length > 0 ? `: ${reasons.join('; ')}.` : '.'}
      </p>
      {summary.missingSkills.length > 0 && (
        <p class="uncovered-summary">
          <strong>Skills no para at work has:</strong>{' '}
          {summary.missingSkills.map(({ skill, blocks }) => `${skill} (${plural(blocks, 'block', 'blocks')})`).join(', ')}. Training a para in
          them, or scheduling one who has them, would cover these.
        </p>
      )}
    </>
  );
}

function NeedList({ needs }: { needs: Schedule['uncovered'] }) {
  return (
    <ul class="plain uncovered">
      {needs.map((need, index) => (
        <li key={index}>
          {/* The need's words may hold the skills in parentheses ("adult
              support (reading intervention)"), so they are not put in
              parentheses again: one sentence for the need, one for why. */}
          <strong>{need.student}</strong> at {need.block}
          {need.need ? ` needs ${need.need}.` : ':'} {sentence(need.reason || 'no reason given')}
        </li>
      ))}
    </ul>
  );
}

// How many short services show before "Show all": a large school may have
// dozens, and the board is read on a phone.
const SHORT_SHOWN = 5;

// The IEP services the week gives fewer minutes in their setting than the
// IEP requires, the largest shortfall first. It is a fact of the week (for a
// published schedule, the week as the paras work it, its published re-plans
// in place; for a draft, a re-plan or an update, that draft's week), so it
// reads the same whichever day is shown, and says so. Nothing is shown when
// the server does not say.
function ShortServices({ schedule, level }: { schedule: Schedule; level: 2 | 3 }) {
  const [all, setAll] = useState(false);
  const services = schedule.shortServices;
  if (!services) return null;
  const id = `short-${schedule.id || 'current'}`;
  const Heading = level === 2 ? 'h2' : 'h3';
  const shown = all ? services : services.slice(0, SHORT_SHOWN);
  const week = schedule.week ? `the week of ${schedule.week}` : 'the week';
  return (
    <section class="short-services" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>IEP minutes the week leaves short</Heading>
      {services.length === 0 ? (
        <p class="notice notice-good">Every IEP service paras deliver gets its minutes this week.</p>
      ) : (
        <>
          <p class="hint">
            For {week} as a whole, whichever day is shown: {plural(services.length, 'IEP service gets', 'IEP services get')} fewer minutes than the
            IEP requires, the largest shortfall first.
          </p>
          <ol class="plain short-list" id={`${id}-list`}>
            {shown.map((service, index) => (
              <ShortServiceItem key={index} service={service} />
            ))}
          </ol>
          {services.length > SHORT_SHOWN && (
            <button type="button" class="button" aria-expanded={all} aria-controls={`${id}-list`} onClick={() => setAll(!all)}>
              {all ? `Show the first ${SHORT_SHOWN} only` : `Show all ${services.length} short services`}
            </button>
          )}
        </>
      )}
    </section>
  );
}

// "Ana Diaz, math support in the general education classroom: 50 of 120 min
// a week scheduled (70 short)"; with make-up owed, "50 of 150 min scheduled
// this week, 120 a week and 30 make-up owed (100 short)".
function ShortServiceItem({ service }: { service: ShortService }) {
  const type = words(service.type);
  const what = [type.charAt(0).toLowerCase() + type.slice(1), inSetting(service.setting)].filter(Boolean).join(' ');
  const due = service.required + service.makeup;
  const of =
    service.makeup > 0
      ? `${service.scheduled} of ${due} min scheduled this week, ${service.required} a week and ${service.makeup} make-up owed`
      : `${service.scheduled} of ${service.required} min a week scheduled`;
  return (
    <li>
      <strong>{service.student}</strong>
      {what && `, ${what}`}: {of} ({due - service.scheduled} short
      {service.daysAbsent > 0 && `; absent ${plural(service.daysAbsent, 'day', 'days')} this week`})
    </li>
  );
}

// Where a service is delivered, as a phrase: "in the general education classroom".
function inSetting(setting: string): string {
  if (!setting) return '';
  if (setting === 'other') return 'in another setting';
  return `in the ${words(setting).toLowerCase()}`;
}

function AbsenceForm({
  schedule,
  date,
  busy,
  error,
  onReplan,
  onAway,
}: {
  schedule: Schedule;
  date: string;
  busy: boolean;
  error: ComponentChildren;
  onReplan: (id: number, name: string) => void;
  onAway: (id: number, name: string, lastDay: string) => void;
}) {
  // Paras already away that day are not offered: they are off already.
  const atWork = schedule.paras.filter((para) => !schedule.absent.includes(para.id));
  const [absent, setAbsent] = useState(atWork[0]?.id ?? 0);
  // The last day away, this day to the week's Friday: more than one day is
  // an update of the published week.
  const friday = addDays(date, 5 - new Date(date + 'T12:00:00Z').getUTCDay());
  const [lastDay, setLastDay] = useState(date);
  useEffect(() => setLastDay(date), [date]);
  // Any other day than this one goes to the server, which says what is wrong
  // with a day before it or after the week.
  const through = lastDay || date;
  if (atWork.length === 0) return null;
  // A re-plan changes one day of a published schedule: the re-plan of a
  // draft could never be published, so none is offered.
  if (schedule.status !== 'published') {
    return (
      <section class="card" aria-labelledby="absence-title">
        <h2 id="absence-title">A para is absent</h2>
        <p>Publish this schedule or discard it first. A re-plan for an absent para changes one day of a published schedule, so a draft cannot be re-planned.</p>
      </section>
    );
  }
  return (
    <form
      class="card"
      aria-labelledby="absence-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const name = schedule.paras.find((para) => para.id === absent)?.name ?? `Para ${absent}`;
        if (through !== date) onAway(absent, name, through);
        else onReplan(absent, name);
      }}
    >
      <h2 id="absence-title">A para is absent</h2>
      <div class="field">
        <label for="absent-para">Absent para</label>
        <select id="absent-para" value={absent} onChange={(event) => setAbsent(Number(event.currentTarget.value))}>
          {atWork.map((para) => (
            <option key={para.id} value={para.id}>
              {para.name}
            </option>
          ))}
        </select>
      </div>
      {friday > date && (
        <div class="field">
          <label for="absent-through">Last day away</label>
          <p class="hint" id="absent-through-hint">
            This day alone is a re-plan of the day. Up to {friday} (the week's Friday), every day away is re-planned in one update of the published week.
          </p>
          <input
            id="absent-through"
            type="date"
            min={date}
            max={friday}
            value={lastDay}
            aria-describedby="absent-through-hint"
            onChange={(event) => setLastDay(event.currentTarget.value || date)}
          />
        </div>
      )}
      <button type="submit" class="button" disabled={busy || !schedule.id}>
        {through !== date ? 'Mark away and update the week' : 'Mark absent and re-plan'}
      </button>
      {error}
    </form>
  );
}

// The paras away on the published day, each with a way to take the absence
// back when they come in after all (or were marked by mistake).
function AwayList({ schedule, busy, error, onBack }: { schedule: Schedule; busy: boolean; error: ComponentChildren; onBack: (id: number, name: string) => void }) {
  if (schedule.status !== 'published' || schedule.absent.length === 0) return null;
  return (
    <section class="card" aria-labelledby="away-title">
      <h2 id="away-title">Away on {schedule.date}</h2>
      <ul class="plain away">
        {schedule.absent.map((id) => {
          const name = namesOf(schedule, [id])[0];
          return (
            <li key={id}>
              {name}{' '}
              <button type="button" class="button" disabled={busy || !schedule.id} onClick={() => onBack(id, name)}>
                Back at work: re-plan
                <span class="visually-hidden"> with {name}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {error}
    </section>
  );
}

// A published day changed by hand when nobody is away: the day is copied
// as a draft, changed with each para's Change button and published. (A
// draft week is changed as it is, with the buttons on its grid.)
function ChangeDayForm({ schedule, busy, error, onChange }: { schedule: Schedule; busy: boolean; error: ComponentChildren; onChange: () => void }) {
  if (schedule.status !== 'published' || !schedule.id) return null;
  return (
    <section class="card" aria-labelledby="change-day-title">
      <h2 id="change-day-title">Change this day by hand</h2>
      <p id="change-day-hint" class="hint">
        For what the optimizer cannot know: a para needed at the office, a pairing that works better today. The paras keep working to the published day until you publish the changed one.
      </p>
      <button type="button" class="button" disabled={busy} aria-describedby="change-day-hint" onClick={onChange}>
        Copy the day to change it
      </button>
      {error}
    </section>
  );
}

// A published re-plan: whether each para whose day it changes has read the
// change on My day, so the coordinator knows whom to tell in person.
function ParasTold({ schedule }: { schedule: Schedule }) {
  const told = schedule.told ?? [];
  if (schedule.status !== 'published' || told.length === 0) return null;
  const unread = told.filter((para) => para.seenAt === null).length;
  return (
    <section class="card paras-told" aria-labelledby="paras-told-title">
      <h2 id="paras-told-title">Paras told of the changes</h2>
      <p>{unread === 0 ? 'Every para whose day changed has read the change.' : `${plural(unread, 'para has', 'paras have')} not read the change to their day yet: tell them in person.`}</p>
      <ul>
        {told.map((para) => (
          <li key={para.id}>
            {para.name}: {para.seenAt === null ? <strong>not read yet</strong> : `read at ${clockTime(new Date(para.seenAt * 1000))}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

// A draft's changes of the day, as the paras at work will learn of them
// once it is published: each sees the change on My day and says when they
// have read it (Paras told of the changes).
function ToldOnPublish({ schedule }: { schedule: Schedule }) {
  const away = namesOf(schedule, schedule.absent);
  const names = [...new Set(schedule.changes.map((change) => change.para))].filter((name) => !away.includes(name));
  if (names.length === 0) return null;
  return (
    <p class="told-on-publish">
      Once published, {listInWords(names)} {names.length === 1 ? 'sees' : 'see'} the change on My day, and the board shows when {names.length === 1 ? 'they have' : 'each has'} read it.
    </p>
  );
}

// The paras' names, in the order of `ids`.
function namesOf(schedule: Schedule, ids: number[]): string[] {
  return ids.map((id) => schedule.paras.find((para) => para.id === id)?.name ?? `Para ${id}`);
}

// A page or file made from the board's day, linked beside the schedule; the
// hint in brackets says what it holds and is read with the link. `name`
// gives the paragraph's class (name-link) and the hint's id (name-hint).
function BoardLink({ name, href, download, hint, children }: { name: string; href: string; download?: boolean; hint: string; children: ComponentChildren }) {
  const hintId = `${name}-hint`;
  return (
    <p class={`${name}-link`}>
      <a href={href} download={download || undefined} aria-describedby={hintId}>
        {children}
      </a>
      <span class="hint" id={hintId}>
        {' '}
        ({hint})
      </span>
    </p>
  );
}

// The schedule of the shown schedule's week: a re-plan's is its week's.
function weekIdOf(schedule: Schedule) {
  return schedule.kind === 'replan' && schedule.baseId !== undefined ? schedule.baseId : schedule.id;
}

// The week as a spreadsheet to print or share: a re-plan's is its week's,
// with the day's published re-plan in place.
function WorkbookLink({ schedule }: { schedule: Schedule }) {
  const weekId = weekIdOf(schedule);
  if (!weekId) return null;
  return (
    <BoardLink
      name="workbook"
      href={`/api/v1/schedules/${weekId}/workbook`}
      download
      hint={`XLSX: each para's blocks day by day, the needs not covered, the IEP minutes short and every service's minutes required, scheduled and delivered${schedule.status === 'published' ? '' : '; this draft, as it stands'}`}
    >
      Download the week as a spreadsheet
    </BoardLink>
  );
}

// Every IEP service's minutes over the week (required, make-up owed,
// scheduled, delivered so far), the workbook's sheet on a page.
function MinutesLink({ schedule, schoolId, date }: { schedule: Schedule; schoolId: number; date: string }) {
  const weekId = weekIdOf(schedule);
  if (!weekId) return null;
  return (
    <BoardLink name="minutes" href={`/schedule/minutes?schedule=${weekId}&school=${schoolId}&date=${date}`} hint="every service paras deliver: minutes required, make-up owed, scheduled and delivered so far this week">
      IEP minutes of every service
    </BoardLink>
  );
}

// Each para's week on paper, for mailboxes, the staff-room wall and paras
// who cannot use a phone in class: the week as the school works to it.
function PrintLink({ schoolId, date }: { schoolId: number; date: string }) {
  return (
    <BoardLink name="print" href={`/schedule/print?school=${schoolId}&date=${date}`} hint="a page per para: their blocks day by day, with the room and students or the duty">
      Print each para's week
    </BoardLink>
  );
}

// The day's students' needs block by block, with or without a schedule:
// where students with similar needs could share a para, and the groups no
// para at work may support.
function NeedsLink({ schoolId, date }: { schoolId: number; date: string }) {
  return (
    <BoardLink name="needs" href={`/schedule/needs?school=${schoolId}&date=${date}`} hint="this day's students who need an adult, block by block, and those who could share a para">
      Students' needs by block
    </BoardLink>
  );
}
