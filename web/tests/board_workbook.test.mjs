// Browser test of the schedule board's spreadsheet of the week: the link
// names the week the board shows (a re-plan's week when a re-plan is
// shown), and following it downloads the workbook the API writes, under
// its file name. Real server, real Chromium.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, describedAs, expectAccessible, expectReflow, skipReason, startStack } from './harness.mjs';
import { boardAnswer, coordinatorSignedIn, dayOfWeek, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe('the schedule board offers the week as a spreadsheet', { skip: skip ?? false }, () => {
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
});
