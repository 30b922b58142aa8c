// Browser tests of a student's week in the school's published para schedule,
// as the case manager sees it: on the caseload, each service's scheduled
// minutes beside delivered and required, a warning when the schedule gives
// fewer than the IEP requires, and the adult support it leaves uncovered; on
// a student's progress page, the week's blocks per service and the adult
// support, uncovered first. The expected numbers are read from the API
// (`paraplan demo` publishes a schedule for the current week), never written
// here. Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, expectAccessible, expectReflow, newPage, signIn, skipReason, startStack } from './harness.mjs';
import { addDays, apiAs, items, localToday, weeklyMinutes } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

// The IEP the pages show: the active one, else the newest.
function iepInEffect(ieps) {
  return ieps.find((iep) => iep.status === 'active') ?? [...ieps].sort((a, b) => b.start.localeCompare(a.start))[0] ?? null;
}

const blocks = (count) => (count === 1 ? '1 block' : `${count} blocks`);

// The demo case manager's students, each with the IEP the pages show and the
// student's week in the published schedule (of `date`), as the API gives them.
async function caseloadWeeks(stack, date = localToday()) {
  const teacher = await apiAs(stack, 'special_educator');
  try {
    const students = items(await teacher.get(`/students?case_manager_id=${teacher.staffId}&limit=500`));
    return await Promise.all(
      students.map(async (student) => ({
        student,
        name: [student.first_name, student.last_name].filter(Boolean).join(' '),
        iep: iepInEffect(items(await teacher.get(`/students/${student.id}/ieps`))),
        week: await teacher.get(`/students/${student.id}/schedule?date=${date}`),
      })),
    );
  } finally {
    await teacher.close();
  }
}

// Each IEP service's line on the caseload, in the IEP's order, with the
// scheduled minutes the API gives it (undefined when the schedule lists it not).
function serviceLines({ iep, week }) {
  return (iep?.services ?? []).map((service) => ({
    service,
    required: weeklyMinutes(service),
    scheduled: week.services.find((entry) => entry.service_id === service.id),
  }));
}

const uncoveredOf = (week) => week.adult_support.filter((block) => block.uncovered_reason);

