// Browser tests of each para's week to print, from the schedule board: the
// board's link, a section per para the week schedules, a para's places day
// by day as the API's day views give them (the room and students, or the
// duty; Away on a day whose published re-plan has the para absent), and the
// page as printed: the app around it left out, each para's week from the
// top of a sheet, as wide as the sheet, black on white. The expected places
// are read from the board's day views (`GET /api/v1/schedules`, which the
// page's week answers day by day), never written here; the demo publishes a schedule for this week and next. Real
// server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, describedAs, expectAccessible, expectReflow, skipReason, startStack } from './harness.mjs';
import { apiAs, boardAnswer, coordinatorSignedIn, dayOfWeek, longDate, paraToldWhosePage, shortDate } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

const DUTIES = { lunch: 'Lunch', break: 'Break', data_entry: 'Data entry' };

// This week's school days, Monday to Friday.
const thisWeek = () => [0, 1, 2, 3, 4].map((weekday) => dayOfWeek(0, weekday));

describe("each para's week to print, from the schedule board", { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('the_coordinator_prints_each_paras_week_as_the_api_gives_it', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const days = thisWeek();

    // A para away on Thursday, as the coordinator marks one: the day's
    // re-plan, published.
    const coordinator = await apiAs(stack, 'administrator');
    let away;
    try {
      const thursday = await coordinator.get(`/schedules?school_id=${schoolId}&date=${days[3]}`);
      away = thursday.paras[thursday.paras.length - 1];
      const replan = await coordinator.post(`/schedules/${thursday.id}/replan`, { date: days[3], absent_staff_id: away.id });
      await coordinator.post(`/schedules/${replan.id}/publish`);
    } finally {
      await coordinator.close();
    }
    // What the page reads, day by day.
    const views = [];
    for (const date of days) views.push(await boardAnswer(page, schoolId, date));
    assert.ok(views.every((view) => view.status === 'published'), 'the demo publishes this week');
    assert.deepEqual(views[3].absent_staff_ids, [away.id]);

    await page.goto(`/schedule?school=${schoolId}&date=${days[2]}`);
    await page.getByRole('table', { name: `Paras by block on ${days[2]}` }).waitFor({ timeout: 30000 });
    const link = page.getByRole('link', { name: "Print each para's week", exact: true });
    assert.match(await describedAs(link), /^\(a page per para: their blocks day by day, with the room and students or the duty\)$/);
    await link.click();
    const heading = page.getByRole('heading', { name: `Paras' weeks, week of ${longDate(days[0])}`, level: 1 });
    await heading.waitFor();
    const address = new URL(page.url());
    assert.equal(address.pathname + address.search, `/schedule/print?school=${schoolId}&date=${days[2]}`);
    const sections = page.locator('section.para-week');
    await sections.first().waitFor({ timeout: 30000 });
    await page.locator('.print-school .tag', { hasText: 'Published' }).waitFor();
    assert.equal(await page.getByText('No schedule for', { exact: false }).count(), 0, 'every day of the week has its schedule');

    // A section per para the week schedules, headed with their name.
    const names = [...new Set(views.flatMap((view) => view.paras.map((para) => para.name)))].sort();
    assert.deepEqual((await sections.locator('h2').allTextContents()).sort(), names);
    assert.ok(names.includes(away.name), 'the para away on Thursday has their week too');

    // A para who supports students on Monday: their places on Monday and
    // Tuesday are the API's, block by block.
    const para = views[0].paras.find((candidate) => candidate.id !== away.id && views[0].assignments.some((slot) => slot.para_id === candidate.id && slot.kind === 'support'));
    assert.ok(para, 'a para supports students on Monday');
    const week = await readWeek(page, para.name);
    assert.deepEqual(week.columns, ['Time', ...days.map(shortDate)]);
    let supported = 0;
    for (const index of [0, 1]) {
      for (const block of views[index].blocks) {
        const time = `${block.start}–${block.end}`;
        const expected = placeOf(views[index], para.id, block);
        if (expected.length > 1) supported += 1;
        assert.deepEqual(week.rows[time]?.[index], expected, `${para.name} on ${days[index]} at ${time}`);
      }
    }
    assert.ok(supported > 0, 'the para is with students in some block of the two days');

    // The para away on Thursday is Away in every block that day.
    const awayWeek = await readWeek(page, away.name);
    const thursday = Object.values(awayWeek.rows).map((places) => places[3]);
    assert.ok(thursday.length > 0);
    assert.ok(thursday.every((place) => place.length === 1 && place[0] === 'Away'), `${away.name} is Away on Thursday: ${JSON.stringify(thursday)}`);

    await expectAccessible(page, "each para's week to print");
    await page.setViewportSize(PHONE);
    await expectAccessible(page, "each para's week to print on a phone");
    await expectReflow(page, "each para's week to print");

    // Printed, on a sheet about as wide as A4 is between its margins.
    await page.setViewportSize({ width: 700, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).isVisible(), false, 'no navigation on paper');
    assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), false, 'no Print button on paper');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).isVisible(), false, 'no header on paper');
    assert.equal(await heading.isVisible(), true);
    const breaks = await sections.evaluateAll((all) => all.map((section) => getComputedStyle(section).breakBefore));
    assert.deepEqual(breaks, ['auto', ...Array(names.length - 1).fill('page')], "each para's week after the first starts a sheet");
    const overflowing = await sections.locator('.table-wrap').evaluateAll((all) => all.filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1).length);
    assert.equal(overflowing, 0, "every para's week fits the sheet's width");
    const ink = await sections.first().locator('td').first().evaluate((cell) => {
      const style = getComputedStyle(cell);
      return [style.color, style.backgroundColor, getComputedStyle(document.body).backgroundColor];
    });
    assert.deepEqual(ink, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)', 'rgb(255, 255, 255)'], 'black on white');
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.getByRole('button', { name: 'Print' }).isVisible(), true);
    await browser.close();
  });

  test('a_draft_week_and_a_day_without_a_schedule_are_said_as_such', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack);
    const days = thisWeek();
    // The demo's week is published and has every day: the server's answer
    // is changed to a draft's, with no schedule on Friday.
    await page.route(`**/api/v1/schools/${schoolId}/week?*`, async (route) => {
      const response = await route.fetch();
      const week = await response.json();
      week.days = week.days.map((day) => ({ ...day, schedule: day.date === days[4] ? null : { ...day.schedule, status: 'draft' } }));
      await route.fulfill({ response, json: week });
    });
    await page.goto(`/schedule/print?school=${schoolId}&date=${days[0]}`);
    await page.locator('section.para-week').first().waitFor({ timeout: 30000 });
    await page.locator('.print-school .tag', { hasText: 'Draft' }).waitFor();
    await page.getByText('Not published yet: paras do not see it in My day, and it may still change.').waitFor();
    await page.getByText(`No schedule for ${shortDate(days[4])}.`, { exact: true }).waitFor();
    const week = await readWeek(page, await page.locator('section.para-week h2').first().textContent());
    assert.ok(Object.values(week.rows).every((places) => places[4].join() === 'No schedule'), 'Friday says it has no schedule');
    await expectAccessible(page, 'a draft week with a day without a schedule');
    await browser.close();
  });

  test('a_week_without_a_schedule_says_so_and_leads_to_the_board', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack);
    // Three weeks ahead: the demo publishes this week and next only.
    const date = dayOfWeek(3, 1);
    await page.goto(`/schedule/print?school=${schoolId}&date=${date}`);
    await page.getByRole('heading', { name: `Paras' weeks, week of ${longDate(dayOfWeek(3, 0))}`, level: 1 }).waitFor();
    await page.getByText(new RegExp(`^No schedule for .+, week of ${longDate(dayOfWeek(3, 0))}\\.$`)).waitFor({ timeout: 30000 });
    const board = page.getByRole('link', { name: 'Make one on the schedule board' });
    assert.equal(await board.getAttribute('href'), `/schedule?school=${schoolId}&date=${dayOfWeek(3, 0)}`);
    assert.equal(await page.locator('section.para-week').count(), 0);
    await expectAccessible(page, 'a week without a schedule to print');
    await expectReflow(page, 'a week without a schedule to print');
    await browser.close();
  });

  test('a_para_opening_the_weeks_to_print_is_told_whose_page_it_is', async () => {
    assert.equal(await paraToldWhosePage(stack, `/schedule/print?date=${dayOfWeek(0, 0)}`, "Paras' weeks to print", 'section.para-week'), 0);
  });
});

