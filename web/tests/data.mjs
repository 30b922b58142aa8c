// What the browser tests need to know about the data behind the pages: a day
// on which the para has a goal to take trial data on, what waits in a
// phone's outbox, and what the server holds.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { newPage, signIn } from './harness.mjs';

const run = promisify(execFile);

// The day `days` after `date` (YYYY-MM-DD), by the calendar.
export function addDays(date, days) {
  const day = new Date(date + 'T12:00:00Z');
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// A date as the pages' headings say it: "7 December 2026", or with
// `weekday` "Tuesday 8 December 2026".
export function longDate(date, { weekday = false } = {}) {
  const day = new Date(date + 'T12:00:00Z');
  const text = `${day.getUTCDate()} ${MONTH_NAMES[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
  return weekday ? `${WEEKDAY_NAMES[day.getUTCDay()]} ${text}` : text;
}

// "Mon 7 Dec", as a column of a week is headed.
export function shortDate(date) {
  const day = new Date(date + 'T12:00:00Z');
  return `${WEEKDAY_NAMES[day.getUTCDay()].slice(0, 3)} ${day.getUTCDate()} ${MONTH_NAMES[day.getUTCMonth()].slice(0, 3)}`;
}

// Today on this machine's calendar, YYYY-MM-DD.
export function localToday() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

// The records waiting in the page's outbox (IndexedDB), in full.
export async function outboxRecords(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('paraplan');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').getAll();
          request.onsuccess = () => resolve(request.result.map((entry) => entry.record));
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

export async function outboxIds(page) {
  return (await outboxRecords(page)).map((record) => record.id);
}

// Sends records to POST /api/v1/sync with the page's session, as a phone
// would re-send a batch whose answer it never got.
export async function resend(page, records) {
  const session = await (await page.request.get('/api/v1/session')).json();
  const response = await page.request.post('/api/v1/sync', {
    data: { records },
    headers: { 'X-CSRF-Token': session.csrf_token ?? '' },
  });
  return response.status();
}

// What the server's database holds, read from the file itself so the count
// does not depend on any API's filters: every capture record, and how many
// of `ids` are among them.
async function query(stack, sql) {
  const { stdout } = await run('sqlite3', [stack.database, sql]);
  return stdout.trim();
}

export async function captureCount(stack) {
  return Number(await query(stack, 'SELECT COUNT(*) FROM capture_record'));
}

// The content of the service session stored last, or null when none is.
export async function lastServiceSession(stack) {
  const content = await query(stack, "SELECT content FROM capture_record WHERE kind = 'service_session' ORDER BY received_at DESC, rowid DESC LIMIT 1");
  return content ? JSON.parse(content) : null;
}

export async function capturesHeld(stack, ids) {
  const list = ids.map((id) => `'${id.toLowerCase().replace(/'/g, "''")}'`).join(',');
  return Number(await query(stack, `SELECT COUNT(*) FROM capture_record WHERE lower(id) IN (${list})`));
}

