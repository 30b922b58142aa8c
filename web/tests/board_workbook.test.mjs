// Browser test of the schedule board's spreadsheet of the week: the link
// names the week the board shows (a re-plan's week when a re-plan is
// shown), and following it downloads the workbook the API writes, under
// its file name. And the same week's IEP minutes of every service on a
// page, as the API answers them (`GET /api/v1/schedules/{id}/minutes`).
// Real server, real Chromium.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, describedAs, expectAccessible, expectReflow, skipReason, startStack } from './harness.mjs';
import { boardAnswer, coordinatorSignedIn, dayOfWeek, paraToldWhosePage, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe('the schedule board offers the week as a spreadsheet and its IEP minutes', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('the_coordinator_downloads_the_published_week_as_a_workbook', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const date = dayOfWeek(0, 2);
    const board = await boardAnswer(page, schoolId, date);
    assert.equal(board.status, 'published');
    const weekId = board.kind === 'replan' ? board.base_id : board.id;

    await showBoard(page, schoolId, date);
    const link = page.getByRole('link', { name: 'Download the week as a spreadsheet', exact: true });
    assert.equal(await link.getAttribute('href'), `/api/v1/schedules/${weekId}/workbook`);
    assert.match(await describedAs(link), /^\(XLSX: each para's blocks day by day, the needs not covered, the IEP minutes short and every service's minutes required, scheduled and delivered\)$/);
    await expectAccessible(page, 'the board with the week as a spreadsheet');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), `para-schedule-${schoolId}-${board.week}.xlsx`);
    const bytes = await readFile(await download.path());
    // A zip whose entries name the workbook's sheets: the week, five school
    // days, the needs not covered, the IEP minutes short and every service's
    // minutes.
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    const names = bytes.toString('latin1');
    assert.ok(names.includes('xl/worksheets/sheet9.xml') && !names.includes('xl/worksheets/sheet10.xml'), 'nine sheets');
    // The page stays where it was.
    assert.equal(new URL(page.url()).pathname, '/schedule');

    await page.setViewportSize(PHONE);
    await expectReflow(page, 'the board with the week as a spreadsheet');
    await browser.close();
  });
  test('the_coordinator_reads_every_services_minutes_this_week_as_the_api_gives_them', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    const date = dayOfWeek(0, 2);
    const board = await boardAnswer(page, schoolId, date);
    const weekId = board.kind === 'replan' ? board.base_id : board.id;
    const answer = await (await page.request.get(`/api/v1/schedules/${weekId}/minutes`)).json();
    assert.ok(answer.services.length > 3, 'the demo school has IEP services paras deliver');

    await showBoard(page, schoolId, date);
    const link = page.getByRole('link', { name: 'IEP minutes of every service', exact: true });
    assert.equal(await link.getAttribute('href'), `/schedule/minutes?schedule=${weekId}&school=${schoolId}&date=${date}`);
    assert.match(await describedAs(link), /^\(every service paras deliver: minutes required, make-up owed, scheduled and delivered so far this week\)$/);
    await link.click();
    await page.getByRole('heading', { name: 'IEP minutes this week', level: 1 }).waitFor();

    // A row per service, in the API's order, with its figures; a service
    // scheduled short of its minutes says so in words.
    const due = (service) => service.minutes_per_week + service.makeup_minutes;
    const rows = page.getByRole('region', { name: 'IEP minutes this week' }).locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), answer.services.length);
    for (const [index, service] of answer.services.entries()) {
      if (index >= 8) break;
      const cells = (await rows.nth(index).locator('th, td').allTextContents()).map((cell) => cell.trim());
      const scheduled = `${service.scheduled_minutes}${service.scheduled_minutes < due(service) ? ' (short)' : ''}`;
      assert.deepEqual(
        [cells[0], cells[2], cells[3], cells[4], cells[5], cells[6]],
        [service.student_name, String(service.minutes_per_week), String(service.makeup_minutes), scheduled, String(service.delivered_minutes), String(service.still_to_give)],
        `row ${index + 1}`,
      );
    }
    const short = answer.services.filter((service) => service.scheduled_minutes < due(service)).length;
    assert.match(await page.locator('.minutes-summary').textContent(), new RegExp(`^${answer.services.length} services: ${short === 0 ? 'the schedule gives every one its minutes' : `the schedule gives ${short} ${short === 1 ? 'service' : 'services'} fewer minutes than due`};`));
    await expectAccessible(page, 'the IEP minutes of every service');
    assert.equal(await page.getByRole('link', { name: 'Back to the schedule board' }).getAttribute('href'), `/schedule?school=${schoolId}&date=${date}`);
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'the IEP minutes of every service on a phone');
    await expectReflow(page, 'the IEP minutes of every service');
    await browser.close();

    // The para is told whose page it is, and sees none of it.
    assert.equal(await paraToldWhosePage(stack, `/schedule/minutes?schedule=${weekId}&school=${schoolId}&date=${date}`, 'IEP minutes this week', '.minutes-table'), 0);
  });
});