// The para's place in one block of a day view, as its lines should read:
// the room and the students, or the duty, or Free.
function placeOf(view, paraId, block) {
  const slots = view.assignments.filter((slot) => slot.para_id === paraId && slot.start === block.start && slot.end === block.end);
  if (slots.length === 0) return ['Free'];
  const students = slots.flatMap((slot) => slot.students.map((student) => student.name));
  if (slots[0].kind !== 'support' && students.length === 0) return [DUTIES[slots[0].kind]];
  return [slots.find((slot) => slot.room)?.room.name, ...students].filter(Boolean);
}

// A para's week as the page shows it: the column headings, and for each
// block time the lines of each day's cell.
async function readWeek(page, name) {
  const section = page.locator('section.para-week', { has: page.getByRole('heading', { name, level: 2, exact: true }) });
  const table = section.getByRole('table');
  assert.match(await table.locator('caption').textContent(), new RegExp(`^${name}'s week of `));
  return table.evaluate((element) => ({
    columns: [...element.querySelectorAll('thead th')].map((cell) => cell.textContent.trim()),
    rows: Object.fromEntries(
      [...element.querySelectorAll('tbody tr')].map((row) => [
        row.querySelector('th').textContent.trim(),
        [...row.querySelectorAll('td')].map((cell) =>
          cell.innerText
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        ),
      ]),
    ),
  }));
}