// A student's row of the caseload table.
const rowOf = (page, name) => page.getByRole('region', { name: 'Caseload' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

describe("a student's week in the para schedule, in the browser", { skip: skip ?? false }, () => {
  let stack;
  let weeks;
  before(async () => {
    stack = await startStack();
    weeks = await caseloadWeeks(stack);
  });
  after(async () => {
    await stack?.stop();
  });

  test('caseload_shows_each_services_scheduled_minutes_as_the_api_gives_them_and_warns_when_short', async () => {
    const browser = await newPage(stack, DESKTOP);
    const { page } = browser;
    await signIn(page, stack, 'special_educator');
    await page.getByRole('region', { name: 'Caseload' }).waitFor();
    await page.getByRole('columnheader', { name: 'This week (service minutes delivered / required · scheduled)' }).waitFor();
    // `paraplan demo` publishes every school's schedule for this week.
    assert.ok(weeks.length > 0 && weeks.every(({ week }) => week.schedule_id !== null), 'every caseload student has a published week');
    let short = 0;
    for (const entry of weeks) {
      const lines = serviceLines(entry);
      if (lines.length === 0) continue;
      const shown = rowOf(page, entry.name).getByRole('listitem');
      assert.equal(await shown.count(), lines.length, `${entry.name}: one line per IEP service`);
      for (const [index, { service, required, scheduled }] of lines.entries()) {
        const text = (await shown.nth(index).textContent()).replace(/\s+/g, ' ');
        const what = `${entry.name}, service ${service.id}: "${text}"`;
        assert.match(text, new RegExp(`: \\d+ delivered / ${required} required`), what);
        if (!scheduled) {
          assert.match(text, /· not on the para schedule/, what);
          assert.doesNotMatch(text, /scheduled|schedule short/, what);
          continue;
        }
        // Make-up owed for sessions the demo's recorded weeks missed, on top.
        const makeup = scheduled.makeup_minutes ?? 0;
        const owed = makeup > 0 ? ` \\+ ${makeup} make-up owed` : '';
        assert.match(text, new RegExp(`/ ${required} required${owed} · ${scheduled.scheduled_minutes} scheduled`), what);
        if (scheduled.scheduled_minutes < required + makeup) {
          short += 1;
          assert.match(text, new RegExp(`schedule short by ${required + makeup - scheduled.scheduled_minutes} min`), what);
        } else {
          assert.doesNotMatch(text, /schedule short/, what);
        }
      }
    }
    assert.ok(short > 0, 'the caseload showed a shortfall');
    // Every week is published: nothing says otherwise, for the page or a student.
    assert.equal(await page.getByText(/No para schedule is published/).count(), 0);
    await expectAccessible(page, 'the caseload with the week in the schedule (desktop)');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'the caseload with the week in the schedule (phone)');
    await expectReflow(page, 'the caseload with the week in the schedule');
    await browser.close();
  });

  test('caseload_links_uncovered_adult_support_to_the_students_week', async () => {
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    await signIn(page, stack, 'special_educator');
    await page.getByRole('region', { name: 'Caseload' }).waitFor();
    for (const { student, name, week } of weeks) {
      const uncovered = uncoveredOf(week).length;
      const row = rowOf(page, name);
      if (uncovered > 0) {
        const link = row.getByRole('link', { name: `${blocks(uncovered)} of adult support not covered this week` });
        assert.equal(await link.getAttribute('href'), `/students/${student.id}#this-week`, name);
      } else if (week.adult_support.length > 0) {
        await row.getByText(`Adult support: all ${blocks(week.adult_support.length)} covered.`).waitFor();
      } else {
        assert.equal(await row.getByText(/adult support/i).count(), 0, name);
      }
    }
    const chosen = weeks.find(({ week }) => uncoveredOf(week).length > 0);
    assert.ok(chosen, 'some caseload student has adult support the schedule leaves uncovered');
    await rowOf(page, chosen.name).getByRole('link', { name: /of adult support not covered this week$/ }).click();
    await page.getByRole('heading', { name: `Progress: ${chosen.name}` }).waitFor();
    const heading = page.getByRole('heading', { level: 2, name: "This week's schedule" });
    await heading.waitFor();
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, `/students/${chosen.student.id}#this-week`);
    // The page moves to the week once it has loaded: focus on its heading, in view.
    await page.waitForFunction(() => document.activeElement?.id === 'this-week', null, { timeout: 5000 });
    // (Scrolled to the top of the view, give or take a fraction of a pixel.)
    const top = await heading.evaluate((element) => element.getBoundingClientRect().top);
    assert.ok(top > -1 && top < PHONE.height / 2, `the heading is in view (at ${top} px)`);
    await browser.close();
  });

  test('progress_page_lists_each_services_blocks_and_the_uncovered_adult_support_first', async () => {
    // A student with a service scheduled short and uncovered adult support, if any has both.
    const has = (entry) => [serviceLines(entry).some(({ required, scheduled }) => scheduled && scheduled.scheduled_minutes < required), uncoveredOf(entry.week).length > 0];
    const chosen = weeks.find((entry) => has(entry).every(Boolean)) ?? weeks.find((entry) => has(entry).some(Boolean));
    const { student, name, iep, week } = chosen;
    const browser = await newPage(stack, DESKTOP);
    const { page } = browser;
    await signIn(page, stack, 'special_educator');
    await page.goto(`/students/${student.id}`);
    const section = page.locator('section[aria-labelledby="this-week"]');
    await section.getByRole('heading', { name: 'Services paras deliver' }).waitFor();
    // Where a case manager looks: after the minutes, before the goals.
    const headings = await page.locator('main').getByRole('heading').evaluateAll((found) => found.map((heading) => `${heading.tagName} ${heading.textContent}`));
    const at = (text) => headings.findIndex((heading) => heading.startsWith(text));
    assert.ok(at('H2 Service minutes this week') < at("H2 This week's schedule") && at("H2 This week's schedule") < at('H2 Goals'), headings.join(' | '));

    const services = section.locator('.scheduled-service');
    assert.equal(await services.count(), week.services.length);
    for (const [index, service] of week.services.entries()) {
      const shown = services.nth(index);
      const iepService = iep.services.find((entry) => entry.id === service.service_id);
      const required = iepService ? weeklyMinutes(iepService) : service.minutes_per_week;
      const text = (await shown.locator('p').first().textContent()).replace(/\s+/g, ' ');
      const makeup = service.makeup_minutes ?? 0;
      const owed = makeup > 0 ? ` \\+ ${makeup} min make-up owed` : '';
      assert.match(text, new RegExp(`^${service.scheduled_minutes} min scheduled · ${required} min required${owed}`), text);
      const short = service.scheduled_minutes < required + makeup;
      if (short) assert.match(text, new RegExp(`Short by ${required + makeup - service.scheduled_minutes} min`), text);
      if (service.blocks.length === 0) continue;
      // The blocks are shown at once when the schedule falls short, else one click away.
      const details = shown.locator('details');
      assert.equal(await details.evaluate((element) => element.open), short, `${text}: blocks open only when short`);
      if (!short) await details.locator('summary').click();
      const rows = shown.getByRole('table').locator('tbody tr');
      assert.equal(await rows.count(), service.blocks.length);
      // Rooms and paras, in the order of the week.
      const byTime = [...service.blocks].sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
      assert.deepEqual(await rows.locator('td:nth-child(2)').allTextContents(), byTime.map((block) => block.room));
      assert.deepEqual(await rows.locator('td:nth-child(3)').allTextContents(), byTime.map((block) => block.staff_name ?? 'Not named'));
      // The part of each block that goes to the service, "40 of 50" when
      // another of the student's services has the rest; together the minutes scheduled.
      const clock = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
      assert.deepEqual(
        await rows.locator('td:nth-child(4)').allTextContents(),
        byTime.map((block) => {
          const length = clock(block.end) - clock(block.start);
          return block.minutes < length ? `${block.minutes} of ${length}` : String(block.minutes);
        }),
      );
      assert.equal(service.blocks.reduce((sum, block) => sum + block.minutes, 0), service.scheduled_minutes);
      assert.match(await rows.first().getByRole('rowheader').textContent(), new RegExp(`^\\w{3} \\d{1,2} \\w{3}, ${byTime[0].start}–${byTime[0].end}$`));
    }

    const uncovered = uncoveredOf(week);
    const support = section.getByRole('region', { name: 'Adult support this week' }).locator('tbody tr');
    assert.equal(await support.count(), week.adult_support.length);
    if (uncovered.length > 0) await section.getByText(`${uncovered.length} of ${week.adult_support.length} blocks not covered.`).waitFor();
    const paras = await support.locator('td:nth-child(4)').allTextContents();
    // Uncovered first, each with its reason; then the covered, each with its para.
    for (const [index, text] of paras.entries()) {
      if (index < uncovered.length) assert.match(text, /^Not covered /, `row ${index}: ${text}`);
      else assert.doesNotMatch(text, /Not covered/, `row ${index}: ${text}`);
    }
    const reasons = paras.slice(0, uncovered.length).map((text) => text.replace(/^Not covered /, '').toLowerCase().replace(/\.$/, ''));
    assert.deepEqual(reasons.sort(), uncovered.map((block) => block.uncovered_reason.toLowerCase()).sort());
    assert.deepEqual(
      paras.slice(uncovered.length).sort(),
      week.adult_support.filter((block) => !block.uncovered_reason).map((block) => block.staff_name).sort(),
    );
    await expectAccessible(page, `${name}'s week in the schedule (desktop)`);
    // On a phone the adult support is a list, in the same order.
    await page.setViewportSize(PHONE);
    const items = section.getByRole('list', { name: 'Adult support this week' }).getByRole('listitem');
    await items.first().waitFor();
    const listed = await items.allTextContents();
    assert.equal(listed.length, week.adult_support.length);
    assert.deepEqual(listed.map((text) => text.includes('Not covered')), paras.map((text) => text.startsWith('Not covered')));
    await expectAccessible(page, `${name}'s week in the schedule (phone)`);
    await expectReflow(page, `${name}'s week in the schedule`);
    await browser.close();
  });

  test('a_week_with_nothing_published_is_said_once_on_the_caseload_and_on_the_progress_page', async () => {
    // Four weeks on, nothing is published: the pages ask for the week of the day the browser says it is.
    const later = addDays(localToday(), 28);
    const laterWeeks = await caseloadWeeks(stack, later);
    assert.ok(laterWeeks.every(({ week }) => week.schedule_id === null), `nothing is published for the week of ${later}`);
    const browser = await newPage(stack, PHONE);
    const { page } = browser;
    // The browser's clock is set before anything loads: moved under a page
    // already shown, it would make the session look idle for four weeks.
    await page.clock.setFixedTime(new Date(`${later}T10:00:00`));
    await signIn(page, stack, 'special_educator');
    await page.getByRole('region', { name: 'Caseload' }).waitFor();
    await page.getByText('No para schedule is published for this week.').waitFor();
    assert.equal(await page.getByText('No para schedule is published for this week.').count(), 1);
    // The column says what it holds, and no student's row repeats the notice.
    await page.getByRole('columnheader', { name: 'Services this week (delivered / required)', exact: true }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Caseload' }).getByText(/scheduled|para schedule|adult support/i).count(), 0);
    await expectAccessible(page, 'the caseload without a published schedule');
    await expectReflow(page, 'the caseload without a published schedule');

    await page.goto(`/students/${laterWeeks[0].student.id}`);
    const section = page.locator('section[aria-labelledby="this-week"]');
    await section.getByText('No schedule is published for this week.').waitFor();
    assert.equal(await section.getByRole('table').count(), 0);
    await expectAccessible(page, 'a progress page without a published schedule');
    await browser.close();
  });

  test('one_students_unpublished_week_is_said_in_that_students_row', async () => {
    const [unpublished, ...others] = weeks;
    const browser = await newPage(stack, DESKTOP);
    const { page } = browser;
    await page.route(`**/api/v1/students/${unpublished.student.id}/schedule?*`, (route) =>
      route.fulfill({ json: { student_id: unpublished.student.id, week: unpublished.week.week, schedule_id: null, services: [], adult_support: [] } }),
    );
    await signIn(page, stack, 'special_educator');
    await page.getByRole('region', { name: 'Caseload' }).waitFor();
    const row = rowOf(page, unpublished.name);
    await row.getByText("No para schedule is published for this student's school this week.").waitFor();
    assert.equal(await row.getByText(/scheduled|not on the para schedule|adult support/i).count(), 0);
    assert.equal(await page.getByText('No para schedule is published for this week.').count(), 0);
    await page.getByRole('columnheader', { name: 'This week (service minutes delivered / required · scheduled)' }).waitFor();
    const other = others.find((entry) => serviceLines(entry).some(({ scheduled }) => scheduled));
    assert.ok(await rowOf(page, other.name).getByText(/ scheduled/).count() > 0, 'the other students keep their scheduled minutes');
    await browser.close();
  });

  test('a_refused_schedule_is_not_shown_and_breaks_neither_page', async () => {
    const [refused] = weeks;
    const browser = await newPage(stack, DESKTOP);
    const { page } = browser;
    const asked = [];
    await page.route(`**/api/v1/students/${refused.student.id}/schedule?*`, (route) => {
      asked.push(route.request().url());
      return route.fulfill({ status: 403, json: { error: { code: 'forbidden', message: 'not allowed to read this schedule' } } });
    });
    await signIn(page, stack, 'special_educator');
    await page.getByRole('region', { name: 'Caseload' }).waitFor();
    // Its row shows minutes delivered and required, and nothing of the schedule.
    const row = rowOf(page, refused.name);
    await row.getByRole('listitem').first().waitFor();
    assert.match(await row.getByRole('listitem').first().textContent(), / delivered \/ \d+ required/);
    assert.equal(await row.getByText(/scheduled|para schedule|adult support/i).count(), 0);
    assert.equal(await page.locator('main').getByRole('alert').count(), 0);

    await page.goto(`/students/${refused.student.id}`);
    await page.getByRole('heading', { name: 'Service minutes this week' }).waitFor();
    await page.getByRole('heading', { name: 'Goals' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.ok(asked.length >= 2, 'both pages asked for the week');
    assert.equal(await page.getByRole('heading', { name: "This week's schedule" }).count(), 0);
    assert.equal(await page.locator('main').getByRole('alert').count(), 0);
    await browser.close();
  });
});
