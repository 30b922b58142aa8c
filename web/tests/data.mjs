// What the browser tests need to know about the data behind the pages: a day
// on which the para has a goal to take trial data on, what waits in a
// phone's outbox, and what the server holds.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

function addDays(date, days) {
  const day = new Date(date + 'T12:00:00Z');
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

function localToday() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

// The first school day from today on which the signed-in para's brief has a
// student with a goal measured by trials. Asked through the page's own
// session, as the page would.
export async function dayWithTrialGoal(page) {
  const start = localToday();
  for (let offset = 0; offset < 21; offset++) {
    const date = addDays(start, offset);
    const response = await page.request.get(`/api/v1/me/day?date=${date}`);
    if (!response.ok()) throw new Error(`GET /api/v1/me/day?date=${date} answered ${response.status()}: ${await response.text()}`);
    const brief = await response.json();
    for (const block of brief.blocks ?? []) {
      for (const student of block.students ?? []) {
        if ((student.goals ?? []).some((goal) => ['percent_of_trials', 'prompt_level', undefined].includes(goal.method ?? goal.measurement))) return date;
      }
    }
  }
  throw new Error(`the demo para has no student with a trial-measured goal in the 21 days from ${start}`);
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

export async function capturesHeld(stack, ids) {
  const list = ids.map((id) => `'${id.toLowerCase().replace(/'/g, "''")}'`).join(',');
  return Number(await query(stack, `SELECT COUNT(*) FROM capture_record WHERE lower(id) IN (${list})`));
}