// An API client signed in as one of the demo accounts, for setting up what
// other people would have done before a test's person opens their page.
export async function apiAs(stack, role) {
  const { request } = await import('playwright-core');
  const client = await request.newContext({ baseURL: stack.baseUrl });
  const account = stack.accounts[role];
  const response = await client.post('/api/v1/session', { data: { email: account.email, password: account.password } });
  if (!response.ok()) throw new Error(`sign-in as ${role} answered ${response.status()}: ${await response.text()}`);
  const session = await response.json();
  const principal = session.principal ?? session.account ?? session.user ?? session;
  const csrf = session.csrf_token ?? '';
  const call = async (method, path, data, extra = {}) => {
    const answer = await client.fetch(`/api/v1${path}`, { method, data, headers: method === 'GET' ? extra : { 'X-CSRF-Token': csrf, ...extra } });
    const text = await answer.text();
    if (!answer.ok()) throw new Error(`${method} ${path} as ${role} answered ${answer.status()}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const person = principal.staff_id ? await call('GET', `/staff/${principal.staff_id}`) : {};
  return {
    staffId: principal.staff_id,
    name: [person.first_name, person.last_name].filter(Boolean).join(' ') || role,
    get: (path) => call('GET', path),
    post: (path, data) => call('POST', path, data ?? {}),
    // A record read at `version` changed: the server refuses it if changed since.
    put: (path, data, version) => call('PUT', path, data, version === undefined ? {} : { 'If-Match': `"${version}"` }),
    close: () => client.dispose(),
  };
}

// Minutes an IEP service requires in a week, as the caseload counts them.
export function weeklyMinutes(service) {
  if (service.period === 'day') return service.minutes * 5;
  if (service.period === 'month') return Math.ceil(service.minutes / 4);
  return service.minutes;
}

// Make-up minutes owed per service of a student, after the sessions the API
// lists (the server's rule, domain/capture.h MakeupOwed, written out again
// here: week by week, a week owes what the school missed but no more than
// it fell short of the weekly minutes; make-ups and minutes beyond a week's
// pay it off), with the missed sessions no make-up names yet, oldest first:
// the services still owed, in the IEP's order.
export function makeupsOwed(sessions, services) {
  const owing = (session) => session.outcome === 'missed' && ['provider_absent', 'school_event'].includes(session.missed_reason);
  const monday = (date) => {
    const day = new Date(date + 'T12:00:00Z');
    return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86400000).toISOString().slice(0, 10);
  };
  const named = new Set(sessions.filter((session) => session.makes_up).map((session) => session.makes_up.toLowerCase()));
  const owed = [];
  for (const service of services) {
    const own = sessions.filter((session) => session.service_id === service.id);
    const weeks = new Map();
    for (const session of own) {
      const week = weeks.get(monday(session.date)) ?? { delivered: 0, madeUp: 0, missed: 0 };
      if (session.outcome === 'delivered') week[session.makes_up ? 'madeUp' : 'delivered'] += session.minutes;
      else if (owing(session)) week.missed += session.minutes;
      weeks.set(monday(session.date), week);
    }
    let minutes = 0;
    for (const key of [...weeks.keys()].sort()) {
      const week = weeks.get(key);
      minutes += Math.min(week.missed, Math.max(0, weeklyMinutes(service) - week.delivered));
      minutes = Math.max(0, minutes - week.madeUp - Math.max(0, week.delivered - weeklyMinutes(service)));
    }
    const missed = own.filter((session) => owing(session) && !named.has(session.id.toLowerCase())).sort((a, b) => a.date.localeCompare(b.date) || (a.start ?? '').localeCompare(b.start ?? ''));
    if (minutes > 0) owed.push({ service, minutes, missed });
  }
  return owed;
}

// The items of one page of a list answer (or the list itself).
export const items = (page) => page.items ?? page.records ?? page.plans ?? page;

// The school day on or before `from`: records are for today or earlier (the
// server refuses a record dated in the future), so on a weekend or a holiday
// the para's day is the last day the school taught, recorded late. A plan is
// only taken for a day the school's calendar teaches.
function lastSchoolDay(from, calendars) {
  const closed = (date) =>
    [0, 6].includes(new Date(date + 'T12:00:00Z').getUTCDay()) ||
    calendars.some((calendar) => calendar.first_day <= date && date <= calendar.last_day && calendar.non_instructional_days.includes(date));
  let date = from;
  while (closed(date)) date = addDays(date, -1);
  return date;
}

// The first day `days` or more from today that the signed-in person's school
// teaches (a weekday that no calendar of the school has off): a plan is only
// taken for a day the school teaches.
export async function nextSchoolDay(stack, role, days) {
  const api = await apiAs(stack, role);
  try {
    const person = await api.get(`/staff/${api.staffId}`);
    const calendars = items(await api.get(`/calendars?school_id=${person.school_id}&limit=500`));
    const closed = (date) =>
      [0, 6].includes(new Date(date + 'T12:00:00Z').getUTCDay()) ||
      calendars.some((calendar) => calendar.first_day <= date && date <= calendar.last_day && calendar.non_instructional_days.includes(date));
    let date = addDays(localToday(), days);
    while (closed(date)) date = addDays(date, 1);
    return date;
  } finally {
    await api.close();
  }
}

// Gives the demo para a day to work with, the way the school would: the
// case manager publishes a plan for a lesson in which the para takes trial
// data on one of the case manager's students, and the para is assigned to
// that student for the day. Returns the date and the student. Done once per
// server: a section has one plan a day, so every test that needs the day
// shares it.
export function prepareParaDay(stack) {
  stack.paraDay ??= publishParaDay(stack);
  return stack.paraDay;
}

async function publishParaDay(stack) {
  const teacher = await apiAs(stack, 'special_educator');
  const para = await apiAs(stack, 'paraeducator');
  try {
    let chosen = null;
    for (const student of items(await teacher.get(`/students?case_manager_id=${teacher.staffId}&limit=500`))) {
      const iep = items(await teacher.get(`/students/${student.id}/ieps`)).find((candidate) => candidate.status === 'active');
      const goal = iep?.goals?.find((candidate) => ['percent_of_trials', 'prompt_level'].includes(candidate.measurement));
      if (!goal) continue;
      const enrolment = items(await teacher.get(`/students/${student.id}/enrolments`))[0];
      if (!enrolment) continue;
      chosen = { student, goal, sectionId: enrolment.section_id };
      break;
    }
    if (!chosen) throw new Error('no student on the demo case manager\'s caseload has a trial-measured goal and a section');
    const date = lastSchoolDay(localToday(), items(await teacher.get(`/calendars?school_id=${chosen.student.school_id}&limit=500`)));
    const plan = await teacher.post('/plans', {
      section_id: chosen.sectionId,
      date,
      objective: 'Practise the skill of the week',
      parts: [{ key: 'practice', description: 'Independent practice', minutes: 20 }],
      adults: [
        { staff_id: teacher.staffId, role: 'special_educator', name: teacher.name, presence: 'in_room' },
        { staff_id: para.staffId, role: 'paraeducator', name: para.name, presence: 'in_room' },
      ],
      roles: [
        { staff_id: teacher.staffId, part: 'practice', activity: 'monitor_independent_work', audience: 'whole_class' },
        { staff_id: para.staffId, part: 'practice', activity: 'collect_data', audience: 'individual', student_ids: [chosen.student.id] },
      ],
      data_to_collect: [
        { student_id: chosen.student.id, goal_id: chosen.goal.id, method: chosen.goal.measurement, how: 'Ten trials during independent practice; record the prompt level of each', collector_id: para.staffId },
      ],
    });
    let current = plan;
    for (const step of ['submit', 'review', 'publish']) current = await teacher.post(`/plans/${plan.id}/${step}`, { version: current.version });
    // Through today: on a weekend the para enters Friday's records late.
    await assign(stack, para.staffId, chosen.student.id, date, localToday());
    return { date, student: chosen.student };
  } finally {
    await teacher.close();
    await para.close();
  }
}

// Assigns the para to the student from one day to another. The coordinator does this by
// publishing a schedule; without an assignment endpoint the test writes the
// same row the schedule would.
async function assign(stack, staffId, studentId, from, to) {
  await query(
    stack,
    `INSERT INTO staff_assignment (district_id, staff_id, student_id, start_date, end_date, source)
     SELECT district_id, ${Number(staffId)}, ${Number(studentId)}, '${from}', '${to}', 'manual' FROM staff WHERE id = ${Number(staffId)}`,
  );
}

// A day before today, `days` or more back, on which the school taught and
// the section met: a lesson written up after it was taught. The server
// takes a plan for a past date and flags it late.
export async function pastLessonDay(stack, role, section, days) {
  const api = await apiAs(stack, role);
  try {
    const calendars = items(await api.get(`/calendars?school_id=${section.school_id}&limit=500`));
    const weekdays = section.meetings.map((meeting) => meeting.weekday);
    if (weekdays.length === 0) throw new Error(`section ${section.code} has no meetings`);
    const meets = (date) => weekdays.includes(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][new Date(date + 'T12:00:00Z').getUTCDay()]);
    let date = lastSchoolDay(addDays(localToday(), -days), calendars);
    while (!meets(date)) date = lastSchoolDay(addDays(date, -1), calendars);
    return date;
  } finally {
    await api.close();
  }
}

// The API as the page's own session calls it (its cookie and CSRF token),
// for reading what the server holds after the page changed it, or for
// changing something behind the page's back.
export async function pageApi(page) {
  const session = await (await page.request.get('/api/v1/session')).json();
  const headers = { 'X-CSRF-Token': session.csrf_token ?? '' };
  const call = async (method, path, data) => {
    const answer = await page.request.fetch(`/api/v1${path}`, { method, data, headers: method === 'GET' ? {} : headers });
    const text = await answer.text();
    if (!answer.ok()) throw new Error(`${method} ${path} answered ${answer.status()}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    get: (path) => call('GET', path),
    // A record read at `version` changed: the server refuses it if changed since.
    put: (path, data, version) => call('PUT', path, data, version === undefined ? {} : { 'If-Match': `"${version}"` }),
    delete: (path) => call('DELETE', path),
  };
}

// The school of the signed-in administrator whose page this is.
export async function ownSchool(page) {
  const session = await (await page.request.get('/api/v1/session')).json();
  return (session.principal ?? session).school_id;
}

// A coordinator (the demo's administrator) signed in, on the schedule
// board, and their school.
export async function coordinatorSignedIn(stack, viewport) {
  const browser = await newPage(stack, viewport);
  await signIn(browser.page, stack, 'administrator');
  await browser.page.getByRole('heading', { name: 'Schedule board' }).waitFor();
  return { browser, page: browser.page, schoolId: await ownSchool(browser.page) };
}

// The schedule board's answer for the school's day (GET /api/v1/schedules):
// the schedule the school works to that day, as the board reads it.
export async function boardAnswer(page, schoolId, date) {
  return (await page.request.get(`/api/v1/schedules?school_id=${schoolId}&date=${date}`)).json();
}

// Opens the schedule board on the school's day and waits for its grid.
export async function showBoard(page, schoolId, date) {
  await page.goto(`/schedule?school=${schoolId}&date=${date}`);
  await page.getByRole('table', { name: `Paras by block on ${date}` }).waitFor({ timeout: 30000 });
}

// Opens a coordinator's page as the demo's para, who is told whose page it
// is (`title` is for administrators) and sees none of it (`content`).
export async function paraToldWhosePage(stack, address, title, content) {
  const browser = await newPage(stack);
  const { page } = browser;
  await signIn(page, stack, 'paraeducator');
  await page.goto(address);
  await page.getByRole('heading', { name: 'A page for another role', level: 1 }).waitFor();
  await page.getByText(`${title} is for administrators.`, { exact: false }).waitFor();
  const shown = await page.locator(content).count();
  await browser.close();
  return shown;
}

// The date of `weekday` (0 Monday ... 4 Friday) in the week `weeks` after
// this one, on this machine's calendar.
export function dayOfWeek(weeks, weekday) {
  const day = new Date();
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7) + 7 * weeks + weekday);
  return new Date(day.getTime() - day.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

// Whether a response answers a schedule run or update (POST /api/v1/schedules).
export function scheduleMade(response) {
  return new URL(response.url()).pathname === '/api/v1/schedules' && response.request().method() === 'POST';
}

// Clicks the board's "Mark absent and re-plan" and answers the re-plan the
// server made of the day (201), throwing with the server's answer otherwise.
export async function markAbsentOnBoard(page) {
  const [response] = await Promise.all([
    page.waitForResponse((answer) => /^\/api\/v1\/schedules\/\d+\/replan$/.test(new URL(answer.url()).pathname)),
    page.getByRole('button', { name: 'Mark absent and re-plan' }).click(),
  ]);
  if (response.status() !== 201) throw new Error(`the re-plan answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

// The first day `days` or more from today on which the school teaches and
// the section meets: an upcoming lesson.
export async function nextLessonDay(stack, role, section, days) {
  const weekdays = section.meetings.map((meeting) => meeting.weekday);
  if (weekdays.length === 0) throw new Error(`section ${section.code} has no meetings`);
  const weekday = (date) => ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][new Date(date + 'T12:00:00Z').getUTCDay()];
  let ahead = days;
  for (;;) {
    const date = await nextSchoolDay(stack, role, ahead);
    if (weekdays.includes(weekday(date))) return date;
    ahead = Math.round((Date.parse(date) - Date.parse(localToday())) / 86400000) + 1;
  }
}
