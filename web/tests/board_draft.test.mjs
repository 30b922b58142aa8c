// Browser test of discarding a draft on the schedule board: a run of the
// optimizer the coordinator does not want, and an update not taken, are
// thrown away and the board shows the published week again, where an
// absence can be re-planned; a re-plan not wanted is thrown away too. What the board shows is checked against the
// API. Real server, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, describedAs, expectAccessible, expectReflow, liveRegionsSaying, skipReason, startStack } from './harness.mjs';
import { boardAnswer, coordinatorSignedIn, dayOfWeek, markAbsentOnBoard, scheduleMade, showBoard } from './data.mjs';

const skip = await skipReason();
if (skip) console.log(`# SKIP browser tests: ${skip}`);

describe('the schedule board discards a draft', { skip: skip ?? false }, () => {
  let stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.stop();
  });

  test('a_run_and_an_update_not_wanted_are_discarded_and_the_published_week_is_back', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    // Next week's Wednesday: the demo published that week.
    const date = dayOfWeek(1, 2);
    const boardOf = () => boardAnswer(page, schoolId, date);
    const published = await boardOf();
    assert.equal(published.status, 'published');
    await showBoard(page, schoolId, date);

    // A run to look at: a draft, which cannot be re-planned for an absence.
    const [run] = await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Run the optimizer again' }).click()]);
    assert.equal(run.status(), 201);
    const draft = await run.json();
    await page.locator('.tag', { hasText: 'Draft' }).waitFor({ timeout: 30000 });
    await page.getByText('Publish this schedule or discard it first.', { exact: false }).waitFor();
    const discard = page.getByRole('button', { name: 'Discard this draft', exact: true });
    assert.match(await describedAs(discard), /^Throws this draft away; the paras keep working to the published week\.$/);
    await expectAccessible(page, 'the board showing a draft to discard');

    const [gone] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'DELETE' && new URL(response.url()).pathname === `/api/v1/schedules/${draft.id}`),
      discard.click(),
    ]);
    assert.equal(gone.status(), 204);
    await page.locator('.tag', { hasText: 'Published' }).waitFor({ timeout: 30000 });
    const said = 'Draft discarded. The board shows the published week again, if there is one.';
    await page.locator('#announcer').getByText(said).waitFor({ state: 'attached' });
    assert.equal(await liveRegionsSaying(page, said), 1, 'announced once');
    assert.equal((await boardOf()).id, published.id, 'the board is the published week again');
    assert.equal((await page.request.get(`/api/v1/schedules/${draft.id}`)).status(), 404);
    // The published week's day can be re-planned for an absence again.
    await page.getByRole('button', { name: 'Mark absent and re-plan' }).waitFor();

    // An update not taken goes the same way.
    await page.setViewportSize(PHONE);
    const [made] = await Promise.all([page.waitForResponse(scheduleMade), page.getByRole('button', { name: 'Update the published week' }).click()]);
    assert.equal(made.status(), 201);
    const update = await made.json();
    const section = page.locator('section.update');
    await section.getByRole('button', { name: 'Discard the update', exact: true }).waitFor({ timeout: 30000 });
    await expectAccessible(page, 'an update to discard on a phone');
    await expectReflow(page, 'an update to discard');
    const [dropped] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'DELETE' && new URL(response.url()).pathname === `/api/v1/schedules/${update.id}`),
      section.getByRole('button', { name: 'Discard the update', exact: true }).click(),
    ]);
    assert.equal(dropped.status(), 204);
    await page.locator('.tag', { hasText: 'Published' }).waitFor({ timeout: 30000 });
    assert.equal(await page.locator('section.update').count(), 0, 'the update is gone from the board');
    assert.equal((await boardOf()).id, published.id);
    await browser.close();
  });

  test('a_replan_not_wanted_is_discarded_and_the_day_stays_as_published', async () => {
    const { browser, page, schoolId } = await coordinatorSignedIn(stack, DESKTOP);
    // Next week's Thursday: published by the demo, and no other test's.
    const date = dayOfWeek(1, 3);
    const published = await boardAnswer(page, schoolId, date);
    assert.equal(published.status, 'published');
    await showBoard(page, schoolId, date);
    const replan = await markAbsentOnBoard(page);
    const section = page.locator('section.replan');
    const discard = section.getByRole('button', { name: 'Discard the re-plan', exact: true });
    await discard.waitFor({ timeout: 30000 });
    const [gone] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'DELETE' && new URL(response.url()).pathname === `/api/v1/schedules/${replan.id}`),
      discard.click(),
    ]);
    assert.equal(gone.status(), 204, 'the draft re-plan is thrown away, not only closed');
    await section.waitFor({ state: 'detached' });
    const said = 'Re-plan discarded. The day stays as published.';
    await page.locator('#announcer').getByText(said).waitFor({ state: 'attached' });
    assert.equal(await liveRegionsSaying(page, said), 1, 'announced once');
    assert.equal((await page.request.get(`/api/v1/schedules/${replan.id}`)).status(), 404);
    assert.equal((await boardAnswer(page, schoolId, date)).id, published.id, 'the day stays as published');
    await expectAccessible(page, 'the board after a re-plan is discarded');
    await browser.close();
  });
});
